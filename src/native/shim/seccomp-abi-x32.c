/*
 * x32 numbers (AUDIT_ARCH_X86_64 with bit 30 set): without them an x32 binary could call
 * mount or ptrace under numbers the x86_64 table does not list.
 */
#include <stddef.h>
#include "seccomp.h"
#if defined(__x86_64__)
#include <asm/unistd_x32.h>
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
static const struct syscall_nr table[] = {
#include "seccomp-syscalls.h"
};
const struct syscall_table syscalls_x32 = {table, sizeof table / sizeof table[0]};
#else
const struct syscall_table syscalls_x32 = {NULL, 0};
#endif
