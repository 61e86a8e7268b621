import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

const yaml = `services:
  db: {image: postgres}
  cache: {image: redis}
  side: {image: busybox}
  web:
    image: nginx
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started, required: false}
    links: ["db:database", cache]
    volumes_from: ["side:ro", "container:other"]
    ipc: "service:side"
  net:
    image: busybox
    network_mode: "service:web"
    depends_on: [db]
`;

test('depends_on map and list forms expand with defaults', () => {
  const p = normalizeYaml(yaml);
  assert.deepEqual(p.services.web!.depends_on, {
    db: { condition: 'service_healthy', required: true, restart: true },
    cache: { condition: 'service_started', required: false, restart: false },
  });
  assert.deepEqual(p.services.net!.depends_on, { db: { condition: 'service_started', required: true, restart: false } });
});

test('links, volumes_from, ipc and network_mode fold into dependencies with kind, alias and location', () => {
  const p = normalizeYaml(yaml);
  const edges = p.services.web!.dependencies.map((d) => [d.kind, d.service, d.alias ?? '', d.location?.line]);
  assert.deepEqual(edges, [
    ['depends_on', 'db', '', 8],
    ['depends_on', 'cache', '', 9],
    ['link', 'db', 'database', 10],
    ['link', 'cache', 'cache', 10],
    ['ipc', 'side', '', 12],
    ['volumes_from', 'side', '', 11],
  ]);
  assert.deepEqual(p.services.web!.links, [{ service: 'db', alias: 'database' }, { service: 'cache', alias: 'cache' }]);
  assert.deepEqual(p.services.net!.dependencies.map((d) => [d.kind, d.service]), [['depends_on', 'db'], ['network_mode', 'web']]);
});

test('a service with network_mode joins no network', () => {
  const p = normalizeYaml(yaml);
  assert.deepEqual(p.services.net!.networks, {});
  assert.deepEqual(Object.keys(p.services.web!.networks), ['default']);
});
