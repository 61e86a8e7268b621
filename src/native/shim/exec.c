/*
 * `berth-shim exec <dir> <pid> [-u uid] [-g gid] [-G gid]... [-w dir] [-e K=V]... -- cmd...`
 * enters every namespace and the cgroup of the container whose init is <pid>, then runs cmd
 * with the container's capabilities, rlimits and no_new_privs. The CLI resolves user and
 * environment; the exit code is passed through.
 */
#include "shim.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

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
  int i = 4;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
    if (!strcmp(o, "-u")) c.uid = (uid_t)strtoul(v, NULL, 10), i++;
    else if (!strcmp(o, "-g")) c.gid = (gid_t)strtoul(v, NULL, 10), i++;
    else if (!strcmp(o, "-G")) strlist_push(&groups, v), i++;
    else if (!strcmp(o, "-w")) cwd = v, i++;
    else if (!strcmp(o, "-e")) strlist_push(&env, v), i++;
    else die("exec: unknown option %s", o);
  }
  if (i + 1 >= argc) die("exec: no command");
  if (groups.n) c.groups = groups;
  else c.groups.n = 0;
  if (!env.v) strlist_push(&env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  char err[1024];
  if (join_cgroups(&c, getpid()) < 0) die("join the container's cgroup");
  if (join_namespaces(target, err, sizeof err) < 0) die("%s", err);
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
