#ifndef BERTH_HEALTH_H
#define BERTH_HEALTH_H
#include "shim.h"
#include "state.h"
struct health {
  int enabled, passed_once;
  pid_t pid;
  long long next_at, deadline, container_started;
};
long long mono_ms(void);
void health_reset(struct health *h, struct shim_config *c, struct shim_state *st);
void health_run(struct health *h, struct shim_config *c, pid_t container);
int health_result(struct health *h, struct shim_config *c, struct shim_state *st, int ok);
long long health_timeout_in(struct health *h, long long now);
#endif
