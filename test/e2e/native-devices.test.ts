/**
 * devices: on native containers (root, this host's /dev): a listed host node appears with its
 * major:minor and can be opened with the listed permissions; an unlisted one made with mknod
 * exists but cannot be opened (the devices cgroup), as in Docker.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, openSync, statSync } from 'node:fs';
import { nativeTestbed, requireNative, type NativeTestbed } from '../helpers/native-runtime.js';
import type { ServiceInput } from '../helpers/model.js';
import { openCgroupManager } from '../../src/native/cgroups/detect.js';

async function run(bed: NativeTestbed, script: string, input: ServiceInput = {}): Promise<string[]> {
  const c = await bed.runtime.createContainer(bed.spec('dev', { command: ['sh', '-c', script], ...input }));
  await bed.runtime.startContainer(c.id);
  await bed.runtime.waitContainer(c.id);
  const out: string[] = [];
  for await (const l of bed.runtime.logs(c.id, { follow: false, timestamps: false })) out.push(l.text);
  return out;
}

/** a char device of this host to pass through, and a block device to keep out */
function hostNodes(t: TestContext): { char: string; block: string } | undefined {
  const pick = (paths: string[], kind: 'char' | 'block') =>
    paths.find((p) => {
      try {
        const st = statSync(p);
        if (!(kind === 'char' ? st.isCharacterDevice() : st.isBlockDevice())) return false;
        // the host itself must be able to open it, or a refusal inside proves nothing
        closeSync(openSync(p, constants.O_RDONLY | constants.O_NONBLOCK));
        return true;
      } catch {
        return false;
      }
    });
  const char = pick(['/dev/fuse', '/dev/net/tun'], 'char');
  const block = pick(['/dev/loop0', '/dev/sda', '/dev/vda', '/dev/nvme0n1', '/dev/xvda'], 'block');
  const missing = !char ? 'a /dev/fuse or /dev/net/tun' : !block ? 'a block device (/dev/vda, /dev/sda, /dev/loop0...)' : undefined;
  // v2 has no devices files and Berth does not attach the eBPF program yet: nothing to test there
  const cgroups = openCgroupManager().version === 'v1' ? undefined : 'the cgroup v1 devices controller';
  const why = missing ?? cgroups;
  if (why) {
    if (process.env.CI === 'true') throw new Error(`device tests need ${why}`);
    t.skip(`needs ${why}`);
    return undefined;
  }
  return { char: char!, block: block! };
}

const numbers = (p: string) => {
  const r = statSync(p).rdev;
  return `${Math.floor(r / 256) & 0xfff}:${(r & 0xff) | ((r >> 12) & 0xfff00)}`;
};

test('a listed device appears with the host major:minor and opens; an unlisted one made by mknod does not', async (t) => {
  if (!requireNative(t)) return;
  const nodes = hostNodes(t);
  if (!nodes) return;
  const bed = nativeTestbed(t);
  const [maj, min] = numbers(nodes.block).split(':');
  const out = await run(bed, [
    `busybox stat -c "%t:%T" ${nodes.char}`,
    `(exec 3<>${nodes.char}) 2>/dev/null && echo char-opened || echo char-refused`,
    `busybox mknod /dev/bt-block b ${maj} ${min} && echo made`,
    '(exec 3</dev/bt-block) 2>&1; echo "open=$?"',
  ].join('; '), { devices: [nodes.char] });
  const [hmaj = '', hmin = ''] = (out[0] ?? '').split(':');
  assert.equal(`${parseInt(hmaj, 16)}:${parseInt(hmin, 16)}`, numbers(nodes.char), JSON.stringify(out));
  assert.equal(out[1], 'char-opened');
  assert.equal(out[2], 'made', 'mknod of any node is allowed');
  assert.match(out.slice(3).join('\n'), /Operation not permitted[\s\S]*open=[1-9]/);
});

test('a device under another path with read-only permission opens for reading only', async (t) => {
  if (!requireNative(t)) return;
  const nodes = hostNodes(t);
  if (!nodes) return;
  const bed = nativeTestbed(t);
  const out = await run(bed, [
    'ls /dev/bt/renamed >/dev/null && echo present',
    '(exec 3</dev/bt/renamed) 2>/dev/null && echo read-ok || echo read-refused',
    '(exec 3<>/dev/bt/renamed) 2>/dev/null && echo write-ok || echo write-refused',
    `test -e ${nodes.char} && echo also-original || echo only-renamed`,
  ].join('; '), { devices: [`${nodes.char}:/dev/bt/renamed:r`] });
  assert.deepEqual(out, ['present', 'read-ok', 'write-refused', 'only-renamed']);
});

test('privileged containers see and open host devices without listing them', async (t) => {
  if (!requireNative(t)) return;
  const nodes = hostNodes(t);
  if (!nodes) return;
  const bed = nativeTestbed(t);
  const out = await run(bed, `(exec 3<${nodes.block}) && echo block-opened || echo block-refused; test -L /dev/ptmx && echo ptmx-link`, { privileged: true });
  assert.deepEqual(out, ['block-opened', 'ptmx-link'], 'host nodes, but /dev/ptmx stays the link to the container devpts');
});
