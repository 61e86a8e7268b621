#ifndef BERTH_STATE_H
#define BERTH_STATE_H
#include "shim.h"
struct shim_state {
  const char *status; /* created | running | restarting | exited */
  pid_t pid;
  unsigned long long pid_start;
  int exit_code;
  long long started_at, finished_at;
  int restart_count;
  const char *health; /* none | starting | healthy | unhealthy */
  char health_buf[16];
  int failing_streak;
  char error[1024];
};
void state_write(const char *dir, const struct shim_state *s);
void state_read(const char *dir, struct shim_state *s);
unsigned long long pid_start_time(pid_t pid);
#endif
