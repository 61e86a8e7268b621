/* berth-shim's seccomp filter: syscall tables per ABI and the installer. */
#ifndef BERTH_SECCOMP_H
#define BERTH_SECCOMP_H
#include "shim.h"

struct syscall_nr {
  const char *name;
  unsigned int nr;
};

struct syscall_table {
  const struct syscall_nr *v;
  int n;
};

/* seccomp-abi-*.c: an ABI the shim was not compiled for has an empty table */
extern const struct syscall_table syscalls_native, syscalls_i386, syscalls_x32;

/* seccomp.c: installs the filter described by c->seccomp (nothing when empty); needs no_new_privs or CAP_SYS_ADMIN */
int install_seccomp(struct shim_config *c, char *err, size_t errlen);
#endif
