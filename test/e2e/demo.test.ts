/**
 * The README's main job: `npm run demo` brings the classic three-service v1 stack up on the
 * native runtime, gets its answer through the published port and takes it down. Run here as
 * users run it, so a change that breaks the promise fails CI. Needs root and port 5000.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

test('npm run demo: the v1 stack comes up natively, answers on 127.0.0.1:5000 and goes down', { timeout: 180_000 }, (t) => {
  if (process.getuid?.() !== 0) {
    if (process.env['CI'] === 'true') throw new Error('the demo needs root (native runtime)');
    t.skip('the demo needs root (native runtime)');
    return;
  }
  // the default state root puts containers under a `berth` cgroup in each hierarchy; remove
  // the ones this test made (empty once the demo is down), keep those that were there before
  const parents = () => ['/sys/fs/cgroup/berth', ...readdirSync('/sys/fs/cgroup').map((h) => `/sys/fs/cgroup/${h}/berth`)].filter((p) => existsSync(p));
  const before = new Set(parents());
  t.after(() => {
    for (const p of parents()) if (!before.has(p)) rmdirSync(p);
  });
  const r = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 170_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(r.stdout, /answered:\n[\s\S]*the database is up/, out);
  assert.match(r.stdout, /went down/);
  // down took everything of the project away
  const ps = spawnSync(process.execPath, ['dist/cli/compose.cjs', '-p', 'berth-demo', '-f', 'examples/demo/docker-compose.yml', 'ps', '-a', '-q'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(ps.status, 0, ps.stderr);
  assert.equal(ps.stdout.trim(), '', 'containers of the demo left after down');
});
