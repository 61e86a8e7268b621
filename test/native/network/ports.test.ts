import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choosePorts, portRequests, type PortProbe } from '../../../src/native/network/ports.js';
import type { PortConfig } from '../../../src/model/project.js';

const port = (p: Partial<PortConfig> & { target: number }): PortConfig => ({ protocol: 'tcp', mode: 'ingress', ...p });

test('short and long forms expand to host address, range and protocol', () => {
  const r = portRequests('web', [
    port({ target: 80 }),
    port({ target: 80, published: '5000' }),
    port({ target: 80, published: '5000', host_ip: '127.0.0.1' }),
    port({ target: 53, published: '5300-5302', protocol: 'udp' }),
  ]);
  assert.deepEqual(r, [
    { hostIp: '0.0.0.0', protocol: 'tcp', target: 80 },
    { hostIp: '0.0.0.0', protocol: 'tcp', target: 80, range: [5000, 5000] },
    { hostIp: '127.0.0.1', protocol: 'tcp', target: 80, range: [5000, 5000] },
    { hostIp: '0.0.0.0', protocol: 'udp', target: 53, range: [5300, 5302] },
  ]);
  assert.throws(() => portRequests('web', [port({ target: 80, host_ip: '::1' })]), /service web: .*only IPv4/);
  assert.throws(() => portRequests('web', [port({ target: 80, published: '70000' })]), /service web: invalid published port "70000"/);
});

const probeWith = (inUse: Set<string>, random: number[]): PortProbe => async (ip, p, proto) => {
  if (p === 0) return random.shift() ?? 'in-use';
  return inUse.has(`${ip}:${p}/${proto}`) || inUse.has(`0.0.0.0:${p}/${proto}`) ? 'in-use' : 'free';
};

test('a port held by another program fails naming the service and the port', async () => {
  const reqs = portRequests('rproxy', [port({ target: 80, published: '5000' })]);
  await assert.rejects(
    choosePorts('rproxy', reqs, [], probeWith(new Set(['0.0.0.0:5000/tcp']), [])),
    /service rproxy: cannot publish port 5000\/tcp on 0\.0\.0\.0: the host port is already in use/,
  );
});

test('a port another Berth container publishes is in use even though no socket holds it', async () => {
  const reqs = portRequests('web', [port({ target: 80, published: '5000', host_ip: '127.0.0.1' })]);
  await assert.rejects(choosePorts('web', reqs, [{ hostIp: '0.0.0.0', hostPort: 5000, protocol: 'tcp' }], probeWith(new Set(), [])), /5000\/tcp/);
  // another protocol on the same number is fine
  const ok = await choosePorts('web', reqs, [{ hostIp: '0.0.0.0', hostPort: 5000, protocol: 'udp' }], probeWith(new Set(), []));
  assert.equal(ok[0]?.hostPort, 5000);
});

test('a range takes its first free port; random ports skip those Berth holds; two requests do not share', async () => {
  const reqs = portRequests('web', [port({ target: 80, published: '8000-8002' }), port({ target: 81, published: '8000-8002' }), port({ target: 82 })]);
  const got = await choosePorts('web', reqs, [{ hostIp: '0.0.0.0', hostPort: 40001, protocol: 'tcp' }], probeWith(new Set(['0.0.0.0:8000/tcp']), [40001, 40002]));
  assert.deepEqual(got.map((g) => g.hostPort), [8001, 8002, 40002]);
});
