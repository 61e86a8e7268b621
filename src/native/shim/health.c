/*
 * Healthchecks, run by the shim: fork, join the container's cgroup and namespaces, run the
 * test with the container's identity, and count the result against retries and start_period
 * the way Docker does (failures inside start_period do not count; a success ends it).
 */
#include "health.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/time.h>

long long mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long next_delay(struct health *h, struct shim_config *c) {
  int in_start = mono_ms() - h->container_started < c->health_start_period_ms;
  return in_start && !h->passed_once && c->health_start_interval_ms > 0 ? c->health_start_interval_ms
                                                                        : c->health_interval_ms;
}

void health_reset(struct health *h, struct shim_config *c, struct shim_state *st) {
  h->pid = 0;
  h->passed_once = 0;
  h->container_started = mono_ms();
  h->enabled = c->health_cmd.n > 0;
  st->health = h->enabled ? "starting" : "none";
  st->failing_streak = 0;
  h->next_at = h->enabled ? h->container_started + next_delay(h, c) : 0;
}

static pid_t test_pid;

/* the helper enforces the timeout itself, so a hung test dies with it rather than lingering */
static void on_alarm(int sig) {
  (void)sig;
  if (test_pid > 0) kill(test_pid, SIGKILL);
}

void health_run(struct health *h, struct shim_config *c, pid_t container) {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    char err[256];
    if (join_cgroups(c, getpid()) < 0 || join_namespaces(container, err, sizeof err) < 0) _exit(125);
    pid_t test = fork();
    if (test == 0) exec_process(c, c->health_cmd.v, c->env.v, c->cwd, -1);
    test_pid = test;
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 0}, {c->health_timeout_ms / 1000, (c->health_timeout_ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    int status;
    if (test < 0 || waitpid(test, &status, 0) < 0) _exit(125);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
  }
  h->pid = pid;
  /* a backstop only: the helper kills its test at the timeout itself */
  h->deadline = mono_ms() + c->health_timeout_ms + 1000;
}

/* returns 1 when the state changed */
int health_result(struct health *h, struct shim_config *c, struct shim_state *st, int ok) {
  const char *before = st->health;
  int streak = st->failing_streak;
  h->pid = 0;
  if (ok) {
    h->passed_once = 1;
    st->failing_streak = 0;
    st->health = "healthy";
  } else if (h->passed_once || mono_ms() - h->container_started >= c->health_start_period_ms) {
    if (++st->failing_streak >= c->health_retries) st->health = "unhealthy";
  }
  h->next_at = mono_ms() + next_delay(h, c);
  return before != st->health || streak != st->failing_streak;
}

long long health_timeout_in(struct health *h, long long now) {
  if (!h->enabled) return -1;
  long long at = h->pid ? h->deadline : h->next_at;
  return at > now ? at - now : 0;
}
