import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeFiles } from '../../../src/parser/merge/merge-files.js';
import { parseYaml } from '../../../src/parser/yaml/parse.js';
import { treeSourceMap } from '../../../src/parser/yaml/source-map-builder.js';

const y = (text: string, file = 'a.yaml') => parseYaml(text, file).value;
const svc = (merged: Record<string, unknown>, name = 'web') => (merged.services as Record<string, Record<string, unknown>>)[name]!;

test('mappings merge, scalars are replaced, new services are added', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    image: a\n    restart: always\n'),
    y('services:\n  web:\n    image: b\n  db:\n    image: pg\n'),
  ]);
  assert.deepEqual(m, { services: { web: { image: 'b', restart: 'always' }, db: { image: 'pg' } } });
});

test('sequences append; command, entrypoint and healthcheck.test replace', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    dns: [1.1.1.1]\n    command: [echo, a]\n    entrypoint: sh\n    healthcheck:\n      test: [CMD, a]\n'),
    y('services:\n  web:\n    dns: [8.8.8.8, 1.1.1.1]\n    command: [echo, b]\n    entrypoint: [bash]\n    healthcheck:\n      test: [CMD, b]\n'),
  ]);
  const w = svc(m);
  assert.deepEqual(w.dns, ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(w.command, ['echo', 'b']);
  assert.deepEqual(w.entrypoint, ['bash']);
  assert.deepEqual(w.healthcheck, { test: ['CMD', 'b'] });
});

test('environment and labels merge by name, list or mapping form', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    environment:\n      - A=1\n      - B=2\n    labels: {x: "1"}\n'),
    y('services:\n  web:\n    environment:\n      B: 3\n      C: null\n    labels: ["y=2"]\n'),
  ]);
  assert.deepEqual(svc(m).environment, { A: '1', B: 3, C: null });
  assert.deepEqual(svc(m).labels, { x: '1', y: '2' });
});

test('ports, volumes, secrets and configs merge by their unique key', () => {
  const m = mergeFiles([
    y([
      'services:',
      '  web:',
      '    ports: ["8080:80", "127.0.0.1:9000:9000/udp"]',
      '    volumes: ["./a:/data", "logs:/var/log"]',
      '    secrets: [token, {source: cert, target: /etc/cert}]',
      '    configs: [conf]',
    ].join('\n')),
    y([
      'services:',
      '  web:',
      '    ports: ["8080:80", {target: 9000, published: "9000", host_ip: 127.0.0.1, protocol: udp}, "443:443"]',
      '    volumes: ["./b:/data", {type: volume, source: other, target: /var/log}]',
      '    secrets: [{source: token2, target: token}]',
      '    configs: [{source: conf, target: /conf, mode: 0440}]',
    ].join('\n')),
  ]);
  const w = svc(m);
  assert.deepEqual(w.ports, ['8080:80', { target: 9000, published: '9000', host_ip: '127.0.0.1', protocol: 'udp' }, '443:443']);
  assert.deepEqual(w.volumes, ['./b:/data', { type: 'volume', source: 'other', target: '/var/log' }]);
  assert.deepEqual(w.secrets, [{ source: 'token2', target: 'token' }, { source: 'cert', target: '/etc/cert' }]);
  assert.deepEqual(w.configs, [{ source: 'conf', target: '/conf', mode: 0o440 }]);
});

test('depends_on and networks merge across list and mapping forms; build string becomes context', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    depends_on: [db]\n    networks: [front]\n    build: ./app\n'),
    y('services:\n  web:\n    depends_on:\n      cache:\n        condition: service_healthy\n    networks:\n      back:\n        aliases: [w]\n    build:\n      dockerfile: Dev\n'),
  ]);
  const w = svc(m);
  assert.deepEqual(w.depends_on, { db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } });
  assert.deepEqual(w.networks, { front: null, back: { aliases: ['w'] } });
  assert.deepEqual(w.build, { context: './app', dockerfile: 'Dev' });
});

test('logging with a different driver replaces, the same driver merges options', () => {
  const base = 'services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m}\n';
  assert.deepEqual(svc(mergeFiles([y(base), y('services:\n  web:\n    logging:\n      driver: syslog\n')])).logging, { driver: 'syslog' });
  assert.deepEqual(svc(mergeFiles([y(base), y('services:\n  web:\n    logging:\n      options: {max-file: "3"}\n')])).logging, {
    driver: 'json-file',
    options: { 'max-size': '1m', 'max-file': '3' },
  });
});

test('!reset removes inherited values, !override replaces without merging', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    image: a\n    ports: ["80:80"]\n    environment: {A: "1", B: "2"}\n    dns: [1.1.1.1]\n'),
    y('services:\n  web:\n    ports: !reset []\n    environment: !override {C: "3"}\n    dns: !override [8.8.8.8]\n    user: !reset null\n'),
  ]);
  assert.deepEqual(svc(m), { image: 'a', environment: { C: '3' }, dns: ['8.8.8.8'] });
});

test('a !reset in the first file leaves no value and no tag behind', () => {
  const m = mergeFiles([y('services:\n  web:\n    image: a\n    ports: !reset ["80:80"]\n')]);
  assert.deepEqual(m, { services: { web: { image: 'a' } } });
});

test('a merged value keeps the location of the file it came from', () => {
  const m = mergeFiles([
    y('services:\n  web:\n    image: a\n    ports: ["80:80"]\n', 'base.yaml'),
    y('services:\n\n  web:\n    image: b\n    ports: ["81:81"]\n', 'override.yaml'),
  ]);
  const map = treeSourceMap(m);
  assert.deepEqual(map.locate(['services', 'web', 'image']), { file: 'override.yaml', line: 4, column: 12 });
  assert.equal(map.locate(['services', 'web', 'ports', 0])?.file, 'base.yaml');
  assert.deepEqual(map.locate(['services', 'web', 'ports', 1]), { file: 'override.yaml', line: 5, column: 13 });
});
