import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../../src/parser/env/dotenv.js';

const none = () => undefined;

test('unquoted values: trimmed, inline comments after whitespace, export prefix, blank and comment lines', () => {
  const text = [
    '# a comment',
    '',
    'A=plain',
    '  B =  spaced value   ',
    'C=value # comment',
    'D=no#comment',
    'export E=exported',
    'F=',
    'G=a=b=c',
  ].join('\n');
  const { vars, problems } = parseDotenv(text, none);
  assert.deepEqual(problems, []);
  assert.deepEqual(vars, { A: 'plain', B: 'spaced value', C: 'value', D: 'no#comment', E: 'exported', F: '', G: 'a=b=c' });
});

test('single quotes are literal; double quotes take escapes and interpolation', () => {
  const text = [
    "S='a $HOME \\n # not a comment'",
    'D="line1\\nline2\\t\\"q\\" \\\\ ${NAME}"',
    'E="cost \\$5"',
    "T='x' # trailing comment",
  ].join('\n');
  const { vars } = parseDotenv(text, (n) => (n === 'NAME' ? 'berth' : undefined));
  assert.equal(vars.S, 'a $HOME \\n # not a comment');
  assert.equal(vars.D, 'line1\nline2\t"q" \\ berth');
  assert.equal(vars.E, 'cost $5');
  assert.equal(vars.T, 'x');
});

test('quoted values may span several lines', () => {
  const { vars, problems } = parseDotenv('KEY="-----BEGIN\nabc\n-----END"\nS=\'one\ntwo\'\nAFTER=1\n', none);
  assert.deepEqual(problems, []);
  assert.deepEqual(vars, { KEY: '-----BEGIN\nabc\n-----END', S: 'one\ntwo', AFTER: '1' });
});

test('values see earlier lines, the lookup (shell) first', () => {
  const { vars } = parseDotenv('A=1\nB=${A}-$C\nC=file\nD=${C:-x}', (n) => (n === 'C' ? 'shell' : undefined));
  assert.deepEqual(vars, { A: '1', B: '1-shell', C: 'file', D: 'shell' });
});

test('unterminated quotes and bad names are problems with their line', () => {
  const { problems } = parseDotenv('OK=1\n1BAD=2\nQ="open\n', none);
  assert.deepEqual(problems.map((p) => p.line), [2, 3]);
  assert.match(problems[0]!.message, /invalid variable name "1BAD"/);
  assert.match(problems[1]!.message, /unterminated double-quoted value for Q/);
});

test('a bare name passes the shell value through', () => {
  const { vars } = parseDotenv('PASS\nMISSING\n', (n) => (n === 'PASS' ? 'yes' : undefined));
  assert.deepEqual(vars, { PASS: 'yes' });
});
