/**
 * Native networking without dockerd: the scenario in native-network-hostsim.ts runs inside a
 * fresh network namespace that plays the host (own iptables, ACCEPT policies, no dockerd
 * chains, forwarding off), so the rules are shown not to lean on anything dockerd sets up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, netns, prerequisites, sh } from './native-network-helpers.js';

test('networking works on a host without dockerd (a fresh namespace as the host)', { timeout: 120_000 }, async (t) => {
  if (!prerequisites(t)) return;
  const host = netns(t, 'bt-t-hostsim');
  const root = mkdtempSync(join(tmpdir(), 'bt-net-'));
  cleanup(t, () => rmSync(root, { recursive: true, force: true }));
  // a new namespace may inherit forwarding from the host's: switch it off, Berth must turn it on
  assert.equal(host.exec(['sysctl', '-qw', 'net.ipv4.ip_forward=0']).status, 0);
  const script = fileURLToPath(new URL('./native-network-hostsim.js', import.meta.url));
  const r = sh(['ip', 'netns', 'exec', host.name, process.execPath, script, root], 100_000);
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /hostsim: ok/);
});
