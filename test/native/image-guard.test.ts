import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertImageUnused, imagesInUse } from '../../src/native/image-guard.js';
import { ConflictError } from '../../src/errors.js';
import type { ImageStore } from '../../src/native/image/image-store.js';
import { testdir } from '../helpers/testdir.js';

function withContainers(root: string, containers: { id: string; name: string; imageId: string }[]) {
  for (const c of containers) {
    mkdirSync(join(root, 'containers', c.id), { recursive: true });
    writeFileSync(join(root, 'containers', c.id, 'container.json'), JSON.stringify({ ...c, image: 'x' }));
  }
}

const store = (ids: Record<string, string>) => ({ resolve: async (ref: string) => (ids[ref] ? { id: ids[ref] } : undefined) }) as unknown as ImageStore;

test('images in use are found from the container records', (t) => {
  const root = testdir({}, t);
  withContainers(root, [
    { id: 'a', name: 'p-web-1', imageId: 'sha256:1' },
    { id: 'b', name: 'p-web-2', imageId: 'sha256:1' },
    { id: 'c', name: 'p-db-1', imageId: 'sha256:2' },
  ]);
  const used = imagesInUse(root);
  assert.deepEqual(used.get('sha256:1')?.sort(), ['p-web-1', 'p-web-2']);
  assert.deepEqual(used.get('sha256:2'), ['p-db-1']);
  assert.equal(used.size, 2);
});

test('removing an image a container stands on is refused, naming the containers', async (t) => {
  const root = testdir({}, t);
  withContainers(root, [{ id: 'a', name: 'p-web-1', imageId: 'sha256:1' }]);
  const s = store({ 'web:1': 'sha256:1', 'other:1': 'sha256:9' });
  await assert.rejects(assertImageUnused(s, root, 'web:1'), (e: unknown) => e instanceof ConflictError && /used by container p-web-1/.test(e.message));
  await assertImageUnused(s, root, 'other:1');
  await assertImageUnused(s, root, 'absent:1');
});
