import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stageErrors } from '../../helpers/normalize-yaml.js';

test('a clean project has no findings', () => {
  assert.deepEqual(
    stageErrors('services:\n  web: {image: nginx, depends_on: [db], ports: ["80:80"], networks: [front]}\n  db: {image: postgres, volumes: [data:/d]}\nnetworks:\n  front: {}\nvolumes:\n  data: {}\n'),
    [],
  );
});

test('cycles are reported once, as their path, starting from the first name in sorted order', () => {
  assert.deepEqual(
    stageErrors('services:\n  web: {image: x, depends_on: [db]}\n  db: {image: x, depends_on: [cache]}\n  cache: {image: x, depends_on: [web]}\n'),
    ['compose.yaml:4:34: services.cache: dependency cycle: cache -> web -> db -> cache'],
  );
});

test('an unknown dependency that is optional is not an error; a disabled one names its profile', () => {
  assert.deepEqual(stageErrors('services:\n  web:\n    image: x\n    depends_on:\n      db: {condition: service_started, required: false}\n'), []);
  assert.deepEqual(
    stageErrors('services:\n  web: {image: x, depends_on: [dbg]}\n  dbg: {image: x, profiles: [debug]}\n', { disabledServices: ['dbg'] }),
    ['compose.yaml:2:32: services.web.depends_on: service "dbg" is needed by "web" but is disabled; enable it with a profile (debug)'],
  );
});

test('host ports: same port on different addresses or protocols is fine, a wildcard clashes with all', () => {
  assert.deepEqual(
    stageErrors('services:\n  a: {image: x, ports: ["127.0.0.1:80:80", "53:53/udp"]}\n  b: {image: x, ports: ["127.0.0.2:80:80", "53:53/tcp"]}\n'),
    [],
  );
  assert.deepEqual(stageErrors('services:\n  a: {image: x, ports: ["127.0.0.1:80:80"]}\n  b: {image: x, ports: ["80:80"]}\n'), [
    'compose.yaml:3:25: services.b.ports[0]: host port 80/tcp is already published by service "a"',
  ]);
  assert.deepEqual(stageErrors('services:\n  a: {image: x, ports: ["8000-8001:80-81", "8001:90"]}\n'), [
    'compose.yaml:2:44: services.a.ports[1]: host port 8001/tcp is already published by this service',
  ]);
});

test('resources used but not declared, with suggestions', () => {
  assert.deepEqual(
    stageErrors('services:\n  a:\n    image: x\n    networks: {backend: {}}\n    volumes: [dat:/d]\nnetworks:\n  back-end: {}\nvolumes:\n  data: {}\n'),
    [
      'compose.yaml:4:25: services.a.networks.backend: network "backend" is not declared in the top-level networks (did you mean "back-end"?)',
      'compose.yaml:5:15: services.a.volumes[0]: volume "dat" is not declared in the top-level volumes (did you mean "data"?)',
    ],
  );
});

test('the implicit default network needs no declaration', () => {
  assert.deepEqual(stageErrors('services:\n  a: {image: x, networks: [default]}\n'), []);
});
