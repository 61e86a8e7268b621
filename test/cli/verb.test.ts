import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from '../../src/cli/program.js';
import { verbOf } from '../../src/cli/verb.js';

const options = buildProgram().options;

test('the verb is the first argument that is neither a global option nor its value', () => {
  assert.equal(verbOf(['config'], options), 'config');
  assert.equal(verbOf(['-f', 'a.yml', '-f', 'b.yml', 'up', '-d'], options), 'up');
  assert.equal(verbOf(['--file', 'x.yml', '--dry-run', 'down'], options), 'down');
  assert.equal(verbOf(['--file=x.yml', '-px', '--progress', 'plain', 'ps'], options), 'ps');
  assert.equal(verbOf(['--project-directory', 'config', 'logs'], options), 'logs', 'a value that looks like a verb is still a value');
  assert.equal(verbOf(['exec', 'web', '--', '-f'], options), 'exec');
  assert.equal(verbOf(['-', 'x'], options), '-');
});

test('anything unclear gives no verb, so every command is declared', () => {
  assert.equal(verbOf([], options), undefined);
  assert.equal(verbOf(['--help'], options), undefined);
  assert.equal(verbOf(['-h', 'config'], options), undefined);
  assert.equal(verbOf(['--no-such-flag', 'config'], options), undefined);
  assert.equal(verbOf(['--dry-run=yes', 'config'], options), undefined);
  assert.equal(verbOf(['--', 'config'], options), undefined);
  assert.equal(verbOf(['-f'], options), undefined);
});

test('a program built for a verb declares that verb\'s commands, and the same command as the full program', () => {
  const full = buildProgram();
  for (const verb of ['config', 'up', 'stop', 'image']) {
    const program = buildProgram(['node', 'compose', '-f', 'x.yml', verb]);
    const names = program.commands.map((c) => c.name());
    assert.ok(names.includes(verb), `${verb} missing`);
    assert.ok(names.length < full.commands.length);
    const mine = program.commands.find((c) => c.name() === verb)!;
    const theirs = full.commands.find((c) => c.name() === verb)!;
    assert.equal(mine.helpInformation(), theirs.helpInformation());
  }
  assert.equal(buildProgram(['node', 'compose', 'help']).commands.length, full.commands.length);
  assert.equal(buildProgram(['node', 'compose', 'nosuchverb']).commands.length, full.commands.length);
});
