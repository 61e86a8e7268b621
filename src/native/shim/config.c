/*
 * The container's configuration, written by the CLI as `<dir>/config`: one `key value` per line,
 * keys may repeat (lists), values escape backslash, newline and tab as \\, \n, \t. A line-based
 * format keeps the C side free of a JSON parser.
 */
#include "shim.h"
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strlist_push(struct strlist *l, const char *s) {
  if (l->n + 2 > l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->v = realloc(l->v, sizeof(char *) * l->cap);
    if (!l->v) die("out of memory");
  }
  l->v[l->n++] = strdup(s);
  l->v[l->n] = NULL;
}

static void unescape(char *s) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (*r == '\\' && r[1]) {
      r++;
      *w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
}

/* splits a tab-separated record in place; returns the number of fields */
int split_tabs(char *line, char **fields, int max) {
  int n = 0;
  char *p = line;
  while (n < max) {
    fields[n++] = p;
    char *t = strchr(p, '\t');
    if (!t) break;
    *t = 0;
    p = t + 1;
  }
  for (int i = 0; i < n; i++) unescape(fields[i]);
  return n;
}

struct list_key {
  const char *key;
  size_t offset;
};

#define L(k, f) {k, offsetof(struct shim_config, f)}
static const struct list_key lists[] = {
    L("arg", args),         L("env", env),           L("group", groups),     L("cap", caps),
    L("mount", mounts),     L("mask", masks),        L("ro_path", ro_paths), L("symlink", symlinks),
    L("device", devices),   L("sysctl", sysctls),    L("rlimit", rlimits),   L("cgroup_procs", cgroup_procs),
    L("health_cmd", health_cmd),   L("seccomp", seccomp),
};

int config_load(struct shim_config *c, const char *dir) {
  memset(c, 0, sizeof *c);
  c->dir = strdup(dir);
  c->restart = "no";
  c->netns = "new";
  c->cwd = "/";
  char *path = path_join(dir, "config");
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) > 0) {
    if (line[len - 1] == '\n') line[len - 1] = 0;
    char *sp = strchr(line, ' ');
    char *val = sp ? sp + 1 : "";
    if (sp) *sp = 0;
    const char *k = line;
    int listed = 0;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
      if (strcmp(k, lists[i].key) == 0) {
        /* tab-separated records are unescaped field by field when used */
        if (!strchr(val, '\t')) unescape(val);
        strlist_push((struct strlist *)((char *)c + lists[i].offset), val);
        listed = 1;
        break;
      }
    }
    if (listed) continue;
    unescape(val);
    char *v = strdup(val);
    if (!strcmp(k, "rootfs")) c->rootfs = v;
    else if (!strcmp(k, "lowerdir")) c->lowerdir = v;
    else if (!strcmp(k, "upperdir")) c->upperdir = v;
    else if (!strcmp(k, "workdir")) c->workdir = v;
    else if (!strcmp(k, "rootfs_readonly")) c->rootfs_readonly = atoi(v);
    else if (!strcmp(k, "privileged")) c->privileged = atoi(v);
    else if (!strcmp(k, "no_new_privs")) c->no_new_privs = atoi(v);
    else if (!strcmp(k, "init")) c->init_reaper = atoi(v);
    else if (!strcmp(k, "hostname")) c->hostname = v;
    else if (!strcmp(k, "domainname")) c->domainname = v;
    else if (!strcmp(k, "cwd")) c->cwd = v;
    else if (!strcmp(k, "netns")) c->netns = v;
    else if (!strcmp(k, "uid")) c->uid = (uid_t)strtoul(v, NULL, 10);
    else if (!strcmp(k, "gid")) c->gid = (gid_t)strtoul(v, NULL, 10);
    else if (!strcmp(k, "tty")) c->tty = atoi(v);
    else if (!strcmp(k, "stdin")) c->stdin_mode = atoi(v);
    else if (!strcmp(k, "restart")) c->restart = v;
    else if (!strcmp(k, "restart_max")) c->restart_max = atoi(v);
    else if (!strcmp(k, "health_interval_ms")) c->health_interval_ms = atol(v);
    else if (!strcmp(k, "health_timeout_ms")) c->health_timeout_ms = atol(v);
    else if (!strcmp(k, "health_retries")) c->health_retries = atol(v);
    else if (!strcmp(k, "health_start_period_ms")) c->health_start_period_ms = atol(v);
    else if (!strcmp(k, "health_start_interval_ms")) c->health_start_interval_ms = atol(v);
    else free(v); /* unknown keys are ignored so older shims read newer configs */
  }
  free(line);
  fclose(f);
  free(path);
  if (!c->rootfs || !c->lowerdir || c->args.n == 0) return -2;
  return 0;
}
