import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, serviceConfigHash } from '../../src/planner/config-hash.js';
import { makeService, type ServiceInput } from '../helpers/model.js';
import type { Service } from '../../src/model/project.js';
import { loadProject } from '../../src/parser/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const input: ServiceInput = { image: 'nginx:1', environment: { A: '1', B: '2' }, deploy: { replicas: 1, resources: {}, labels: {} } };
const base = makeService('web', input);
const withDeps = makeService('web', { ...input, depends_on: { db: { condition: 'service_healthy' } } });

test('the hash is a sha256 hex digest and stable', () => {
  assert.match(serviceConfigHash(base), /^[0-9a-f]{64}$/);
  assert.equal(serviceConfigHash(base), serviceConfigHash(makeService('web', { image: 'nginx:1', environment: { B: '2', A: '1' }, deploy: { replicas: 1, resources: {}, labels: {} } })));
});

test('scale, replicas, depends_on, profiles, location, build and pull_policy do not change it', () => {
  const variants = [
    ({ ...base, scale: 3 } as Service),
    ({ ...base, deploy: { replicas: 5, resources: {}, labels: {} } } as Service),
    withDeps,
    ({ ...base, profiles: ['x'] } as Service),
    ({ ...base, location: { file: '/other.yaml', line: 9, column: 3 } } as Service),
    ({ ...base, build: { context: '/src', args: {}, labels: {} } } as Service),
    ({ ...base, pull_policy: 'always' } as Service),
  ];
  for (const v of variants) assert.equal(serviceConfigHash(v), serviceConfigHash(base));
});

test('image, environment, command, ports, links and deploy limits do change it', () => {
  const variants = [
    ({ ...base, image: 'nginx:2' } as Service),
    ({ ...base, environment: { A: '1', B: '3' } } as Service),
    ({ ...base, command: ['sh'] } as Service),
    ({ ...base, ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] } as Service),
    makeService('web', { ...input, links: ['db'] }),
    ({ ...base, deploy: { replicas: 1, resources: { limits: { memory: 1024 } }, labels: {} } } as Service),
  ];
  const hashes = new Set([serviceConfigHash(base), ...variants.map(serviceConfigHash)]);
  assert.equal(hashes.size, variants.length + 1);
});

test('canonical JSON sorts keys at every level and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
});

test('a parsed file hashes the same when only its layout changes (comments, key order, short syntax)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-hash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hashes = async (file: string, text: string): Promise<string[]> => {
    writeFileSync(join(dir, file), text);
    const { project } = await loadProject({ files: [file], envFiles: [], profiles: [], env: {}, cwd: dir });
    return Object.keys(project.services).sort().map((k) => serviceConfigHash(project.services[k]!));
  };
  const a = await hashes('a.yaml', 'services:\n  web:\n    image: nginx\n    environment: [A=1, B=2]\n    depends_on: [db]\n  db:\n    image: postgres\n');
  const b = await hashes('b.yaml', '# moved around\n\nservices:\n  db: { image: postgres }\n  web:\n    depends_on:\n      db: { condition: service_started }\n    environment: { B: "2", A: "1" }\n    image: nginx\n    scale: 1\n');
  assert.deepEqual(b, a);
  const c = await hashes('c.yaml', 'services:\n  web:\n    image: nginx\n    environment: [A=1, B=3]\n  db:\n    image: postgres\n');
  assert.equal(c[0], a[0]);
  assert.notEqual(c[1], a[1]);
});
