import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { emitYaml } from '../../../src/parser/render/emit-yaml.js';

const TRICKY = [
  '', ' ', 'a b', ' lead', 'trail ', 'true', 'False', 'yes', 'NO', 'on', 'off', 'y', 'n', 'null', '~', 'Null',
  '8080', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '017', '1_000', '1:20', '12:30:45', '2024-05-18', '.inf', '.NaN',
  '=', '<<', '---', '-', '--flag', '-p', 'a: b', 'a #b', 'key:', '#comment', '&anchor', '*alias', '!tag', '|', '>', '%x', '@x', '`x',
  '"q"', "'q'", '[a]', '{a}', 'a,b', 'x\ny', 'tab\there', 'uni ✓', 'C:\\path', '$$HOME', '${VAR}', 'http://x:80/a?b=c#d',
  '1m30s', '256m', 'nginx:1.25', '/abs/path', './rel', 'CMD-SHELL',
  // plain words (the writer's fast path), special or not
  'Yes', 'TRUE', 'On', 'Y', 'N', 'NULL', 'nan', 'inf', 'a-b', 'x.y', '_z', 'a/b', 'True', 'image', 'svc10',
  'registry.local:5000/team/app:1.2', 'a@b', 'x:', 'a::b', 'y:1', 'Off:',
];

test('strings read back as the same strings under YAML 1.2 and 1.1', () => {
  const doc = { list: TRICKY, map: Object.fromEntries(TRICKY.map((s, i) => [s === '' ? `k${i}` : s, s])) };
  const text = emitYaml(doc);
  assert.deepEqual(parse(text), doc);
  assert.deepEqual(parse(text, { version: '1.1' }), doc);
});

test('block layout: nested maps, sequences of maps, empty collections, null, numbers, booleans', () => {
  const text = emitYaml({
    name: 'demo',
    services: { web: { ports: [{ target: 80, published: '8080' }], command: [], networks: { default: null }, tty: true, cpus: 0.5 } },
    nested: [[1, 2], { a: {} }],
  });
  assert.equal(
    text,
    [
      'name: demo',
      'services:',
      '  web:',
      '    ports:',
      '      - target: 80',
      '        published: "8080"',
      '    command: []',
      '    networks:',
      '      default: null',
      '    tty: true',
      '    cpus: 0.5',
      'nested:',
      '  - - 1',
      '    - 2',
      '  - a: {}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(parse(text).nested, [[1, 2], { a: {} }]);
});
