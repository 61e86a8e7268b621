import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/parser/yaml/parse.js';
import { treeSourceMap } from '../../../src/parser/yaml/source-map-builder.js';
import { entryMeta } from '../../../src/parser/yaml/located.js';

test('values, keys and sequence items are located', () => {
  const { value, errors } = parseYaml('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - 443\n', 'c.yaml');
  assert.deepEqual(errors, []);
  const map = treeSourceMap(value);
  assert.deepEqual(map.locate(['services', 'web', 'image']), { file: 'c.yaml', line: 3, column: 12 });
  assert.deepEqual(map.locateKey?.(['services', 'web', 'image']), { file: 'c.yaml', line: 3, column: 5 });
  assert.deepEqual(map.locate(['services', 'web', 'ports', 1]), { file: 'c.yaml', line: 6, column: 9 });
  // a path below a scalar falls back to the nearest located ancestor
  assert.deepEqual(map.locate(['services', 'web', 'ports', 1, 'target']), { file: 'c.yaml', line: 6, column: 9 });
  assert.deepEqual(map.locate(['services', 'nope']), { file: 'c.yaml', line: 2, column: 3 });
});

test('anchors, aliases and merge keys resolve; explicit keys win over merged ones', () => {
  const text = [
    'x-base: &base',
    '  image: busybox',
    '  restart: always',
    'x-more: &more',
    '  restart: "no"',
    '  user: nobody',
    'services:',
    '  a:',
    '    <<: [*base, *more]',
    '    image: alpine',
    '  b: *base',
  ].join('\n');
  const { value, errors } = parseYaml(text, 'c.yaml');
  assert.deepEqual(errors, []);
  const services = (value as { services: Record<string, Record<string, unknown>> }).services;
  assert.deepEqual(services.a, { image: 'alpine', restart: 'always', user: 'nobody' });
  assert.deepEqual(services.b, { image: 'busybox', restart: 'always' });
  // a merged key keeps the place where the anchor wrote it
  const map = treeSourceMap(value);
  assert.deepEqual(map.locate(['services', 'a', 'user']), { file: 'c.yaml', line: 6, column: 9 });
  assert.deepEqual(map.locate(['services', 'a', 'image']), { file: 'c.yaml', line: 10, column: 12 });
});

test('a quoted "<<" is an ordinary key', () => {
  const { value } = parseYaml('a:\n  "<<": 1\n', 'c.yaml');
  assert.deepEqual(value, { a: { '<<': 1 } });
});

test('!reset and !override tags are kept as merge metadata, not as values', () => {
  const { value, errors } = parseYaml('a: !reset null\nb: !override [1]\nc: !reset\n', 'c.yaml');
  assert.deepEqual(errors, []);
  assert.deepEqual(value, { a: null, b: [1], c: null });
  const root = value as object;
  assert.equal(entryMeta(root, 'a')?.tag, 'reset');
  assert.equal(entryMeta(root, 'b')?.tag, 'override');
  assert.equal(entryMeta(root, 'c')?.tag, 'reset');
});

test('a YAML syntax error names the file, line and column', () => {
  const { errors } = parseYaml('services:\n  web:\n    image: nginx: latest\n  db: {}\n', 'compose.yaml');
  assert.ok(errors.length >= 1);
  const e = errors[0]!;
  assert.equal(e.location?.file, 'compose.yaml');
  assert.equal(e.location?.line, 3);
  assert.match(e.message, /^compose\.yaml:3:\d+: invalid yaml: /);
});

test('duplicate keys are an error at the second key', () => {
  const { errors } = parseYaml('services:\n  web:\n    image: a\n    image: b\n', 'compose.yaml');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.location?.line, 4);
  assert.match(errors[0]!.message, /unique/);
});

test('1.1-style octals read as octal, as Compose does; quoted ones stay strings', () => {
  const { value } = parseYaml('a: 0440\nb: "0440"\nc: 0o17\nd: 09\ne: 0\n', 'c.yaml');
  assert.deepEqual(value, { a: 0o440, b: '0440', c: 15, d: 9, e: 0 });
});

test('a second document is refused in words that do not mention the library', () => {
  const { errors } = parseYaml('a: 1\n---\nb: 2\n', 'compose.yaml');
  assert.equal(errors[0]?.message, 'compose.yaml:2:1: invalid yaml: a compose file holds a single document; found a second "---"');
});

test('an alias to an undefined anchor is an error at the alias', () => {
  const { errors } = parseYaml('services:\n  web: &a\n    image: x\n  db: *b\n', 'compose.yaml');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.message, 'compose.yaml:4:7: alias *b does not refer to a value defined before it');
});
