import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substitute, TemplateError } from '../../../src/parser/interpolate/template.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', A: 'a', B: 'b' };
const lookup = (n: string) => env[n];
const sub = (s: string) => substitute(s, lookup).value;

test('$V and ${V}', () => {
  assert.equal(sub('x-$SET-y'), 'x-value-y');
  assert.equal(sub('x${SET}y'), 'xvaluey');
  assert.equal(sub('$SET$A'), 'valuea');
});

test('defaults: :- counts empty as unset, - does not', () => {
  assert.equal(sub('${UNSET:-d}'), 'd');
  assert.equal(sub('${EMPTY:-d}'), 'd');
  assert.equal(sub('${EMPTY-d}'), '');
  assert.equal(sub('${UNSET-d}'), 'd');
  assert.equal(sub('${SET:-d}'), 'value');
});

test('alternatives: :+ needs non-empty, + only set', () => {
  assert.equal(sub('${SET:+r}'), 'r');
  assert.equal(sub('${EMPTY:+r}'), '');
  assert.equal(sub('${EMPTY+r}'), 'r');
  assert.equal(sub('${UNSET+r}'), '');
});

test('required: :? fails on unset or empty, ? only on unset, with the message', () => {
  assert.equal(sub('${SET:?must}'), 'value');
  assert.equal(sub('${EMPTY?must}'), '');
  assert.throws(() => sub('${UNSET:?please set it}'), (e: unknown) => e instanceof TemplateError && e.problem.kind === 'required' && /UNSET is missing a value: please set it/.test(e.message));
  assert.throws(() => sub('${EMPTY:?no}'), /EMPTY is empty: no/);
  assert.throws(() => sub('${UNSET?}'), /required variable UNSET is missing a value$/);
});

test('nesting, and defaults expanded only when used', () => {
  assert.equal(sub('${UNSET:-${A}}'), 'a');
  assert.equal(sub('${UNSET:-${ALSO_UNSET:-deep}}'), 'deep');
  assert.equal(sub('${UNSET:-$B-x}'), 'b-x');
  assert.equal(sub('${SET:+[${A}]}'), '[a]');
  // the unused default would fail, but is never evaluated
  assert.equal(sub('${SET:-${UNSET:?boom}}'), 'value');
  const r = substitute('${SET:-$NEVER_READ}', lookup);
  assert.deepEqual(r.unset, []);
});

test('$$ is a literal dollar and stops interpolation', () => {
  assert.equal(sub('$$SET'), '$SET');
  assert.equal(sub('$${SET}'), '${SET}');
  assert.equal(sub('a$$$SET'), 'a$value');
  assert.equal(sub('${UNSET:-$$x}'), '$x');
});

test('a $ not followed by a name or { stays as written', () => {
  assert.equal(sub('cost: 5$ or $1 or $-'), 'cost: 5$ or $1 or $-');
});

test('unset variables are reported and become empty', () => {
  const r = substitute('[$NOPE][${NOPE2}]', lookup);
  assert.equal(r.value, '[][]');
  assert.deepEqual(r.unset, ['NOPE', 'NOPE2']);
});

test('bad ${ syntax is an error', () => {
  for (const bad of ['${', '${SET', '${}', '${1X}', '${SET/a/b}', '${SET:x}']) {
    assert.throws(() => sub(bad), (e: unknown) => e instanceof TemplateError && e.problem.kind === 'syntax', bad);
  }
});
