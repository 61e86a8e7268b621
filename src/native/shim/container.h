#ifndef BERTH_CONTAINER_H
#define BERTH_CONTAINER_H
#include "shim.h"
struct incarnation {
  pid_t pid;
  int barrier_w, err_r;
};
int start_container(struct shim_config *c, int net_fd, struct incarnation *inc, char *err, size_t errlen);
int release_container(struct incarnation *inc, char *err, size_t errlen);
#endif
