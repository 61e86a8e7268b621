import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideSharing, joinFile, namespaceAsks, pickDonor, sharedNetworkConflict, shmBindSource, type Candidate,
} from '../../../src/native/container/namespaces.js';
import { makeService } from '../../helpers/model.js';

const c = (over: Partial<Candidate> & Pick<Candidate, 'id' | 'name'>): Candidate => ({
  project: 'p', service: 'db', number: 1, oneoff: false, running: true, ...over,
});

test('asks: host, service:, container:, and everything else is a namespace of its own', () => {
  assert.deepEqual(namespaceAsks({ network_mode: 'service:db', ipc: 'host', pid: 'container:abc' }), {
    net: { how: 'service', service: 'db' }, ipc: { how: 'host' }, pid: { how: 'container', container: 'abc' },
  });
  const own = namespaceAsks({ network_mode: 'bridge', ipc: 'shareable' });
  assert.deepEqual(own, { net: { how: 'own' }, ipc: { how: 'own' }, pid: { how: 'own' } });
  assert.deepEqual(namespaceAsks({ network_mode: 'none', ipc: 'private' }).net, { how: 'own' });
});

test("service:x picks x's first running container of the project, else its first one", () => {
  const all = [
    c({ id: 'a3', name: 'p-db-3', number: 3 }),
    c({ id: 'a2', name: 'p-db-2', number: 2 }),
    c({ id: 'a1', name: 'p-db-1', number: 1, running: false }),
    c({ id: 'o1', name: 'other-db-1', project: 'other' }),
    c({ id: 'r1', name: 'p-db-run-1', oneoff: true }),
  ];
  assert.equal((pickDonor({ how: 'service', service: 'db' }, 'p', all) as Candidate).id, 'a2');
  const stopped = all.map((x) => ({ ...x, running: false }));
  assert.equal((pickDonor({ how: 'service', service: 'db' }, 'p', stopped) as Candidate).id, 'a1');
  assert.equal(pickDonor({ how: 'service', service: 'web' }, 'p', all), 'service web has no container');
});

test('container: by name, full id or id prefix, in any project', () => {
  const all = [c({ id: 'deadbeef00', name: 'p-db-1' }), c({ id: 'cafe0011', name: 'lonely', project: 'q' })];
  assert.equal((pickDonor({ how: 'container', container: 'lonely' }, 'p', all) as Candidate).id, 'cafe0011');
  assert.equal((pickDonor({ how: 'container', container: 'deadbeef00' }, 'p', all) as Candidate).name, 'p-db-1');
  assert.equal((pickDonor({ how: 'container', container: 'cafe' }, 'p', all) as Candidate).name, 'lonely');
  assert.equal(pickDonor({ how: 'container', container: 'nope' }, 'p', all), 'no such container: nope');
});

test('decideSharing records donors per kind; ipc only from a shareable (or host) donor', () => {
  const donors = [c({ id: 'x1', name: 'p-db-1', ipc: 'shareable' })];
  assert.deepEqual(decideSharing({ network_mode: 'service:db', ipc: 'service:db', pid: 'host' }, 'p', donors), {
    shared: {
      net: { id: 'x1', name: 'p-db-1', mode: 'service:db' },
      ipc: { id: 'x1', name: 'p-db-1', mode: 'service:db' },
      pid: 'host',
    },
  });
  const priv = decideSharing({ ipc: 'service:db' }, 'p', [c({ id: 'x1', name: 'p-db-1' })]);
  assert.ok('error' in priv && /ipc service:db: can't join IPC of container p-db-1: non-shareable IPC/.test(priv.error));
  const missing = decideSharing({ pid: 'service:cache' }, 'p', donors);
  assert.deepEqual(missing, { error: 'pid service:cache: service cache has no container' });
  assert.deepEqual(decideSharing({}, 'p', donors), { shared: {} });
});

test("Docker's conflicts with a container-type network mode", () => {
  const on = (extra: Parameters<typeof makeService>[1]) => sharedNetworkConflict(makeService('web', { network_mode: 'service:db', ...extra }));
  assert.equal(on({}), undefined);
  assert.match(on({ ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] })!, /port publishing and the container type network mode/);
  assert.match(on({ expose: ['80'] })!, /port exposing/);
  assert.match(on({ hostname: 'h' })!, /hostname and the network mode/);
  assert.match(on({ dns: ['1.1.1.1'] })!, /dns and the network mode/);
  assert.match(on({ extra_hosts: ['a:1.2.3.4'] })!, /custom host-to-IP mapping/);
  // host and bridge modes keep them
  assert.equal(sharedNetworkConflict(makeService('web', { network_mode: 'host', hostname: 'h' })), undefined);
  assert.equal(sharedNetworkConflict(makeService('web', { hostname: 'h', ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] })), undefined);
});

test("the namespaces file names the donors' current pids; a stopped donor is named with the joiner", () => {
  const shared = { net: { id: 'x1', name: 'p-db-1', mode: 'service:db' }, ipc: 'host', pid: { id: 'y', name: 'pidbox', mode: 'container:pidbox' } } as const;
  const pids: Record<string, number> = { x1: 4242, y: 77 };
  assert.deepEqual(joinFile('p-web-1', shared, (id) => pids[id] ?? 'removed'), {
    text: 'net /proc/4242/ns/net\nipc host\npid /proc/77/ns/pid\n',
  });
  const down = joinFile('p-web-1', shared, (id) => (id === 'x1' ? 'stopped' : pids[id]!));
  assert.deepEqual(down, {
    error: 'container p-web-1 shares the net namespace of p-db-1 (network_mode service:db), which is not running',
  });
  assert.deepEqual(joinFile('p-web-1', shared, (id) => (id === 'y' ? 'removed' : pids[id]!)), {
    error: 'container p-web-1 shares the pid namespace of pidbox (pid container:pidbox), which was removed: recreate p-web-1 to join another',
  });
  assert.deepEqual(joinFile('p-web-1', {}, () => 1), { text: '' });
});

test("/dev/shm: the host's for ipc host, the container's own directory when shareable, the donor's when joining", () => {
  assert.equal(shmBindSource('host', '/s/me', undefined), '/dev/shm');
  assert.equal(shmBindSource('shareable', '/s/me', undefined), '/s/me/shm');
  assert.equal(shmBindSource('service:db', '/s/me', '/s/db'), '/s/db/shm');
  assert.equal(shmBindSource(undefined, '/s/me', undefined), undefined);
  assert.equal(shmBindSource('private', '/s/me', undefined), undefined);
});
