/* berth-shim: one resident process per container. Shared declarations. */
#ifndef BERTH_SHIM_H
#define BERTH_SHIM_H
#define _GNU_SOURCE
#include <sys/types.h>

struct strlist {
  char **v;
  int n, cap;
};

struct shim_config {
  char *dir;        /* the container's state dir */
  char *rootfs;     /* mount point of the overlay (inside the container's mount ns only) */
  char *lowerdir;   /* overlay lowerdir option, topmost first */
  char *upperdir, *workdir;
  int rootfs_readonly, privileged, no_new_privs, init_reaper;
  char *hostname, *domainname, *cwd, *netns;
  uid_t uid;
  gid_t gid;
  struct strlist args, env, groups, caps, mounts, masks, ro_paths, symlinks, devices, sysctls, rlimits, cgroup_procs,
      health_cmd;
  struct strlist seccomp; /* seccomp.c: syscall rules, empty for none */
  int tty, stdin_mode; /* stdio-relay.c: a terminal; stdin 0 none, 1 open, 2 closed when its client ends */
  char *restart;
  int restart_max;
  long health_interval_ms, health_timeout_ms, health_retries, health_start_period_ms, health_start_interval_ms;
};

/* config.c */
int config_load(struct shim_config *c, const char *dir);
void strlist_push(struct strlist *l, const char *s);
int split_tabs(char *line, char **fields, int max);

/* util */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int write_file(const char *path, const char *data);
int write_atomic(const char *dir, const char *name, const char *data);
int mkdir_p(const char *path, mode_t mode);
char *path_join(const char *a, const char *b);
long long now_ns(void);
void format_time(long long ns, char *out, size_t len);

/* rootfs.c: runs in the container's new mount namespace */
int setup_rootfs(struct shim_config *c, char *err, size_t errlen);

/* process.c */
int apply_identity_and_caps(struct shim_config *c, uid_t uid, gid_t gid, char *err, size_t errlen);
void exec_process(struct shim_config *c, char *const argv[], char *const envp[], const char *cwd, int errfd)
    __attribute__((noreturn));
int join_namespaces(pid_t pid, char *err, size_t errlen);
int join_cgroups(struct shim_config *c, pid_t pid);
int exec_main(int argc, char **argv);

/* devices-bpf.c: `berth-shim devices <cgroup-dir> [RULE]...`, the v2 devices policy */
int devices_main(int argc, char **argv);

/* namespaces.c: namespaces joined instead of created, from <dir>/namespaces */
int ns_load(const char *dir, pid_t adopt_from, char *err, size_t errlen);
int ns_not_created(void);
int ns_owns_pid(void);
int ns_enter_pid(int *saved, char *err, size_t errlen);
void ns_leave_pid(int saved);
int ns_enter_in_child(char *err, size_t errlen);
const char *ns_clone_hint(int err);

/* logs.c */
struct log_stream {
  int fd;
  const char *name;
};
int log_open(const char *dir);
void log_drain(int logfd, struct log_stream *s, int until_eof);
#endif
