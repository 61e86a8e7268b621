/**
 * Docker's default seccomp confinement on native containers (root, this host's kernel):
 * syscalls that need no capability at all (user namespaces, the keyring, odd personalities)
 * are refused by the filter itself; cap_add and seccomp=unconfined lift it as in Docker.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nativeTestbed, requireNative, type NativeTestbed } from '../helpers/native-runtime.js';
import type { ServiceInput } from '../helpers/model.js';
import { buildProbe, buildX32Probe } from './syscall-probe.js';

async function run(bed: NativeTestbed, script: string, input: ServiceInput = {}): Promise<string[]> {
  const c = await bed.runtime.createContainer(bed.spec('sec', { command: ['sh', '-c', script], ...input }));
  await bed.runtime.startContainer(c.id);
  await bed.runtime.waitContainer(c.id);
  const out: string[] = [];
  for await (const l of bed.runtime.logs(c.id, { follow: false, timestamps: false })) out.push(l.text);
  return out;
}

function bedWithProbe(t: TestContext): NativeTestbed | undefined {
  if (!requireNative(t)) return undefined;
  const bed = nativeTestbed(t);
  const missing = buildProbe(join(bed.root, 'layer/bin/probe')) ?? buildX32Probe(join(bed.root, 'layer/bin/probe-x32'));
  if (missing) {
    if (process.env.CI === 'true') throw new Error(`seccomp tests need ${missing}`);
    t.skip(`needs ${missing}`);
    return undefined;
  }
  return bed;
}

const PROBES = 'add_key keyctl personality-bsd personality-query clone-newuser clone-plain unshare-user';

test('a default container runs under a filter that refuses user namespaces, the keyring and odd personalities', async (t) => {
  const bed = bedWithProbe(t);
  if (!bed) return;
  const out = await run(bed, [
    'grep -E "^Seccomp(_filters)?:" /proc/self/status | tr -s "\\t " " "',
    `probe ${PROBES}`,
    'unshare -U true 2>&1; echo "unshare=$?"',
    'mkdir -p /mnt/t; mount -t tmpfs none /mnt/t 2>&1; echo "mount=$?"',
  ].join('; '));
  assert.deepEqual(out.slice(0, 2), ['Seccomp: 2', 'Seccomp_filters: 1'], JSON.stringify(out));
  assert.deepEqual(out.slice(2, 9), [
    'add_key EPERM', 'keyctl EPERM', 'personality-bsd EPERM', 'personality-query ok',
    'clone-newuser EPERM', 'clone-plain ok', 'unshare-user EPERM',
  ]);
  assert.match(out.join('\n'), /unshare: .*Operation not permitted\nunshare=1/);
  assert.match(out.join('\n'), /mount: .*(Operation not permitted|permission denied)[^\n]*\nmount=[1-9]/);
});

test('seccomp=unconfined removes the filter: user namespaces and the keyring work again', async (t) => {
  const bed = bedWithProbe(t);
  if (!bed) return;
  const out = await run(bed, 'grep "^Seccomp:" /proc/self/status | tr -s "\\t " " "; probe add_key keyctl personality-bsd unshare-user', {
    security_opt: ['seccomp=unconfined'],
  });
  assert.deepEqual(out, ['Seccomp: 0', 'add_key ok', 'keyctl ok', 'personality-bsd ok', 'unshare-user ok']);
});

test('cap_add SYS_ADMIN lifts mount and unshare from the filter (with or without seccomp=unconfined)', async (t) => {
  const bed = bedWithProbe(t);
  if (!bed) return;
  const script = 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted; probe unshare-user add_key';
  const unconfined = await run(bed, script, { cap_add: ['SYS_ADMIN'], security_opt: ['seccomp=unconfined'] });
  assert.deepEqual(unconfined, ['mounted', 'unshare-user ok', 'add_key ok']);
  const filtered = await run(bed, script, { cap_add: ['SYS_ADMIN'] });
  assert.deepEqual(filtered, ['mounted', 'unshare-user ok', 'add_key EPERM'], 'the keyring stays closed with SYS_ADMIN');
});

test('privileged containers have no filter; exec processes get the same filter as the container', async (t) => {
  const bed = bedWithProbe(t);
  if (!bed) return;
  assert.deepEqual(await run(bed, 'grep "^Seccomp:" /proc/self/status | tr -s "\\t " " "', { privileged: true }), ['Seccomp: 0']);
  const c = await bed.runtime.createContainer(bed.spec('sec', { command: ['sleep', '30'] }));
  await bed.runtime.startContainer(c.id);
  t.after(() => bed.runtime.removeContainer(c.id, { force: true, volumes: true }).catch(() => undefined));
  const chunks: Buffer[] = [];
  const sink = new (await import('node:stream')).Writable({ write(chunk, _e, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
  const code = await bed.runtime.exec(c.id, {
    command: ['probe', 'keyctl'], tty: false, interactive: false, detach: false, env: {}, stdio: { stdout: sink, stderr: sink },
  });
  assert.equal(code, 0);
  assert.equal(Buffer.concat(chunks).toString().trim(), 'keyctl EPERM');
});

test('x32 syscall numbers are filtered too (EPERM from the filter before the kernel could say ENOSYS)', async (t) => {
  if (process.arch !== 'x64') return t.skip('x32 exists on x86_64 only');
  const bed = bedWithProbe(t);
  if (!bed) return;
  assert.deepEqual(await run(bed, 'probe-x32; echo "errno=$?"'), ['errno=1']);
  const unconfined = await run(bed, 'probe-x32; echo "errno=$?"', { security_opt: ['seccomp=unconfined'] });
  assert.ok(unconfined[0] === 'errno=38' || unconfined[0] === 'errno=0', `without the filter the kernel decides: ${unconfined[0]}`);
});
