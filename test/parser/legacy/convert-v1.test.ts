import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertV1 } from '../../../src/parser/legacy/convert-v1.js';
import { detectFormat } from '../../../src/parser/legacy/detect-v1.js';
import { parseYaml } from '../../../src/parser/yaml/parse.js';
import { treeSourceMap } from '../../../src/parser/yaml/source-map-builder.js';

const example = fileURLToPath(new URL('../../../../examples/legacy-v1/docker-compose.yml', import.meta.url));
const tree = (text: string) => parseYaml(text, 'docker-compose.yml').value as Record<string, unknown>;

test('detection follows docker-compose 1.x: no version and no services/networks/volumes', () => {
  assert.equal(detectFormat(tree('web:\n  image: nginx\n')), 'v1');
  assert.equal(detectFormat(tree('services:\n  web:\n    image: nginx\n')), 'spec');
  assert.equal(detectFormat(tree('version: "2"\nweb:\n  image: nginx\n')), 'spec');
  assert.equal(detectFormat(tree('volumes:\n  data: {}\n')), 'spec');
  // a `version` mapping is a service called "version"
  assert.equal(detectFormat(tree('version:\n  image: nginx\n')), 'v1');
  // specification-only files that 1.x never saw
  assert.equal(detectFormat(tree('include:\n  - other.yaml\n')), 'spec');
  assert.equal(detectFormat(tree('name: app\n')), 'spec');
  assert.equal(detectFormat(tree('x-only: 1\n')), 'spec');
  assert.equal(detectFormat(tree('services: {}\n')), 'spec');
  assert.equal(detectFormat(tree('services:\n')), 'spec');
  assert.equal(detectFormat({}), 'spec');
});

test('the classic three-service example converts to services, links kept', () => {
  const t = tree(readFileSync(example, 'utf8'));
  assert.equal(detectFormat(t), 'v1');
  const out = convertV1(t);
  const services = out.services as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(out), ['services']);
  assert.deepEqual(Object.keys(services), ['rproxy', 'web', 'db']);
  assert.deepEqual(services.rproxy, {
    image: 'nginx:1.9',
    ports: ['5000:80'],
    volumes: ['./nginx.conf:/etc/nginx/nginx.conf:ro'],
    links: ['web:web'],
  });
  assert.deepEqual(services.web!.links, ['db:database']);
  assert.ok(Array.isArray(services.web!.command));
  assert.deepEqual(services.db!.environment, ['POSTGRES_USER=app', 'POSTGRES_PASSWORD=secret', 'POSTGRES_DB=app']);
  // positions still point into the original file
  const map = treeSourceMap(out);
  assert.equal(map.locate(['services', 'db', 'environment', 1])?.line, 22);
});

test('old keys move to their specification names', () => {
  const out = convertV1(tree([
    'app:',
    '  build: ./app',
    '  dockerfile: Dockerfile.dev',
    '  log_driver: syslog',
    '  log_opt:',
    '    tag: app',
    'side:',
    '  image: busybox',
    '  net: "container:app"',
    'other:',
    '  image: busybox',
    '  net: host',
    'ext:',
    '  image: busybox',
    '  net: "container:not-a-service"',
  ].join('\n')));
  const s = out.services as Record<string, Record<string, unknown>>;
  assert.deepEqual(s.app, { build: { context: './app', dockerfile: 'Dockerfile.dev' }, logging: { driver: 'syslog', options: { tag: 'app' } } });
  assert.equal(s.side!.network_mode, 'service:app');
  assert.equal(s.other!.network_mode, 'host');
  assert.equal(s.ext!.network_mode, 'container:not-a-service');
  assert.equal(s.side!.net, undefined);
  assert.equal(treeSourceMap(out).locate(['services', 'app', 'logging', 'driver'])?.line, 4);
});
