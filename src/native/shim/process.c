/*
 * Turning a forked process into the container's process: rlimits, capability bounding set,
 * user and groups, effective capabilities, no_new_privs, working directory, exec. The same path
 * serves the container's main process, `exec` and healthchecks, so they all get the same limits.
 */
#include "shim.h"
#include "seccomp.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAIL(...)                       \
  do {                                  \
    snprintf(err, errlen, __VA_ARGS__); \
    return -1;                          \
  } while (0)

static int last_cap(void) {
  int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 40;
  char buf[16] = {0};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  return n > 0 ? atoi(buf) : 40;
}

static int apply_rlimits(struct shim_config *c, char *err, size_t errlen) {
  for (int i = 0; i < c->rlimits.n; i++) {
    char buf[256], *f[3] = {0};
    snprintf(buf, sizeof buf, "%s", c->rlimits.v[i]);
    if (split_tabs(buf, f, 3) < 3) continue;
    struct rlimit rl = {.rlim_cur = strtoull(f[1], NULL, 10), .rlim_max = strtoull(f[2], NULL, 10)};
    if (setrlimit(atoi(f[0]), &rl) < 0) FAIL("setrlimit %s: %s", f[0], strerror(errno));
  }
  return 0;
}

int apply_identity_and_caps(struct shim_config *c, uid_t uid, gid_t gid, char *err, size_t errlen) {
  unsigned long long keep = 0;
  int last = last_cap();
  if (c->privileged) {
    /* every capability Berth itself may still grant: a host (or outer container) that
       dropped some from its bounding set would make capset fail on them */
    for (int cap = 0; cap <= last && cap < 64; cap++)
      if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) keep |= 1ULL << cap;
  } else {
    for (int i = 0; i < c->caps.n; i++) keep |= 1ULL << atoi(c->caps.v[i]);
  }
  if (apply_rlimits(c, err, errlen) < 0) return -1;
  for (int cap = 0; cap <= last; cap++)
    if (!(keep & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      FAIL("drop capability %d from the bounding set: %s", cap, strerror(errno));
  gid_t groups[64];
  int ng = 0;
  for (int i = 0; i < c->groups.n && ng < 64; i++) groups[ng++] = (gid_t)strtoul(c->groups.v[i], NULL, 10);
  if (setgroups(ng, groups) < 0) FAIL("setgroups: %s", strerror(errno));
  if (setresgid(gid, gid, gid) < 0) FAIL("setgid %u: %s", gid, strerror(errno));
  if (setresuid(uid, uid, uid) < 0) FAIL("setuid %u: %s", uid, strerror(errno));
  /* as with Docker, a non-root user keeps only the bounding set, not effective capabilities */
  unsigned long long eff = uid == 0 ? keep : 0;
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2] = {
      {.effective = (__u32)eff, .permitted = (__u32)eff, .inheritable = 0},
      {.effective = (__u32)(eff >> 32), .permitted = (__u32)(eff >> 32), .inheritable = 0},
  };
  if (syscall(SYS_capset, &hdr, data) < 0) FAIL("capset: %s", strerror(errno));
  if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) FAIL("no_new_privs: %s", strerror(errno));
  return 0;
}

static void report(int errfd, const char *msg) {
  if (errfd >= 0) (void)!write(errfd, msg, strlen(msg));
  else logmsg("%s", msg);
}

void exec_process(struct shim_config *c, char *const argv[], char *const envp[], const char *cwd, int errfd) {
  char err[1024];
  uid_t uid = c->uid;
  gid_t gid = c->gid;
  /* the working directory is created as Docker does, before giving up root */
  if (cwd && *cwd && mkdir_p(cwd, 0755) < 0 && errno != EEXIST) {
    snprintf(err, sizeof err, "create working directory %s: %s", cwd, strerror(errno));
    report(errfd, err);
    _exit(126);
  }
  if (apply_identity_and_caps(c, uid, gid, err, sizeof err) < 0) {
    report(errfd, err);
    _exit(126);
  }
  if (cwd && *cwd && chdir(cwd) < 0) {
    snprintf(err, sizeof err, "chdir %s: %s", cwd, strerror(errno));
    report(errfd, err);
    _exit(126);
  }
  /* last before exec: the filter also binds everything the shim would still do */
  if (install_seccomp(c, err, sizeof err) < 0) {
    report(errfd, err);
    _exit(126);
  }
  extern char **environ;
  environ = (char **)envp;
  execvp(argv[0], argv);
  int e = errno;
  snprintf(err, sizeof err, "exec %s: %s", argv[0], strerror(e));
  report(errfd, err);
  _exit(e == ENOENT ? 127 : 126);
}

int join_namespaces(pid_t pid, char *err, size_t errlen) {
  /* mnt last: once in it, /proc/<pid> paths would resolve in the container's /proc */
  static const char *names[] = {"ipc", "uts", "net", "pid", "cgroup", "mnt"};
  int fds[6];
  for (int i = 0; i < 6; i++) {
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, names[i]);
    fds[i] = open(p, O_RDONLY | O_CLOEXEC);
    if (fds[i] < 0) FAIL("open %s: %s", p, strerror(errno));
  }
  for (int i = 0; i < 6; i++) {
    if (setns(fds[i], 0) < 0) FAIL("enter %s namespace of %d: %s", names[i], (int)pid, strerror(errno));
    close(fds[i]);
  }
  return 0;
}

int join_cgroups(struct shim_config *c, pid_t pid) {
  char buf[32];
  snprintf(buf, sizeof buf, "%d", (int)pid);
  for (int i = 0; i < c->cgroup_procs.n; i++)
    if (write_file(c->cgroup_procs.v[i], buf) < 0) return -1;
  return 0;
}
