/**
 * A tiny static C program for seccomp tests: `probe NAME...` makes each named syscall with
 * harmless arguments and prints `NAME ok` or `NAME <errno name>`. Busybox has no applet for
 * keyctl, add_key or personality, and a shell cannot show which errno a syscall returned.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long call(const char *n) {
  if (!strcmp(n, "add_key")) return syscall(SYS_add_key, "user", "berth-probe", "x", 1, -2 /* process keyring */);
  if (!strcmp(n, "keyctl")) return syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -2, 0);
  if (!strcmp(n, "personality-bsd")) return syscall(SYS_personality, 0x0006 /* PER_BSD */);
  if (!strcmp(n, "personality-query")) return syscall(SYS_personality, 0xffffffffUL);
  if (!strcmp(n, "clone-newuser") || !strcmp(n, "clone-plain")) {
    long flags = SIGCHLD | (n[6] == 'n' ? CLONE_NEWUSER : 0);
    long pid = syscall(SYS_clone, flags, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return pid < 0 ? -1 : 0;
  }
  if (!strcmp(n, "unshare-user")) return syscall(SYS_unshare, CLONE_NEWUSER);
  errno = EINVAL;
  return -2;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    long r = call(argv[i]);
    if (r == -2) printf("%s unknown-probe\n", argv[i]);
    else if (r < 0) printf("%s %s\n", argv[i], strerrorname_np(errno) ? strerrorname_np(errno) : "E?");
    else printf("%s ok\n", argv[i]);
  }
  return 0;
}
`;

/** compiles the probe statically into out; returns why it cannot, or undefined */
export function buildProbe(out: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'berth-probe-'));
  try {
    writeFileSync(join(dir, 'probe.c'), SOURCE);
    const r = spawnSync(process.env.CC ?? 'cc', ['-static', '-O1', '-o', out, join(dir, 'probe.c')], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `a static build of the syscall probe (cc -static): ${r.error?.message ?? r.stderr.trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/*
 * keyctl(GET_KEYRING_ID) through the x32 ABI (number 0x40000000 | 250), exit code = errno.
 * Kernels without x32 answer ENOSYS, but seccomp sees the call first: EPERM shows the filter
 * covers x32 numbers, which would otherwise bypass an x86_64-only list.
 */
const X32_KEYCTL = String.raw`
.globl _start
_start:
  mov $0x400000fa, %rax
  xor %rdi, %rdi
  mov $-2, %rsi
  xor %rdx, %rdx
  syscall
  xor %rdi, %rdi
  test %rax, %rax
  jns 1f
  mov %rax, %rdi
  neg %rdi
1:
  mov $60, %rax
  syscall
`;

/** assembles the x32 keyctl probe into out (x86_64 only); returns why it cannot, or undefined */
export function buildX32Probe(out: string): string | undefined {
  if (process.arch !== 'x64') return 'an x86_64 host';
  const dir = mkdtempSync(join(tmpdir(), 'berth-probe-'));
  try {
    writeFileSync(join(dir, 'p.S'), X32_KEYCTL);
    const as = spawnSync('as', ['-o', join(dir, 'p.o'), join(dir, 'p.S')], { encoding: 'utf8' });
    const ld = as.status === 0 ? spawnSync('ld', ['-o', out, join(dir, 'p.o')], { encoding: 'utf8' }) : as;
    return ld.status === 0 ? undefined : `binutils (as, ld): ${ld.error?.message ?? ld.stderr.trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
