import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkRules, parseSave, planEnsure, planRemoval, portRules, ruleLine, splitRuleLine, underTag } from '../../../src/native/network/nat.js';

const addRule = (r: { table: string; chain: string; args: readonly string[] }) => ['iptables', '-t', r.table, ruleLine({ ...r, table: r.table as 'nat' })];

const net = { tag: 'berth:r00t:n1', bridge: 'bt-n1', subnet: '10.9.8.0/24', internal: false, id: 'n1' };

test('a routed network gets isolation, outbound NAT and loopback masquerade in our chains', () => {
  const lines = networkRules(net).map((r) => addRule(r).join(' '));
  const c = '-m comment --comment berth:r00t:n1';
  assert.deepEqual(lines, [
    `iptables -t filter -A BERTH-FORWARD -i bt-n1 -o bt-n1 -j ACCEPT ${c}`,
    `iptables -t filter -A BERTH-FORWARD -i bt-n1 -o bt-+ -j DROP ${c}`,
    `iptables -t filter -A BERTH-FORWARD -i bt-n1 ! -o bt-n1 -j ACCEPT ${c}`,
    `iptables -t filter -A BERTH-FORWARD -o bt-n1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ${c}`,
    `iptables -t nat -A BERTH-POSTROUTING -s 10.9.8.0/24 ! -o bt-n1 -j MASQUERADE ${c}`,
    `iptables -t nat -A BERTH-POSTROUTING -s 127.0.0.0/8 -o bt-n1 -j MASQUERADE ${c}`,
    `iptables -t nat -A BERTH-POSTROUTING -s 10.9.8.0/24 -o bt-n1 -m conntrack --ctstate DNAT -j MASQUERADE ${c}`,
  ]);
});

test('an internal network drops everything leaving or entering from outside and has no outbound NAT', () => {
  const lines = networkRules({ ...net, internal: true }).map((r) => addRule(r).join(' '));
  assert.ok(lines.some((l) => l.includes('-i bt-n1 ! -o bt-n1 -j DROP')));
  assert.ok(lines.some((l) => l.includes('-o bt-n1 ! -i bt-n1 -j DROP')));
  assert.ok(!lines.some((l) => l.includes('! -o bt-n1 -j MASQUERADE')));
  assert.ok(!lines.some((l) => l.includes('-i bt-n1 ! -o bt-n1 -j ACCEPT')));
});

test('a published port is a DNAT limited to its host address plus a FORWARD accept', () => {
  const p = { containerId: 'abcdef0123456789', project: 'p', service: 'web', network: 'p_default', hostIp: '127.0.0.1', hostPort: 5000, protocol: 'udp' as const, targetIp: '10.9.8.2', targetPort: 53 };
  const [dnat, fwd] = portRules(p, net).map((r) => addRule(r).join(' '));
  assert.equal(dnat, 'iptables -t nat -A BERTH-DNAT -d 127.0.0.1/32 -p udp --dport 5000 -m comment --comment berth:r00t:n1:abcdef012345 -j DNAT --to-destination 10.9.8.2:53');
  assert.equal(fwd, 'iptables -t filter -A BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p udp --dport 53 -m comment --comment berth:r00t:n1:abcdef012345 -j ACCEPT');
  const any = portRules({ ...p, hostIp: '0.0.0.0' }, net).map((r) => addRule(r).join(' '));
  assert.ok(!any[0]!.includes(' -d '));
});

const save = [
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD DROP [0:0]',
  ':BERTH-FORWARD - [0:0]',
  ':DOCKER-USER - [0:0]',
  '-A FORWARD -j BERTH-FORWARD',
  '-A FORWARD -j DOCKER-USER',
  '-A BERTH-FORWARD -i bt-n1 -o bt-n1 -m comment --comment "berth:r00t:n1" -j ACCEPT',
  '-A BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p tcp -m tcp --dport 80 -m comment --comment "berth:r00t:n1:abcdef012345" -j ACCEPT',
  '-A BERTH-FORWARD -i bt-n11 -o bt-n11 -m comment --comment "berth:r00t:n11" -j ACCEPT',
  'COMMIT',
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':BERTH-DNAT - [0:0]',
  ':BERTH-POSTROUTING - [0:0]',
  '-A PREROUTING -m addrtype --dst-type LOCAL -j BERTH-DNAT',
  '-A OUTPUT -m addrtype --dst-type LOCAL -j BERTH-DNAT',
  '-A POSTROUTING -j BERTH-POSTROUTING',
  '-A BERTH-DNAT -p tcp -m tcp --dport 5000 -m comment --comment "berth:r00t:n1:abcdef012345" -j DNAT --to-destination 10.9.8.2:80',
  'COMMIT',
].join('\n');

test('ensure adds missing chains and jumps, completes a half-made group and leaves a complete one', () => {
  const empty = parseSave('*filter\n:FORWARD DROP [0:0]\nCOMMIT\n*nat\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n');
  const text = planEnsure(empty, [{ tag: 'berth:r00t:n1', rules: networkRules(net) }]);
  const lines = text.split('\n');
  assert.ok(lines.includes(':BERTH-FORWARD - [0:0]'));
  assert.ok(lines.includes('-I FORWARD 1 -j BERTH-FORWARD'), 'our FORWARD chain comes before dockerd\'s DROP policy');
  assert.ok(lines.includes('-I PREROUTING 1 -m addrtype --dst-type LOCAL -j BERTH-DNAT'));
  assert.equal(lines.filter((l) => l.startsWith('-A BERTH-FORWARD')).length, 4);
  assert.equal(lines.filter((l) => l === 'COMMIT').length, 2);
  // applied already: nothing to do
  const applied = parseSave(
    `*filter\n:BERTH-FORWARD - [0:0]\n-A FORWARD -j BERTH-FORWARD\n${networkRules(net).filter((r) => r.table === 'filter').map((r) => ruleLine(r)).join('\n')}\nCOMMIT\n` +
      `*nat\n:BERTH-DNAT - [0:0]\n:BERTH-POSTROUTING - [0:0]\n-A POSTROUTING -j BERTH-POSTROUTING\n-A PREROUTING -m addrtype --dst-type LOCAL -j BERTH-DNAT\n-A OUTPUT -m addrtype --dst-type LOCAL -j BERTH-DNAT\n${networkRules(net).filter((r) => r.table === 'nat').map((r) => ruleLine(r)).join('\n')}\nCOMMIT\n`,
  );
  assert.equal(planEnsure(applied, [{ tag: 'berth:r00t:n1', rules: networkRules(net) }]), '');
  // one filter rule present out of four (a crash half-way): replaced as a whole
  const half = planEnsure(parseSave(save), [{ tag: 'berth:r00t:n1', rules: networkRules(net) }]).split('\n');
  assert.ok(half.includes('-D BERTH-FORWARD -i bt-n1 -o bt-n1 -m comment --comment "berth:r00t:n1" -j ACCEPT'));
  assert.equal(half.filter((l) => l.startsWith('-A BERTH-FORWARD')).length, 4);
});

test('removal deletes exactly the rules under the network tag, its ports included, and no prefix look-alikes', () => {
  const text = planRemoval(parseSave(save), underTag('berth:r00t:n1'));
  assert.equal(
    text,
    [
      '*filter',
      '-D BERTH-FORWARD -i bt-n1 -o bt-n1 -m comment --comment "berth:r00t:n1" -j ACCEPT',
      '-D BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p tcp -m tcp --dport 80 -m comment --comment "berth:r00t:n1:abcdef012345" -j ACCEPT',
      'COMMIT',
      '*nat',
      '-D BERTH-DNAT -p tcp -m tcp --dport 5000 -m comment --comment "berth:r00t:n1:abcdef012345" -j DNAT --to-destination 10.9.8.2:80',
      'COMMIT',
      '',
    ].join('\n'),
  );
  assert.equal(planRemoval(parseSave(save), underTag('berth:r00t:n1:abcdef012345')).split('\n').filter((l) => l.startsWith('-D')).length, 2);
});

test('quoted values with spaces stay one argument', () => {
  assert.deepEqual(splitRuleLine('-A X -m comment --comment "a b" -j ACCEPT'), ['-A', 'X', '-m', 'comment', '--comment', 'a b', '-j', 'ACCEPT']);
});

test('the jumps and chains go only when no rule is left in any Berth chain', () => {
  const all = planRemoval(parseSave(save), (c) => c.startsWith('berth:r00t:')).split('\n');
  assert.ok(all.includes('-D FORWARD -j BERTH-FORWARD'));
  assert.ok(all.includes('-D PREROUTING -m addrtype --dst-type LOCAL -j BERTH-DNAT'));
  assert.ok(all.includes('-X BERTH-FORWARD'));
  assert.ok(all.includes('-X BERTH-POSTROUTING'));
  assert.ok(!all.some((l) => l.includes('DOCKER')), 'dockerd\'s rules are never touched');
  const some = planRemoval(parseSave(save), underTag('berth:r00t:n1'));
  assert.ok(!some.includes('-X '));
});
