import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CLONE_NAMESPACE_FLAGS, ENOSYS, EPERM, PERSONALITIES_ALLOWED, SECCOMP_SYSCALL_NAMES, kernelVersion, seccompPolicy, seccompRecords,
  type SeccompInput, type SyscallRule,
} from '../../../src/native/container/seccomp.js';
import { capabilityNames, capabilitySet } from '../../../src/native/container/capabilities.js';

function input(over: Partial<SeccompInput> & { capAdd?: string[]; capDrop?: string[] } = {}): SeccompInput {
  const { capAdd = [], capDrop = [], ...rest } = over;
  return {
    serviceName: 'web',
    privileged: false,
    choice: { kind: 'default' },
    capabilities: capabilityNames(capabilitySet(capAdd, capDrop)),
    kernel: [6, 1],
    ...rest,
  };
}

function rules(i: SeccompInput): Map<string, SyscallRule> {
  const p = seccompPolicy(i);
  assert.equal(p.mode, 'filter');
  return new Map(p.mode === 'filter' ? p.rules.map((r) => [r.name, r]) : []);
}

test("the default filter denies what Docker's documentation lists as blocked", () => {
  const r = rules(input());
  for (const name of ['add_key', 'keyctl', 'request_key', 'bpf', 'clock_settime', 'kexec_load', 'init_module', 'finit_module',
    'delete_module', 'mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'perf_event_open', 'reboot', 'swapon', 'swapoff',
    'userfaultfd', 'acct', 'open_by_handle_at', 'process_vm_readv', 'iopl', 'settimeofday', 'mbind']) {
    assert.equal(r.get(name)?.errno, EPERM, name);
    assert.equal(r.get(name)?.when, undefined, `${name} is denied whatever its arguments`);
  }
  for (const name of ['read', 'chroot', 'chown', 'socket', 'ptrace', 'kill']) assert.equal(r.has(name), false, name);
});

test('clone with namespace flags, clone3 and odd personalities are refused; plain clone is not', () => {
  const r = rules(input());
  assert.deepEqual(r.get('clone'), { name: 'clone', errno: EPERM, when: { kind: 'masked', arg: 0, mask: CLONE_NAMESPACE_FLAGS } });
  assert.equal(CLONE_NAMESPACE_FLAGS & 0x00010000, 0, 'CLONE_THREAD is not among the masked flags');
  assert.notEqual(CLONE_NAMESPACE_FLAGS & 0x10000000, 0, 'CLONE_NEWUSER is');
  assert.equal(r.get('clone3')?.errno, ENOSYS, 'ENOSYS so that libc falls back to clone');
  assert.deepEqual(r.get('personality')?.when, { kind: 'not-in', arg: 0, values: PERSONALITIES_ALLOWED });
});

test('added capabilities lift the syscalls Docker lifts with them', () => {
  const admin = rules(input({ capAdd: ['SYS_ADMIN'] }));
  for (const name of ['mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'bpf', 'perf_event_open', 'clone', 'clone3']) assert.equal(admin.has(name), false, name);
  assert.equal(admin.has('keyctl'), true, 'the keyring stays closed');
  assert.equal(admin.has('clock_settime'), true);
  const time = rules(input({ capAdd: ['CAP_SYS_TIME'] }));
  assert.equal(time.has('clock_settime'), false);
  assert.equal(time.has('settimeofday'), false);
  assert.equal(time.has('mount'), true);
  const ptrace = rules(input({ capAdd: ['SYS_PTRACE'] }));
  assert.equal(ptrace.has('process_vm_readv'), false);
  assert.equal(ptrace.has('kcmp'), false);
  assert.equal(rules(input({ capAdd: ['SYS_MODULE'] })).has('init_module'), false);
  assert.equal(rules(input({ capAdd: ['SYS_BOOT'] })).has('reboot'), false);
  assert.equal(rules(input({ capAdd: ['SYS_BOOT'] })).has('kexec_load'), true, 'kexec stays denied as in Docker');
  assert.equal(rules(input({ capAdd: ['BPF'] })).has('bpf'), false);
  assert.equal(rules(input({ capAdd: ['ALL'] })).has('mount'), false);
});

test('a dropped default capability does not widen or narrow the filter', () => {
  assert.deepEqual(rules(input({ capDrop: ['ALL'] })), rules(input()));
});

test('ptrace is denied only on kernels before 4.8, as in Docker', () => {
  assert.equal(rules(input({ kernel: [6, 1] })).has('ptrace'), false);
  assert.equal(rules(input({ kernel: [4, 4] })).has('ptrace'), true);
  assert.equal(rules(input({ kernel: [4, 4], capAdd: ['SYS_PTRACE'] })).has('ptrace'), false);
  assert.deepEqual(kernelVersion('6.1.0-18-amd64'), [6, 1]);
  assert.deepEqual(kernelVersion('4.19.0'), [4, 19]);
});

test('privileged and seccomp=unconfined install no filter; a profile file is a named error', () => {
  assert.deepEqual(seccompPolicy(input({ privileged: true })), { mode: 'unconfined' });
  assert.deepEqual(seccompPolicy(input({ choice: { kind: 'unconfined' } })), { mode: 'unconfined' });
  assert.throws(() => seccompPolicy(input({ choice: { kind: 'profile', path: '/etc/p.json' } })), /service web: security_opt seccomp=\/etc\/p\.json: seccomp profile files are not supported/);
});

test('records for the shim: name, errno, then the condition', () => {
  const recs = seccompRecords(seccompPolicy(input()));
  assert.deepEqual(recs.find((r) => r[0] === 'mount'), ['mount', 1]);
  assert.deepEqual(recs.find((r) => r[0] === 'clone'), ['clone', 1, 'masked', 0, 0x7e020000]);
  assert.deepEqual(recs.find((r) => r[0] === 'personality'), ['personality', 1, 'not-in', 0, 0, 8, 0x20000, 0x20008, 0xffffffff]);
  assert.deepEqual(seccompRecords({ mode: 'unconfined' }), []);
});

test("every syscall a policy can name is in the shim's table", () => {
  const header = readFileSync(new URL('../../../../src/native/shim/seccomp-syscalls.h', import.meta.url), 'utf8');
  const known = new Set([...header.matchAll(/\{"(\w+)", __NR_\1\}/g)].map((m) => m[1]));
  for (const name of SECCOMP_SYSCALL_NAMES) assert.ok(known.has(name), `${name} is missing from seccomp-syscalls.h`);
  const all = rules(input());
  for (const name of all.keys()) assert.ok(SECCOMP_SYSCALL_NAMES.includes(name), name);
});
