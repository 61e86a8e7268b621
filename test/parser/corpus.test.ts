/**
 * Every compose file of the shared awesome-compose corpus must load: discovered from a
 * temporary copy of its sample folder (with its .env), interpolated, validated and
 * normalized. None of them is expected to fail: Docker Compose loads all 39.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../src/parser/index.js';

const CORPUS = '/work/shared/corpus/awesome-compose';
const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** files Docker Compose itself rejects, with why (none so far) */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {};

const samples = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => NAMES.some((n) => existsSync(join(CORPUS, d, n)))).sort() : [];

test('the corpus is present', (t) => {
  if (samples.length > 0) return;
  if (process.env.CI === 'true') assert.fail(`compose corpus missing at ${CORPUS}`);
  t.skip(`compose corpus missing at ${CORPUS}`);
});

for (const sample of samples) {
  test(`corpus: ${sample}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-corpus-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const copy = join(dir, sample);
    cpSync(join(CORPUS, sample), copy, { recursive: true });
    const file = NAMES.find((n) => existsSync(join(copy, n)))!;
    const raw = parse(readFileSync(join(copy, file), 'utf8')) as { services?: Record<string, unknown> };
    const load = loadProject({ files: [], envFiles: [], profiles: ['*'], env: {}, cwd: copy });
    const why = EXPECTED_FAILURES[sample];
    if (why !== undefined) {
      await assert.rejects(load, Error, `expected to fail like Docker Compose: ${why}`);
      return;
    }
    const { project, warnings } = await load;
    assert.deepEqual(Object.keys(project.services).sort(), Object.keys(raw.services ?? {}).sort());
    assert.equal(project.working_dir, copy);
    assert.deepEqual(project.config_files, [join(copy, file)]);
    // the samples that ship a .env define every variable they use
    if (existsSync(join(copy, '.env'))) assert.deepEqual(warnings.filter((w) => /variable is not set/.test(w)), []);
  });
}
