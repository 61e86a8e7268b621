import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateFile } from '../../../src/parser/validate/index.js';
import { loadValidator } from '../../../src/parser/validate/compiled.js';
import { parseWithMap } from '../../helpers/parse-with-map.js';

const errorsOf = (yaml: string) => {
  const { tree, map } = parseWithMap(yaml);
  return validateFile(tree, map, 'compose.yaml').map((e) => e.message);
};

test('one message per location, the most specific, in file order', () => {
  assert.deepEqual(
    errorsOf('services:\n  web:\n    imag: nginx\n    ports: "80"\n    deploy:\n      resources:\n        limits: {memory: big}\n'),
    [
      'compose.yaml:3:5: services.web: unknown key "imag" (did you mean "image"?)',
      'compose.yaml:4:12: services.web.ports: expected a sequence, got the string "80"',
      'compose.yaml:7:26: services.web.deploy.resources.limits.memory: invalid value "big": expected a size such as "512m", "1g" or a number of bytes',
    ],
  );
});

test('wording uses YAML words, not JSON Schema ones', () => {
  const [msg] = errorsOf('services:\n  web:\n    image: x\n    labels: 3\n');
  assert.equal(msg, 'compose.yaml:4:13: services.web.labels: expected a mapping or a sequence, got the number 3');
  assert.doesNotMatch(msg!, /object|array/);
});

test('x- extensions are allowed where Compose allows them', () => {
  assert.deepEqual(errorsOf('x-common: &c {a: 1}\nservices:\n  web:\n    image: x\n    x-note: hi\nnetworks:\n  n: {x-meta: 1}\n'), []);
});

test('interpolated strings pass where numbers and booleans are expected', () => {
  assert.deepEqual(errorsOf('services:\n  web:\n    image: x\n    cpus: "0.5"\n    tty: "true"\n    scale: "2"\n'), []);
});

test('the precompiled validator and a runtime compile agree', () => {
  const generated = new URL('../../../src/parser/validate/compose-validator.cjs', import.meta.url);
  assert.ok(existsSync(generated), 'dist/src/parser/validate/compose-validator.cjs missing: run npm run build');
  const pre = loadValidator();
  const now = loadValidator('runtime');
  const { tree } = parseWithMap('services:\n  web:\n    imag: x\n    ports: 3\n');
  assert.equal(pre(tree), false);
  assert.equal(now(tree), false);
  assert.deepEqual(pre.errors?.map((e) => e.instancePath + e.keyword), now.errors?.map((e) => e.instancePath + e.keyword));
});

test('every awesome-compose file passes the schema', (t) => {
  const root = '/work/shared/corpus/awesome-compose';
  let dirs: string[];
  try {
    dirs = readdirSync(root);
  } catch {
    if (process.env.CI === 'true') assert.fail(`corpus missing at ${root}`);
    t.skip(`corpus missing at ${root}`);
    return;
  }
  const validate = loadValidator();
  for (const d of dirs) {
    const file = readdirSync(join(root, d)).find((f) => /^compose\.ya?ml$/.test(f));
    if (!file) continue;
    assert.equal(validate(parse(readFileSync(join(root, d, file), 'utf8'))), true, `${d}: ${JSON.stringify(validate.errors)}`);
  }
});

test('every pattern in the schema has words for people', async () => {
  const { patternWords } = await import('../../../src/parser/validate/describe.js');
  const { schemaFile } = await import('../../../src/parser/validate/compiled.js');
  const schema = JSON.parse(readFileSync(schemaFile(), 'utf8')) as unknown;
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string') {
        if (!patternWords(`#${path}/pattern`, v) && !patternWords('#/pattern', v)) missing.push(`${path}/pattern`);
      } else if (k !== 'patternProperties') walk(v, `${path}/${k}`);
    }
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});

test('bad names of services and resources are reported at the name', () => {
  assert.deepEqual(errorsOf('services:\n  "web app":\n    image: x\nvolumes:\n  "v/1": {}\n'), [
    `compose.yaml:2:3: services: invalid name "web app": names may contain only letters, digits, '.', '_' and '-'`,
    `compose.yaml:5:3: volumes: invalid name "v/1": names may contain only letters, digits, '.', '_' and '-'`,
  ]);
});
