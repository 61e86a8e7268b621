import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateTree } from '../../../src/parser/interpolate/tree.js';
import { parseYaml } from '../../../src/parser/yaml/parse.js';
import { treeSourceMap } from '../../../src/parser/yaml/source-map-builder.js';

const env: Record<string, string> = { TAG: '1.2', REPLICAS: '3', PRIV: 'true', PORT: '8080' };

test('values are interpolated, mapping keys are not, locations survive', () => {
  const { value } = parseYaml('services:\n  ${TAG}:\n    image: "app:${TAG}"\n    labels:\n      $TAG: x\n', 'c.yaml');
  const r = interpolateTree(value, (n) => env[n]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.value, { services: { '${TAG}': { image: 'app:1.2', labels: { $TAG: 'x' } } } });
  assert.deepEqual(treeSourceMap(r.value).locate(['services', '${TAG}', 'image']), { file: 'c.yaml', line: 3, column: 12 });
});

test('typed paths get numbers and booleans after interpolation', () => {
  const text = 'services:\n  a:\n    privileged: ${PRIV}\n    deploy:\n      replicas: ${REPLICAS}\n    ports:\n      - target: ${PORT}\n    image: ${REPLICAS}\n';
  const r = interpolateTree(parseYaml(text, 'c.yaml').value, (n) => env[n]);
  assert.deepEqual(r.value, { services: { a: { privileged: true, deploy: { replicas: 3 }, ports: [{ target: 8080 }], image: '3' } } });
});

test('x-* extensions are interpolated like any value', () => {
  const r = interpolateTree(parseYaml('x-tag: ${TAG}\n', 'c.yaml').value, (n) => env[n]);
  assert.deepEqual(r.value, { 'x-tag': '1.2' });
});

test('a missing required variable is an error at its ${ inside the value, naming the path', () => {
  const text = 'services:\n  web:\n    image: nginx\n    environment:\n      - SECRET=${SECRET:?set SECRET in .env}\n';
  const r = interpolateTree(parseYaml(text, 'compose.yaml').value, (n) => env[n]);
  assert.equal(r.errors.length, 1);
  assert.equal(
    r.errors[0]!.message,
    'compose.yaml:5:16: services.web.environment[0]: required variable SECRET is missing a value: set SECRET in .env',
  );
});

test('every bad value is reported, and unset names once each', () => {
  const text = 'a: ${X\nb: $U\nc: ${U}\nd: "${}"\n';
  const r = interpolateTree(parseYaml(text, 'c.yaml').value, () => undefined);
  assert.deepEqual(r.errors.map((e) => e.location?.line), [1, 4]);
  assert.deepEqual(r.unset, ['U']);
});

test('error columns point at the failing expression in plain and quoted strings, nested ones included', () => {
  const text = [
    'a: x-${OK}-${BAD:?no}',
    'b: "q ${X:-${Y:?inner}}"',
    "c: 'lit ${'",
    'd: "esc\\t ${Z:?z}"',
    'e: >-',
    '  folded ${W:?w}',
  ].join('\n');
  const r = interpolateTree(parseYaml(text, 'c.yaml').value, (n) => (n === 'OK' ? 'ok' : undefined));
  const cols = Object.fromEntries(r.errors.map((e) => [e.path, `${e.location?.line}:${e.location?.column}`]));
  assert.deepEqual(cols, {
    a: '1:12', // the second ${
    b: '2:12', // the inner ${Y:?inner}
    c: '3:9', // the unterminated ${ inside single quotes
    d: '4:4', // escapes shift columns: the value's start
    e: '5:4', // folded block: the value's start
  });
});
