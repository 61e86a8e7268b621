/*
 * The container's seccomp filter, a classic BPF program built from the `seccomp` records of
 * the config (decided in src/native/container/seccomp.ts) and installed right before exec.
 * Shape: check the architecture (an ABI without a table is killed, so it cannot bypass the
 * list), then one block per ABI: for each rule `nr == N ? [check an argument] -> ERRNO`,
 * falling through to ALLOW. Record: name, errno[, "masked", arg, mask | "not-in", arg, v...].
 */
#include "seccomp.h"
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "berth-shim: seccomp architecture not supported"
#endif
#define X32_BIT 0x40000000u
#define MAX_VALUES 8

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#endif

struct rule {
  char *name;
  unsigned int errno_ret;
  enum { ALWAYS, MASKED, NOT_IN } kind;
  unsigned int arg, nvalues, values[MAX_VALUES];
};

struct prog {
  struct sock_filter *v;
  int n, cap;
};

static void emit(struct prog *p, unsigned short code, unsigned char jt, unsigned char jf, unsigned int k) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->v = realloc(p->v, sizeof *p->v * (size_t)p->cap);
    if (!p->v) die("out of memory");
  }
  p->v[p->n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

static void append(struct prog *dst, const struct prog *src) {
  for (int i = 0; i < src->n; i++) emit(dst, src->v[i].code, src->v[i].jt, src->v[i].jf, src->v[i].k);
}

static int parse_rule(char *rec, struct rule *r) {
  char *f[4 + MAX_VALUES] = {0};
  int n = split_tabs(rec, f, 4 + MAX_VALUES);
  if (n < 2) return -1;
  memset(r, 0, sizeof *r);
  r->name = f[0];
  r->errno_ret = (unsigned int)strtoul(f[1], NULL, 10);
  if (n == 2) return 0;
  if (n < 5) return -1;
  r->kind = !strcmp(f[2], "masked") ? MASKED : !strcmp(f[2], "not-in") ? NOT_IN : ALWAYS;
  if (r->kind == ALWAYS) return -1;
  r->arg = (unsigned int)strtoul(f[3], NULL, 10);
  if (r->arg > 5) return -1;
  for (int i = 4; i < n; i++) r->values[r->nvalues++] = (unsigned int)strtoul(f[i], NULL, 10);
  return 0;
}

static const struct syscall_nr *lookup(const struct syscall_table *t, const char *name, int from) {
  for (int i = from; i < t->n; i++)
    if (!strcmp(t->v[i].name, name)) return &t->v[i];
  return NULL;
}

#define LOAD_NR BPF_LD | BPF_W | BPF_ABS
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

/* the checks of every rule against one ABI's numbers; A holds the syscall number on entry */
static void emit_rules(struct prog *p, const struct syscall_table *t, const struct rule *rules, int nrules) {
  for (int i = 0; i < nrules; i++) {
    const struct rule *r = &rules[i];
    const struct syscall_nr *s = lookup(t, r->name, 0);
    if (!s) continue; /* this ABI has no such syscall: nothing to deny */
    switch (r->kind) {
    case ALWAYS:
      emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, s->nr);
      emit(p, BPF_RET | BPF_K, 0, 0, RET_ERRNO(r->errno_ret));
      break;
    case MASKED: /* nr? load arg; arg & mask? deny : reload nr */
      emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 4, s->nr);
      emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LO(r->arg));
      emit(p, BPF_JMP | BPF_JSET | BPF_K, 0, 1, r->values[0]);
      emit(p, BPF_RET | BPF_K, 0, 0, RET_ERRNO(r->errno_ret));
      emit(p, LOAD_NR, 0, 0, offsetof(struct seccomp_data, nr));
      break;
    case NOT_IN: { /* nr? load arg; any value matches -> reload nr, else deny */
      unsigned int k = r->nvalues;
      emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, (unsigned char)(k + 3), s->nr);
      emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LO(r->arg));
      for (unsigned int v = 0; v < k; v++) emit(p, BPF_JMP | BPF_JEQ | BPF_K, (unsigned char)(k - v), 0, r->values[v]);
      emit(p, BPF_RET | BPF_K, 0, 0, RET_ERRNO(r->errno_ret));
      emit(p, LOAD_NR, 0, 0, offsetof(struct seccomp_data, nr));
      break;
    }
    }
  }
  emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
}

/* the native block: x86_64 splits off x32 numbers (bit 30) into their own rules */
static void emit_native(struct prog *p, const struct rule *rules, int nrules) {
  struct prog main = {0}, x32 = {0};
  emit_rules(&main, &syscalls_native, rules, nrules);
  emit(p, LOAD_NR, 0, 0, offsetof(struct seccomp_data, nr));
  if (syscalls_x32.n > 0) {
    emit_rules(&x32, &syscalls_x32, rules, nrules);
    emit(p, BPF_JMP | BPF_JGE | BPF_K, 0, 1, X32_BIT);
    emit(p, BPF_JMP | BPF_JA, 0, 0, (unsigned int)main.n);
  }
  append(p, &main);
  append(p, &x32);
  free(main.v);
  free(x32.v);
}

int install_seccomp(struct shim_config *c, char *err, size_t errlen) {
  if (c->seccomp.n == 0) return 0;
  struct rule *rules = calloc((size_t)c->seccomp.n, sizeof *rules);
  if (!rules) die("out of memory");
  for (int i = 0; i < c->seccomp.n; i++) {
    /* records are parsed in a copy: exec and healthchecks install from the same config */
    if (parse_rule(strdup(c->seccomp.v[i]), &rules[i]) < 0) {
      snprintf(err, errlen, "bad seccomp record %s", c->seccomp.v[i]);
      return -1;
    }
  }
  struct prog native = {0}, i386 = {0}, p = {0};
  emit_native(&native, rules, c->seccomp.n);
  if (syscalls_i386.n > 0) {
    emit(&i386, LOAD_NR, 0, 0, offsetof(struct seccomp_data, nr));
    emit_rules(&i386, &syscalls_i386, rules, c->seccomp.n);
  }
  emit(&p, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(struct seccomp_data, arch));
  if (i386.n > 0) {
    /* native? -> native block; i386? -> i386 block; else kill */
    emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, NATIVE_ARCH);
    emit(&p, BPF_JMP | BPF_JA, 0, 0, 3);
    emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, AUDIT_ARCH_I386);
    emit(&p, BPF_JMP | BPF_JA, 0, 0, (unsigned int)(1 + native.n));
  } else {
    emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, NATIVE_ARCH);
  }
  emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
  append(&p, &native);
  append(&p, &i386);
  struct sock_fprog fprog = {.len = (unsigned short)p.n, .filter = p.v};
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0) {
    snprintf(err, errlen, "install seccomp filter (%d instructions): %s", p.n, strerror(errno));
    return -1;
  }
  free(native.v);
  free(i386.v);
  free(p.v);
  free(rules);
  return 0;
}
