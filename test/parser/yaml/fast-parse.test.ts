/**
 * The fast YAML path must build exactly the tree the library path builds (values, key
 * order, every location and text offset), and must decline what it does not handle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastParseYaml } from '../../../src/parser/yaml/fast-parse.js';
import { parseYamlWithLibrary } from '../../../src/parser/yaml/parse.js';
import { entryMeta, isContainer, ownLocation, type EntryMeta } from '../../../src/parser/yaml/located.js';

const CORPUS = '/work/shared/corpus/awesome-compose';
const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** the meta's fields as a plain object (the fast path keeps offsets and makes locations on demand) */
function plain(meta: EntryMeta | undefined): unknown {
  if (!meta) return meta;
  const out: Record<string, unknown> = { value: meta.value, tag: meta.tag, textOffset: meta.textOffset };
  if (meta.key !== undefined) out.key = meta.key;
  return out;
}

/** the tree with every location written out, so deepEqual compares them too */
function dump(v: unknown): unknown {
  if (!isContainer(v)) return Number.isNaN(v) ? 'NaN' : v;
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return {
    own: ownLocation(v),
    entries: keys.map((k) => [k, dump((v as Record<string | number, unknown>)[k]), plain(entryMeta(v, k))]),
  };
}

function assertSame(text: string, label: string): boolean {
  const fast = fastParseYaml(text, 'f.yaml');
  const lib = parseYamlWithLibrary(text, 'f.yaml');
  if (!fast) return false;
  assert.deepEqual(lib.errors, [], `${label}: the fast path accepted what the library rejects`);
  assert.deepEqual(dump(fast.value), dump(lib.value), label);
  return true;
}

const ACCEPTED: Record<string, string> = {
  'nested blocks': 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"\n      - 443\n',
  'null values and comments': '# top\nservices:   # c\n  web:\n    image: x\n    # inside\n\n  db:\nvolumes:\n  data:   # trailing\nnetworks:\n  front:\n',
  'sequence at the key indent': 'services:\n  a:\n    command:\n    - sh\n    - -c\n    - "echo hi"\n    image: busybox\n',
  'mappings inside sequences': 'x:\n  - target: 80\n    published: "8080"\n    protocol: tcp\n  - name: b\n    nested:\n      deep: true\n  -\n    late: 1\n  - # c\n    c: 2\n',
  'empty and null items': 'x:\n  - \n  - ~\n  - null\n  -\n',
  'flow collections': 'a: [1, "two", \'three\', four, [5, 6], {k: v}]\nb: {test: "wget -q -O- localhost", interval: 30s, retries: 3}\nc: []\nd: {}\ne: [ a , b ]   # c\nf: {"q": 1, \'r\': [x]}\n',
  'plain scalars with colons and hashes': 'a: http://x.y:80/path#frag\nb: 80:80\nc: [80:80, "a:b", data:/data:ro]\nd: a#b\ne: value # comment\nf: --flag=1\ng: -1\nh: echo {a} [b]\n',
  'core schema values': 'a: [~, null, Null, NULL, true, True, TRUE, false, False, FALSE, yes, no, on, off, 0o17, 0x1F, 0xff, 017, 0440, 08, -012, +12, 12, -0, 1.5, .5, 5., 1e3, -1.5E-3, .inf, -.Inf, +.INF, .nan, .NaN, 1_000, 0b101, 1.2.3, 12e, +, ., 0.0, 1.10]\n',
  'keys that are not strings in YAML': 'm:\n  1: a\n  true: b\n  0x10: c\n  ~: d\n  1.50: e\n  0440: f\n  "007": g\n',
  'quoted scalars': 'a: "x y"\nb: \'it\'\'s\'\nc: ""\nd: \'\'\ne: "with # hash"\nf: \'single: colon\'\n"quoted key": 1\n\'single key\': 2\n',
  'keys with spaces and dots': 'labels:\n  com.example.description: "Accounting webapp"\n  my key: my value\n  a.b-c_d: x\n',
  'deep indentation changes': 'a:\n    b:\n         c: 1\n         d:\n           - x\n    e: 2\nf: 3\n',
  'no trailing newline': 'a: 1\nb:',
  'a top-level sequence': '- a\n- b: 1\n',
  'comments found ahead of the values they follow': 'a: x\nb: y # c\nc: z\nd: "q #r"\ne: w#v # c2\nf: [a#b, c] # t\ng: {k: v#w}\nh: last\n',
  'doubled single quotes': "a: 'x''y'''\nb: ''''\nc: ['it''s', '']\n",
};

for (const [name, text] of Object.entries(ACCEPTED)) {
  test(`fast path: ${name}`, () => {
    assert.ok(assertSame(text, name), `the fast path declined: ${name}`);
  });
}

const DECLINED: Record<string, string> = {
  anchors: 'x: &a 1\ny: *a\n',
  'merge keys': 'x: &a {k: 1}\ny:\n  <<: *a\n',
  tags: 'x: !reset []\n',
  'block scalars': 'x: |\n  line\n',
  'multi-line plain scalars': 'x: a\n  b\n',
  'multi-line flow': 'x: [a,\n  b]\n',
  'escapes in double quotes': 'x: "a\\nb"\n',
  tabs: 'x:\n\ty: 1\n',
  crlf: 'x: 1\r\ny: 2\r\n',
  'several documents': 'x: 1\n---\ny: 2\n',
  'duplicate keys': 'x: 1\nx: 2\n',
  'a mapping in a value': 'x: a: b\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'a scalar where a key belongs': 'a:\n  b\n',
  'trailing comma': 'x: [a, b,]\n',
  'unclosed quote': 'x: "abc\n',
  'complex keys': '? a\n: b\n',
  'an indented top level': '  a: 1\n',
  'an empty document': '',
  'only comments': '# nothing\n',
  'flow implicit pair': 'x: [a: b]\n',
  'a dash value': 'x: - a\n',
  'nested compact sequences': '- - a\n',
  'a byte order mark': '\uFEFFx: 1\n',
  'a comment inside a flow collection': 'x: [a #b]\n',
  'an escaped quote': 'x: "a\\"b"\n',
  'a quote closed on a later line': "x: 'a\n  b'\n",
};

for (const [name, text] of Object.entries(DECLINED)) {
  test(`fast path declines: ${name}`, () => {
    assert.equal(fastParseYaml(text, 'f.yaml'), undefined);
  });
}

test('the examples and the awesome-compose corpus parse the same on both paths', (t) => {
  const files: string[] = [];
  for (const base of [EXAMPLES, CORPUS]) {
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base)) for (const n of NAMES) if (existsSync(join(base, d, n))) files.push(join(base, d, n));
  }
  if (!files.some((f) => f.startsWith(CORPUS))) {
    if (process.env.CI === 'true') assert.fail(`compose corpus missing at ${CORPUS}`);
    t.diagnostic(`compose corpus missing at ${CORPUS}; only the examples are compared`);
  }
  let fast = 0;
  for (const f of files) if (assertSame(readFileSync(f, 'utf8'), f)) fast++;
  // the corpus is ordinary compose YAML: nearly all of it should take the fast path
  assert.ok(fast >= files.length * 0.8, `only ${fast} of ${files.length} files took the fast path`);
});
