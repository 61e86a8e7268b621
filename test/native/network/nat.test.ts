import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRule, networkRules, planBaseRemoval, planRuleRemoval, portRules, splitRuleLine } from '../../../src/native/network/nat.js';

const net = { tag: 'berth:r00t:n1', bridge: 'bt-n1', subnet: '10.9.8.0/24', internal: false, id: 'n1' };

test('a routed network gets isolation, outbound NAT and loopback masquerade in our chains', () => {
  const lines = networkRules(net).map((r) => addRule(r).join(' '));
  const c = '-m comment --comment berth:r00t:n1';
  assert.deepEqual(lines, [
    `iptables -w -t filter -A BERTH-FORWARD -i bt-n1 -o bt-n1 -j ACCEPT ${c}`,
    `iptables -w -t filter -A BERTH-FORWARD -i bt-n1 -o bt-+ -j DROP ${c}`,
    `iptables -w -t filter -A BERTH-FORWARD -i bt-n1 ! -o bt-n1 -j ACCEPT ${c}`,
    `iptables -w -t filter -A BERTH-FORWARD -o bt-n1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ${c}`,
    `iptables -w -t nat -A BERTH-POSTROUTING -s 10.9.8.0/24 ! -o bt-n1 -j MASQUERADE ${c}`,
    `iptables -w -t nat -A BERTH-POSTROUTING -s 127.0.0.0/8 -o bt-n1 -j MASQUERADE ${c}`,
    `iptables -w -t nat -A BERTH-POSTROUTING -s 10.9.8.0/24 -o bt-n1 -m conntrack --ctstate DNAT -j MASQUERADE ${c}`,
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
  assert.equal(dnat, 'iptables -w -t nat -A BERTH-DNAT -d 127.0.0.1/32 -p udp --dport 5000 -m comment --comment berth:r00t:n1:abcdef012345 -j DNAT --to-destination 10.9.8.2:53');
  assert.equal(fwd, 'iptables -w -t filter -A BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p udp --dport 53 -m comment --comment berth:r00t:n1:abcdef012345 -j ACCEPT');
  const any = portRules({ ...p, hostIp: '0.0.0.0' }, net).map((r) => addRule(r).join(' '));
  assert.ok(!any[0]!.includes(' -d '));
});

const listing = [
  '-N BERTH-FORWARD',
  '-A BERTH-FORWARD -i bt-n1 -o bt-n1 -m comment --comment "berth:r00t:n1" -j ACCEPT',
  '-A BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p tcp -m tcp --dport 80 -m comment --comment "berth:r00t:n1:abcdef012345" -j ACCEPT',
  '-A BERTH-FORWARD -i bt-n11 -o bt-n11 -m comment --comment "berth:r00t:n11" -j ACCEPT',
  '-A BERTH-FORWARD -m comment --comment "someone else" -j ACCEPT',
].join('\n');

test('removal deletes exactly the rules tagged for the network, its ports included, and no prefix look-alikes', () => {
  const dels = planRuleRemoval('filter', listing, 'berth:r00t:n1').map((c) => c.join(' '));
  assert.deepEqual(dels, [
    'iptables -w -t filter -D BERTH-FORWARD -i bt-n1 -o bt-n1 -m comment --comment berth:r00t:n1 -j ACCEPT',
    'iptables -w -t filter -D BERTH-FORWARD -d 10.9.8.2/32 ! -i bt-n1 -o bt-n1 -p tcp -m tcp --dport 80 -m comment --comment berth:r00t:n1:abcdef012345 -j ACCEPT',
  ]);
  assert.equal(planRuleRemoval('filter', listing, 'berth:r00t:n1:abcdef012345').length, 1);
});

test('quoted values with spaces stay one argument', () => {
  assert.deepEqual(splitRuleLine('-A X -m comment --comment "a b" -j ACCEPT'), ['-A', 'X', '-m', 'comment', '--comment', 'a b', '-j', 'ACCEPT']);
});

test('the base chains go only when every Berth chain is empty', () => {
  assert.deepEqual(planBaseRemoval([listing, '-N BERTH-POSTROUTING', '-N BERTH-DNAT']), []);
  const cmds = planBaseRemoval(['-N BERTH-FORWARD', '-N BERTH-POSTROUTING', '-N BERTH-DNAT']).map((c) => c.join(' '));
  assert.deepEqual(cmds, [
    'iptables -w -t nat -D OUTPUT -m addrtype --dst-type LOCAL -j BERTH-DNAT',
    'iptables -w -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j BERTH-DNAT',
    'iptables -w -t nat -D POSTROUTING -j BERTH-POSTROUTING',
    'iptables -w -t filter -D FORWARD -j BERTH-FORWARD',
    'iptables -w -t nat -X BERTH-DNAT',
    'iptables -w -t nat -X BERTH-POSTROUTING',
    'iptables -w -t filter -X BERTH-FORWARD',
  ]);
});
