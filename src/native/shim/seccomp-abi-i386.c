/*
 * 32-bit x86 numbers, for i386 binaries run on an x86_64 kernel (AUDIT_ARCH_I386): they enter
 * the kernel with their own numbering, so the filter needs this second table.
 */
#include <stddef.h>
#include "seccomp.h"
#if defined(__x86_64__)
#include <asm/unistd_32.h>
static const struct syscall_nr table[] = {
#include "seccomp-syscalls.h"
};
const struct syscall_table syscalls_i386 = {table, sizeof table / sizeof table[0]};
#else
const struct syscall_table syscalls_i386 = {NULL, 0};
#endif
