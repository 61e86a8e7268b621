/**
 * `compose config` must stay light: the Docker client and the progress UI are loaded
 * only by the commands that use them. A module-resolution hook lists what the CLI loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../helpers/run-cli.js';
import { testdir } from '../helpers/testdir.js';

test('config loads neither dockerode nor listr2', (t) => {
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx, ports: ["80:80"], depends_on: [db]}\n  db: {image: postgres}\n' }, t);
  const hook = join(dir, 'hook.mjs');
  writeFileSync(hook, "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n");
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, CLI, 'config'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^name: /);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
  // the hook must have seen the parser, or this test proves nothing
  assert.ok(loaded.some((l) => l.includes('/parser/normalize/')), 'module hook saw no parser module');
  assert.deepEqual(loaded.filter((l) => /node_modules\/(dockerode|docker-modem|listr2|ssh2)\//.test(l)), []);
});
