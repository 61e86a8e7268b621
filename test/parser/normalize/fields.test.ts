import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

const svc = (body: string) => normalizeYaml(`services:\n  s:\n    image: x\n${body}`).services.s!;

test('sizes become bytes, durations milliseconds, flags booleans', () => {
  const s = svc('    mem_limit: 512m\n    shm_size: 1gb\n    memswap_limit: -1\n    stop_grace_period: 1m30s\n    tty: "true"\n    cpus: "0.5"\n');
  assert.equal(s.mem_limit, 512 * 1024 ** 2);
  assert.equal(s.shm_size, 1024 ** 3);
  assert.equal(s.memswap_limit, -1);
  assert.equal(s.stop_grace_period, 90_000);
  assert.equal(s.tty, true);
  assert.equal(s.cpus, 0.5);
});

test('labels, sysctls, ulimits, extra_hosts, dns in their one form', () => {
  const s = svc(
    '    labels: [a=1, b]\n    sysctls: {net.core.somaxconn: 1024}\n    ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}\n' +
      '    extra_hosts: ["h1=10.0.0.1", "h2:10.0.0.2"]\n    dns: 8.8.8.8\n',
  );
  assert.deepEqual(s.labels, { a: '1', b: '' });
  assert.deepEqual(s.sysctls, { 'net.core.somaxconn': '1024' });
  assert.deepEqual(s.ulimits, { nproc: { soft: 65535, hard: 65535 }, nofile: { soft: 1, hard: 2 } });
  assert.deepEqual(s.extra_hosts, ['h1:10.0.0.1', 'h2:10.0.0.2']);
  assert.deepEqual(s.dns, ['8.8.8.8']);
});

test('extra_hosts mapping form', () => {
  assert.deepEqual(svc('    extra_hosts: {h: [1.1.1.1, 2.2.2.2]}\n').extra_hosts, ['h:1.1.1.1', 'h:2.2.2.2']);
});

test('secrets and configs references get their default targets', () => {
  const p = normalizeYaml(
    'services:\n  s:\n    image: x\n    secrets: [pw, {source: key, target: k, mode: "0400"}]\n    configs: [conf]\n' +
      'secrets:\n  pw: {file: ./pw.txt}\n  key: {external: true}\nconfigs:\n  conf: {content: hi}\n',
  );
  assert.deepEqual(p.services.s!.secrets, [
    { source: 'pw', target: '/run/secrets/pw' },
    { source: 'key', target: '/run/secrets/k', mode: 0o400 },
  ]);
  assert.deepEqual(p.services.s!.configs, [{ source: 'conf', target: '/conf' }]);
  assert.deepEqual(p.secrets, { pw: { name: 'proj_pw', external: false, file: '/srv/app/pw.txt' }, key: { name: 'key', external: true } });
});

test('fields the model does not type and x-* keys are kept verbatim', () => {
  const s = svc('    x-note: hello\n    develop: {watch: [{path: ., action: rebuild}]}\n');
  assert.deepEqual(s.extensions, { 'x-note': 'hello', develop: { watch: [{ path: '.', action: 'rebuild' }] } });
});
