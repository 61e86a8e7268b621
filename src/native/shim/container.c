/*
 * Creating one incarnation of the container: clone into new namespaces, build the root
 * filesystem, wait at the start barrier (where networking attaches to /proc/<pid>/ns/net),
 * then fork the user's process and stay as PID 1, a reaper that forwards signals and writes
 * the exit code into the state dir itself, so the code survives a SIGKILLed shim.
 */
#include "shim.h"
#include "container.h"
#include "stdio-relay.h"
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct init_args {
  struct shim_config *c;
  int sync_w, barrier_r, err_w, err_r, net_fd;
};

static void loopback_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ioctl(s, SIOCSIFFLAGS, &ifr);
  }
  close(s);
}

static void fail_setup(int sync_w, const char *msg) {
  char buf[1100];
  int n = snprintf(buf, sizeof buf, "E%s", msg);
  (void)!write(sync_w, buf, (size_t)n);
  _exit(125);
}

static int open_in_dir(const char *dir, const char *name, int flags) {
  char *p = path_join(dir, name);
  int fd = open(p, flags, 0644);
  free(p);
  return fd;
}

static int reap_forever(pid_t main_pid, int exit_fd) {
  sigset_t all;
  sigfillset(&all);
  for (;;) {
    siginfo_t si;
    int sig = sigwaitinfo(&all, &si);
    if (sig < 0) continue;
    if (sig != SIGCHLD) {
      kill(main_pid, sig);
      continue;
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
      if (p != main_pid) continue;
      int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      char buf[16];
      int n = snprintf(buf, sizeof buf, "%d\n", code);
      (void)!write(exit_fd, buf, (size_t)n);
      return code;
    }
  }
}

/* static: far too big for the clone stack, and the cloned init has its own copy of memory */
static struct relay relay;

static int container_init(void *arg) {
  struct init_args *a = arg;
  struct shim_config *c = a->c;
  sigset_t all;
  sigfillset(&all);
  /* PID 1 takes every signal through sigwaitinfo and forwards it */
  sigprocmask(SIG_BLOCK, &all, NULL);
  close(a->err_r);
  /* the shim's own stdio may be the CLI's pipes: the container must not keep them open */
  int hostnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (hostnull >= 0) {
    dup2(hostnull, 0);
    dup2(hostnull, 1);
    close(hostnull);
  }
  if (a->net_fd >= 0 && setns(a->net_fd, CLONE_NEWNET) < 0) fail_setup(a->sync_w, "join network namespace");
  char nserr[256];
  if (ns_enter_in_child(nserr, sizeof nserr) < 0) fail_setup(a->sync_w, nserr);
  /* not PID 1 of its own namespace: still the reaper of everything the process leaves behind */
  if (!ns_owns_pid()) prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0) fail_setup(a->sync_w, "set hostname");
  if (c->domainname && setdomainname(c->domainname, strlen(c->domainname)) < 0) fail_setup(a->sync_w, "set domainname");
  if (a->net_fd < 0 && strcmp(c->netns, "new") == 0) loopback_up();
  /* O_RDWR: the container side is also a reader, so writers never get EPIPE while no shim reads */
  int out = open_in_dir(c->dir, "stdout", O_RDWR);
  int errfd = open_in_dir(c->dir, "stderr", O_RDWR);
  int exit_fd = open_in_dir(c->dir, "exitcode", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
  if (out < 0 || errfd < 0 || exit_fd < 0) fail_setup(a->sync_w, "open the container's output FIFOs");
  char err[1024];
  relay_init(&relay);
  /* bound before pivot_root, in the state dir the CLI sees; only a tty or stdin needs it */
  if ((c->tty || c->stdin_mode) && (relay.listen_fd = attach_listen(c->dir, err, sizeof err)) < 0) fail_setup(a->sync_w, err);
  if (setup_rootfs(c, err, sizeof err) < 0) fail_setup(a->sync_w, err);
  int devnull = open("/dev/null", O_RDWR);
  char slave[64] = "";
  int in_pipe[2] = {-1, -1};
  /* allocated in the container's own devpts, so the process sees /dev/pts/N of its /dev */
  if (c->tty && (relay.master = pty_open(slave, sizeof slave, err, sizeof err)) < 0) fail_setup(a->sync_w, err);
  if (!c->tty && c->stdin_mode && pipe2(in_pipe, O_CLOEXEC) < 0) fail_setup(a->sync_w, "create the stdin pipe");
  (void)!write(a->sync_w, "K", 1);
  char go;
  if (read(a->barrier_r, &go, 1) != 1) _exit(0);
  close(a->barrier_r);
  close(a->sync_w);
  relay.accept_input = c->stdin_mode != 0;
  relay.once = c->stdin_mode == 2;
  relay.in_w = in_pipe[1];
  relay.out_fd = c->tty ? out : -1;
  /* a client that attached before start (run) has sent its window size: apply it before exec */
  relay_accept_pending(&relay);
  pid_t pid = fork();
  if (pid < 0) _exit(125);
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    /* in a shared pid namespace a SIGKILLed init no longer takes its process with it */
    if (!ns_owns_pid()) prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (c->tty) {
      if (pty_become_session(slave, c->uid) < 0) {
        (void)!write(a->err_w, "open the container's terminal", 29);
        _exit(126);
      }
    } else {
      setsid();
      dup2(in_pipe[0] >= 0 ? in_pipe[0] : devnull >= 0 ? devnull : out, 0);
      dup2(out, 1);
      dup2(errfd, 2);
    }
    for (int fd = 3; fd < 1024; fd++)
      if (fd != a->err_w) close(fd);
    sigprocmask(SIG_SETMASK, &none, NULL);
    exec_process(c, c->args.v, c->env.v, c->cwd, a->err_w);
  }
  close(a->err_w);
  if (!c->tty) close(out);
  if (in_pipe[0] >= 0) close(in_pipe[0]);
  close(errfd);
  if (devnull >= 0) close(devnull);
  if (c->tty || c->stdin_mode) {
    int code = relay_run(&relay, pid);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%d\n", code);
    (void)!write(exit_fd, buf, (size_t)n);
    _exit(code);
  }
  _exit(reap_forever(pid, exit_fd));
}

int start_container(struct shim_config *c, int net_fd, struct incarnation *inc, char *err, size_t errlen) {
  int sync[2], barrier[2], errp[2];
  if (pipe2(sync, O_CLOEXEC) < 0 || pipe2(barrier, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    return -1;
  }
  struct init_args a = {c, sync[1], barrier[0], errp[1], errp[0], net_fd};
  int flags = (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | SIGCHLD) & ~ns_not_created();
  if (net_fd < 0 && strcmp(c->netns, "new") == 0) flags |= CLONE_NEWNET;
  size_t stack_size = 256 * 1024;
  char *stack = malloc(stack_size);
  if (!stack) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  int own_pidns = -1;
  if (ns_enter_pid(&own_pidns, err, errlen) < 0) {
    free(stack);
    return -1;
  }
  pid_t pid = clone(container_init, stack + stack_size, flags, &a);
  int saved = errno;
  ns_leave_pid(own_pidns);
  close(sync[1]);
  close(barrier[0]);
  close(errp[1]);
  if (pid < 0) {
    free(stack);
    snprintf(err, errlen, "clone: %s%s", strerror(saved), ns_clone_hint(saved));
    return -1;
  }
  /* the child runs on its own copy of the memory; ours can go */
  free(stack);
  char buf[1100];
  ssize_t n = read(sync[0], buf, sizeof buf - 1);
  close(sync[0]);
  if (n <= 0 || buf[0] != 'K') {
    buf[n > 0 ? n : 0] = 0;
    snprintf(err, errlen, "%s", n > 1 ? buf + 1 : "container setup failed");
    close(barrier[1]);
    close(errp[0]);
    waitpid(pid, NULL, 0);
    return -1;
  }
  inc->pid = pid;
  inc->barrier_w = barrier[1];
  inc->err_r = errp[0];
  return 0;
}

/* lets the container's process run; returns 0 once exec succeeded, else fills err */
int release_container(struct incarnation *inc, char *err, size_t errlen) {
  int ok = write(inc->barrier_w, "G", 1) == 1;
  close(inc->barrier_w);
  inc->barrier_w = -1;
  if (!ok) {
    snprintf(err, errlen, "container init is gone");
    close(inc->err_r);
    return -1;
  }
  ssize_t n = read(inc->err_r, err, errlen - 1);
  close(inc->err_r);
  inc->err_r = -1;
  if (n > 0) {
    err[n] = 0;
    return -1;
  }
  return 0;
}
