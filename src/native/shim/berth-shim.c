/*
 * berth-shim <dir>          supervise a new container described by <dir>/config
 * berth-shim --adopt <dir>  take over a running container whose shim died
 * berth-shim exec ...       see exec.c
 *
 * Protocol with the CLI (which spawns it detached, in its own session): the shim prints
 * `created <pid>` once the container's init waits at the start barrier (networking attaches to
 * /proc/<pid>/ns/net then), reads `start` on stdin, and prints `running` or `failed <msg>`. After
 * that it talks only through files: state, log, exitcode, shim.pid. It stays resident, draining
 * output into the log, reaping, restarting and running healthchecks, and exits with the container.
 */
#include "container.h"
#include "health.h"
#include "shim.h"
#include "state.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static struct shim_config cfg;
static struct shim_state st;
static struct health hc;
static struct incarnation inc = {0, -1, -1};
static struct log_stream streams[2] = {{-1, "stdout"}, {-1, "stderr"}};
static int logfd = -1, net_fd = -1, pidfd = -1;
static long long restart_at = -1, run_started_ms;

static void reply(const char *fmt, const char *arg) {
  char buf[1200];
  int n = snprintf(buf, sizeof buf, fmt, arg);
  (void)!write(1, buf, (size_t)n);
}

static int open_fifo(const char *name) {
  char *p = path_join(cfg.dir, name);
  if (mkfifo(p, 0600) < 0 && errno != EEXIST) die("mkfifo %s: %s", p, strerror(errno));
  /* O_RDWR: never sees EOF between incarnations, and never blocks on open */
  int fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) die("open %s: %s", p, strerror(errno));
  fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  free(p);
  return fd;
}

static int read_exitcode_file(void) {
  char *p = path_join(cfg.dir, "exitcode");
  FILE *f = fopen(p, "r");
  free(p);
  int code = 137; /* no code written: init itself was SIGKILLed */
  if (f) {
    if (fscanf(f, "%d", &code) != 1) code = 137;
    fclose(f);
  }
  return code;
}

static int run_incarnation(char *err, size_t errlen) {
  if (start_container(&cfg, net_fd, &inc, err, errlen) < 0) return -1;
  if (join_cgroups(&cfg, inc.pid) < 0) {
    snprintf(err, errlen, "join cgroup: %s", strerror(errno));
    kill(inc.pid, SIGKILL);
    return -1;
  }
  st.pid = inc.pid;
  st.pid_start = pid_start_time(inc.pid);
  if (net_fd < 0 && strcmp(cfg.netns, "new") == 0) {
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/ns/net", (int)inc.pid);
    /* kept open so the namespace, and what networking attached to it, outlives restarts */
    net_fd = open(p, O_RDONLY | O_CLOEXEC);
  }
  return 0;
}

static void mark_running(void) {
  st.status = "running";
  st.started_at = now_ns();
  st.error[0] = 0;
  run_started_ms = mono_ms();
  health_reset(&hc, &cfg, &st);
  state_write(cfg.dir, &st);
}

static int stop_requested(void);

static int should_restart(int code) {
  if (stop_requested()) return 0;
  if (!strcmp(cfg.restart, "always") || !strcmp(cfg.restart, "unless-stopped")) return 1;
  if (!strcmp(cfg.restart, "on-failure"))
    return code != 0 && (cfg.restart_max <= 0 || st.restart_count < cfg.restart_max);
  return 0;
}

static void on_exit_code(int code) {
  for (int i = 0; i < 2; i++) log_drain(logfd, &streams[i], 1);
  st.exit_code = code;
  st.finished_at = now_ns();
  st.pid = 0;
  inc.pid = 0;
  if (hc.pid > 0) kill(hc.pid, SIGKILL);
  hc.enabled = 0;
  if (should_restart(code)) {
    /* Docker's back-off: 100ms doubling per restart, capped at a minute, reset after 10s of running */
    long long ran = mono_ms() - run_started_ms;
    int n = ran >= 10000 ? 0 : st.restart_count;
    long long delay = 100;
    for (int i = 0; i < n && delay < 60000; i++) delay *= 2;
    if (delay > 60000) delay = 60000;
    st.status = "restarting";
    restart_at = mono_ms() + delay;
    state_write(cfg.dir, &st);
    return;
  }
  st.status = "exited";
  state_write(cfg.dir, &st);
  char *p = path_join(cfg.dir, "shim.pid");
  unlink(p);
  _exit(0);
}

static int stop_requested(void) {
  char *p = path_join(cfg.dir, "stop-requested");
  int r = access(p, F_OK) == 0;
  free(p);
  return r;
}

static void do_restart(void) {
  char err[1024];
  restart_at = -1;
  if (stop_requested()) {
    on_exit_code(st.exit_code);
    return;
  }
  st.restart_count++;
  if (run_incarnation(err, sizeof err) < 0 || release_container(&inc, err, sizeof err) < 0) {
    snprintf(st.error, sizeof st.error, "%s", err);
    if (inc.pid > 0) return; /* exec failed: the init exits with 127 and SIGCHLD follows */
    on_exit_code(125);
    return;
  }
  mark_running();
}

static void on_sigchld(void) {
  int status;
  pid_t p;
  while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (p == hc.pid) {
      if (health_result(&hc, &cfg, &st, code == 0)) state_write(cfg.dir, &st);
    } else if (p == inc.pid) {
      on_exit_code(code);
    }
  }
}

static void first_start(void) {
  char err[1024];
  st.status = "created";
  if (ns_load(cfg.dir, 0, err, sizeof err) < 0 || run_incarnation(err, sizeof err) < 0) {
    snprintf(st.error, sizeof st.error, "%s", err);
    st.status = "exited";
    st.exit_code = 125;
    state_write(cfg.dir, &st);
    reply("failed %s\n", err);
    _exit(0);
  }
  state_write(cfg.dir, &st);
  char pid[24];
  snprintf(pid, sizeof pid, "%d", (int)inc.pid);
  reply("created %s\n", pid);
  char line[64] = {0};
  ssize_t n = read(0, line, sizeof line - 1);
  if (n <= 0 || strncmp(line, "start", 5) != 0) {
    /* the CLI went away before start: nothing may keep running */
    kill(inc.pid, SIGKILL);
    waitpid(inc.pid, NULL, 0);
    inc.pid = 0;
    on_exit_code(128 + SIGKILL);
  }
  if (release_container(&inc, err, sizeof err) < 0) {
    snprintf(st.error, sizeof st.error, "%s", err);
    reply("failed %s\n", err);
  } else {
    mark_running();
    reply("running%s\n", "");
  }
  int devnull = open("/dev/null", O_RDWR);
  dup2(devnull, 0);
  dup2(devnull, 1);
  close(devnull);
}

static void adopt(void) {
  state_read(cfg.dir, &st);
  st.status = "running";
  if (st.health == NULL) st.health = "none";
  if (st.pid > 0 && pid_start_time(st.pid) == st.pid_start && st.pid_start != 0) {
    pidfd = (int)syscall(SYS_pidfd_open, st.pid, 0);
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/ns/net", (int)st.pid);
    if (strcmp(cfg.netns, "new") == 0) net_fd = open(p, O_RDONLY | O_CLOEXEC);
    char nserr[256];
    /* the container's init is in the shared namespaces: restarts rejoin them through it */
    if (ns_load(cfg.dir, st.pid, nserr, sizeof nserr) < 0) logmsg("%s", nserr);
    inc.pid = st.pid;
    run_started_ms = mono_ms();
    const char *h = st.health;
    health_reset(&hc, &cfg, &st);
    if (hc.enabled && strcmp(h, "none") != 0) st.health = h[0] == 'h' ? "healthy" : h[0] == 'u' ? "unhealthy" : "starting";
    state_write(cfg.dir, &st);
    return;
  }
  on_exit_code(read_exitcode_file());
}

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "exec")) return exec_main(argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "devices")) return devices_main(argc, argv);
  int adopting = argc >= 3 && !strcmp(argv[1], "--adopt");
  const char *dir = adopting ? argv[2] : argv[1];
  if (!dir) die("usage: berth-shim [--adopt] <container-dir> | exec ...");
  int r = config_load(&cfg, dir);
  if (r < 0) {
    reply("failed cannot read config in %s\n", dir);
    return 125;
  }
  char *diag = path_join(dir, "shim.log");
  int dfd = open(diag, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (dfd >= 0) dup2(dfd, 2);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  signal(SIGPIPE, SIG_IGN);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  streams[0].fd = open_fifo("stdout");
  streams[1].fd = open_fifo("stderr");
  logfd = log_open(dir);
  char pidline[64];
  snprintf(pidline, sizeof pidline, "%d %llu\n", (int)getpid(), pid_start_time(getpid()));
  write_atomic(dir, "shim.pid", pidline);
  st.health = "none";
  if (adopting) adopt();
  else first_start();
  for (;;) {
    long long now = mono_ms();
    long long t = health_timeout_in(&hc, now);
    if (restart_at >= 0) {
      long long rt = restart_at > now ? restart_at - now : 0;
      if (t < 0 || rt < t) t = rt;
    }
    struct pollfd p[4] = {{streams[0].fd, POLLIN, 0}, {streams[1].fd, POLLIN, 0}, {sfd, POLLIN, 0}, {pidfd, POLLIN, 0}};
    int n = poll(p, pidfd >= 0 ? 4 : 3, t < 0 ? -1 : (int)(t > 3600000 ? 3600000 : t));
    if (n < 0 && errno != EINTR) die("poll: %s", strerror(errno));
    for (int i = 0; i < 2; i++)
      if (p[i].revents & POLLIN) log_drain(logfd, &streams[i], 0);
    if (p[2].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGCHLD) on_sigchld();
        /* SIGTERM asks the shim to look at stop-requested now, e.g. while waiting to restart */
        else if (si.ssi_signo == SIGTERM && restart_at >= 0 && stop_requested()) on_exit_code(st.exit_code);
      }
    }
    if (pidfd >= 0 && (p[3].revents & POLLIN)) {
      close(pidfd);
      pidfd = -1;
      inc.pid = 0;
      on_exit_code(read_exitcode_file());
    }
    now = mono_ms();
    if (restart_at >= 0 && now >= restart_at) do_restart();
    if (hc.enabled && inc.pid > 0) {
      if (hc.pid > 0 && now >= hc.deadline) kill(hc.pid, SIGKILL);
      else if (hc.pid == 0 && now >= hc.next_at) health_run(&hc, &cfg, inc.pid);
    }
  }
}
