/*
 * `berth-shim exec <dir> <pid> [-u uid] [-g gid] [-G gid]... [-w dir] [-e K=V]... -- cmd...`
 * enters every namespace and the cgroup of the container whose init is <pid>, then runs cmd
 * with the container's capabilities, rlimits and no_new_privs. The CLI resolves user and
 * environment; the exit code is passed through. `-t <rows>x<cols>` gives the command a terminal
 * of the container's devpts: fd 0 then carries frames (stdio-relay.h), fd 1 the terminal's output.
 */
#include "shim.h"
#include "stdio-relay.h"
#include <sys/ioctl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;
static struct relay relay;

static int exec_tty(struct shim_config *c, char *const argv[], char *const envp[], const char *cwd, unsigned rows, unsigned cols) {
  char slave[64], err[1024];
  relay_init(&relay);
  relay.master = pty_open(slave, sizeof slave, err, sizeof err);
  if (relay.master < 0) die("%s", err);
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  if (rows && cols) ioctl(relay.master, TIOCSWINSZ, &ws);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  sigprocmask(SIG_BLOCK, &all, NULL);
  child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (pty_become_session(slave, c->uid) < 0) die("open the terminal %s", slave);
    exec_process(c, argv, envp, cwd, -1);
  }
  relay.accept_input = 1;
  relay.out_fd = 1;
  relay_add_client(&relay, 0, -1);
  return relay_run(&relay, child);
}

static void forward(int sig) {
  if (child > 0) kill(child, sig);
}

int exec_main(int argc, char **argv) {
  if (argc < 5) die("usage: berth-shim exec <dir> <pid> [options] -- cmd...");
  struct shim_config c;
  if (config_load(&c, argv[2]) < 0) die("read config in %s", argv[2]);
  pid_t target = (pid_t)atoi(argv[3]);
  struct strlist env = {0}, groups = {0};
  const char *cwd = c.cwd;
  int i = 4, tty = 0;
  unsigned rows = 0, cols = 0;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
    if (!strcmp(o, "-u")) c.uid = (uid_t)strtoul(v, NULL, 10), i++;
    else if (!strcmp(o, "-g")) c.gid = (gid_t)strtoul(v, NULL, 10), i++;
    else if (!strcmp(o, "-G")) strlist_push(&groups, v), i++;
    else if (!strcmp(o, "-w")) cwd = v, i++;
    else if (!strcmp(o, "-e")) strlist_push(&env, v), i++;
    else if (!strcmp(o, "-t")) tty = sscanf(v, "%ux%u", &rows, &cols) >= 0, i++;
    else die("exec: unknown option %s", o);
  }
  if (i + 1 >= argc) die("exec: no command");
  if (groups.n) c.groups = groups;
  else c.groups.n = 0;
  if (!env.v) strlist_push(&env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  char err[1024];
  if (join_cgroups(&c, getpid()) < 0) die("join the container's cgroup");
  if (join_namespaces(target, err, sizeof err) < 0) die("%s", err);
  if (tty) return exec_tty(&c, argv + i + 1, env.v, cwd, rows, cols);
  child = fork();
  if (child < 0) die("fork");
  if (child == 0) exec_process(&c, argv + i + 1, env.v, cwd, -1);
  signal(SIGINT, forward);
  signal(SIGTERM, forward);
  signal(SIGHUP, forward);
  int status;
  while (waitpid(child, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
