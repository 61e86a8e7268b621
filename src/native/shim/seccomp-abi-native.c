/* Syscall numbers of the ABI the shim is compiled for, from the kernel headers. */
#include <asm/unistd.h>
#include <stddef.h>
#include "seccomp.h"

static const struct syscall_nr table[] = {
#include "seccomp-syscalls.h"
};

const struct syscall_table syscalls_native = {table, sizeof table / sizeof table[0]};
