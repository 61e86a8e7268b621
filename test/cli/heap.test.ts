import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HEAP = fileURLToPath(new URL('../../src/cli/heap.js', import.meta.url));

/** the young generation's capacity after allocating a few MB of live objects, in a fresh process */
function youngCapacityAfterGrowth(bytes: number): number {
  const script = `
    const { tuneHeapForInput } = await import(${JSON.stringify(HEAP)});
    tuneHeapForInput(${bytes});
    const keep = [];
    for (let i = 0; i < 20000; i++) keep.push({ i, s: 'x' + i });
    const v8 = await import('node:v8');
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('a large input grows the young generation faster; a small one leaves it as it is', () => {
  const small = youngCapacityAfterGrowth(1000);
  const large = youngCapacityAfterGrowth(1_000_000);
  assert.ok(large > small, `new space ${large} (large input) is not above ${small} (small input)`);
});
