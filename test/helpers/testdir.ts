/**
 * `testdir({...})`: a temporary directory holding the given files (paths may contain
 * folders), removed when the test ends.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';

export function testdir(files: Record<string, string>, t?: Pick<TestContext, 'after'>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-test-'));
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  if (t) t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
