import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml, stageErrors } from '../../helpers/normalize-yaml.js';

const ports = (list: string) => normalizeYaml(`services:\n  web:\n    image: nginx\n    ports: ${list}\n`).services.web!.ports;

test('short port syntax expands to long form', () => {
  assert.deepEqual(ports('["8080:80", "443", "127.0.0.1:53:53/udp"]'), [
    { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
    { mode: 'ingress', target: 443, protocol: 'tcp' },
    { mode: 'ingress', host_ip: '127.0.0.1', target: 53, published: '53', protocol: 'udp' },
  ]);
});

test('a number is a container port', () => {
  assert.deepEqual(ports('[3000]'), [{ mode: 'ingress', target: 3000, protocol: 'tcp' }]);
});

test('equal ranges expand pairwise; a host range for one port stays a range', () => {
  assert.deepEqual(
    ports('["9000-9001:80-81"]').map((p) => [p.published, p.target]),
    [['9000', 80], ['9001', 81]],
  );
  assert.deepEqual(ports('["9000-9010:80"]'), [{ mode: 'ingress', target: 80, published: '9000-9010', protocol: 'tcp' }]);
});

test('ipv6 host addresses, bracketed or not', () => {
  assert.equal(ports('["[::1]:8080:80"]')[0]!.host_ip, '::1');
  assert.equal(ports('["::1:8080:80"]')[0]!.host_ip, '::1');
});

test('long syntax keeps its fields and fills defaults', () => {
  assert.deepEqual(ports('[{target: 80, published: 8080, host_ip: 0.0.0.0, name: web}]'), [
    { name: 'web', mode: 'ingress', host_ip: '0.0.0.0', target: 80, published: '8080', protocol: 'tcp' },
  ]);
});

test('invalid short ports are located errors', () => {
  const yaml = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:xx"\n      - "1-3:4-5"\n      - "80/icmp"\n';
  assert.deepEqual(stageErrors(yaml), [
    'compose.yaml:5:9: services.web.ports[0]: invalid port "80:xx": expected [[ip:]host:]container[/protocol]',
    'compose.yaml:6:9: services.web.ports[1]: invalid port "1-3:4-5": expected [[ip:]host:]container[/protocol]',
    'compose.yaml:7:9: services.web.ports[2]: invalid port "80/icmp": expected [[ip:]host:]container[/protocol]',
  ]);
});

test('a container port above 65535 is refused', () => {
  assert.match(stageErrors('services:\n  web:\n    image: nginx\n    ports: ["70000"]\n')[0]!, /invalid port "70000"/);
});
