/* The shim's view of the container, written atomically to `<dir>/state` for the CLI to read. */
#include "state.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* field 22 of /proc/<pid>/stat: tells a live process from a recycled pid after a reboot */
unsigned long long pid_start_time(pid_t pid) {
  char p[64], buf[1024];
  snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
  int fd = open(p, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *s = strrchr(buf, ')');
  if (!s) return 0;
  int field = 2;
  for (char *t = strtok(s + 1, " "); t; t = strtok(NULL, " ")) {
    if (++field == 22) return strtoull(t, NULL, 10);
  }
  return 0;
}

void state_write(const char *dir, const struct shim_state *s) {
  char buf[2048], err[1100];
  snprintf(err, sizeof err, "%s", s->error);
  for (char *p = err; *p; p++)
    if (*p == '\n') *p = ' ';
  snprintf(buf, sizeof buf,
           "status %s\npid %d\npid_start %llu\nshim_pid %d\nexit_code %d\nstarted_at %lld\nfinished_at %lld\n"
           "restart_count %d\nhealth %s\nfailing_streak %d\nerror %s\n",
           s->status, (int)s->pid, s->pid_start, (int)getpid(), s->exit_code, s->started_at, s->finished_at,
           s->restart_count, s->health, s->failing_streak, err);
  if (write_atomic(dir, "state", buf) < 0) logmsg("berth-shim: write state in %s failed", dir);
}

void state_read(const char *dir, struct shim_state *s) {
  char *p = path_join(dir, "state");
  FILE *f = fopen(p, "r");
  free(p);
  if (!f) return;
  char line[1200];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    char *v = strchr(line, ' ');
    if (!v) continue;
    *v++ = 0;
    if (!strcmp(line, "pid")) s->pid = atoi(v);
    else if (!strcmp(line, "pid_start")) s->pid_start = strtoull(v, NULL, 10);
    else if (!strcmp(line, "exit_code")) s->exit_code = atoi(v);
    else if (!strcmp(line, "started_at")) s->started_at = atoll(v);
    else if (!strcmp(line, "restart_count")) s->restart_count = atoi(v);
    else if (!strcmp(line, "health")) snprintf(s->health_buf, sizeof s->health_buf, "%s", v), s->health = s->health_buf;
    else if (!strcmp(line, "failing_streak")) s->failing_streak = atoi(v);
  }
  fclose(f);
}
