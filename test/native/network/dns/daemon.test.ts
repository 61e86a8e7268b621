/**
 * ensureDns must end with a server listening, even when the server it finds exits right
 * after being signalled: the one a `down` just left with no network does that, and an `up`
 * right after it used to wait out its timeout. Binds port 53 on a loopback address: root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dnsPid, ensureDns, stopDns } from '../../../../src/native/network/dns/daemon.js';
import { networkDir, updateState } from '../../../../src/native/network/state.js';
import { testdir } from '../../../helpers/testdir.js';

const SERVER = fileURLToPath(new URL('../../../../src/native/network/dns/server.js', import.meta.url));
const GATEWAY = '127.0.0.53';

test('a server that exits when signalled is replaced, and the new one listens', async (t) => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI === 'true') assert.fail('needs root (binds port 53)');
    return t.skip('needs root (binds port 53)');
  }
  const root = testdir({}, t);
  mkdirSync(networkDir(root), { recursive: true });
  updateState(root, (s) => ({
    state: {
      ...s,
      networks: {
        btdns: { name: 'btdns', id: 'btdns', bridge: 'bt-none', tag: 'btdns', subnet: '127.0.0.52/30', gateway: GATEWAY, internal: false, mtu: 1500, labels: {} },
      },
    },
    result: undefined,
  }));
  // a stand-in for a server on its way out: its command line names the server, and a signal ends it
  const outgoing = spawn(process.execPath, ['-e', 'process.on("SIGHUP", () => process.exit(0)); setTimeout(() => {}, 20000)', SERVER], { stdio: 'ignore' });
  t.after(() => {
    outgoing.kill('SIGKILL');
    stopDns(root);
  });
  await new Promise((r) => setTimeout(r, 200));
  writeFileSync(join(networkDir(root), 'dns.pid'), String(outgoing.pid));
  assert.equal(dnsPid(root), outgoing.pid);

  const pid = await ensureDns(root, [GATEWAY], 5000);
  assert.notEqual(pid, outgoing.pid);
  assert.equal(dnsPid(root), pid);
});
