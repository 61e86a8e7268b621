/*
 * Namespaces joined instead of created (network_mode/ipc/pid: host, service:x, container:x).
 * The CLI decides; before each start it writes `<dir>/namespaces`, one `<kind> host|<path>` per
 * line, where a path is /proc/<donor init>/ns/<kind>. The shim opens those once, at the first
 * start, and keeps the fds: restarts by the policy rejoin the same namespaces even if the
 * donor's pid changed meanwhile. An adopting shim reopens them from the container's own init,
 * which is in them.
 *
 * net, ipc and uts are entered by the container's init right after clone (before its mounts,
 * so /dev/mqueue is the joined namespace's). A pid namespace cannot be entered by a running
 * process for itself, only for its children: the shim enters it just before clone and returns
 * to its own right after.
 */
#include "shim.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NS_KINDS 4
static const char *kinds[NS_KINDS] = {"net", "ipc", "pid", "uts"};
static const int clone_flags[NS_KINDS] = {CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWUTS};
enum { NS_NET, NS_IPC, NS_PID, NS_UTS };

static struct {
  int asked, host, fd;
} joins[NS_KINDS] = {{0, 0, -1}, {0, 0, -1}, {0, 0, -1}, {0, 0, -1}};

static int kind_index(const char *k) {
  for (int i = 0; i < NS_KINDS; i++)
    if (!strcmp(k, kinds[i])) return i;
  return -1;
}

int ns_load(const char *dir, pid_t adopt_from, char *err, size_t errlen) {
  char *path = path_join(dir, "namespaces");
  FILE *f = fopen(path, "r");
  free(path);
  if (!f) return 0; /* nothing shared */
  char line[4200];
  int rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    char *sp = strchr(line, ' ');
    if (!sp) continue;
    *sp = 0;
    int i = kind_index(line);
    if (i < 0) continue; /* a kind this shim does not know: ignored, as unknown config keys */
    const char *how = sp + 1;
    joins[i].asked = 1;
    if (!strcmp(how, "host")) {
      joins[i].host = 1;
      continue;
    }
    char own[64];
    if (adopt_from > 0) {
      snprintf(own, sizeof own, "/proc/%d/ns/%s", (int)adopt_from, kinds[i]);
      how = own;
    }
    if (joins[i].fd >= 0) close(joins[i].fd);
    joins[i].fd = open(how, O_RDONLY | O_CLOEXEC);
    if (joins[i].fd < 0) {
      snprintf(err, errlen, "open %s namespace %s: %s", kinds[i], how, strerror(errno));
      rc = -1;
    }
  }
  fclose(f);
  return rc;
}

int ns_not_created(void) {
  int mask = 0;
  for (int i = 0; i < NS_KINDS; i++)
    if (joins[i].asked) mask |= clone_flags[i];
  return mask;
}

int ns_owns_pid(void) { return !joins[NS_PID].asked; }

int ns_enter_pid(int *saved, char *err, size_t errlen) {
  *saved = -1;
  if (joins[NS_PID].fd < 0) return 0;
  *saved = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
  if (*saved < 0 || setns(joins[NS_PID].fd, CLONE_NEWPID) < 0) {
    snprintf(err, errlen, "enter the shared pid namespace: %s", strerror(errno));
    if (*saved >= 0) close(*saved);
    *saved = -1;
    return -1;
  }
  return 0;
}

void ns_leave_pid(int saved) {
  if (saved < 0) return;
  if (setns(saved, CLONE_NEWPID) < 0) die("return to the shim's pid namespace: %s", strerror(errno));
  close(saved);
}

int ns_enter_in_child(char *err, size_t errlen) {
  static const int order[] = {NS_NET, NS_IPC, NS_UTS};
  for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
    int i = order[k];
    if (joins[i].fd >= 0 && setns(joins[i].fd, clone_flags[i]) < 0) {
      snprintf(err, errlen, "join the shared %s namespace: %s", kinds[i], strerror(errno));
      return -1;
    }
  }
  return 0;
}

/* clone into a pid namespace whose init has exited fails with ENOMEM: say why */
const char *ns_clone_hint(int err) {
  return err == ENOMEM && joins[NS_PID].fd >= 0 ? " (the shared pid namespace is gone: its donor stopped or restarted)" : "";
}
