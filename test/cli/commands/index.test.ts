import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { COMMANDS } from '../../../src/cli/commands/index.js';

test('each group lists exactly the verbs its define function declares', () => {
  const all = new Set<string>();
  for (const group of COMMANDS) {
    const program = new Command('compose').enablePositionalOptions();
    group.define(program, () => {
      throw new Error('not called while declaring');
    });
    assert.deepEqual(program.commands.map((c) => c.name()).sort(), [...group.verbs].sort());
    for (const v of group.verbs) {
      assert.ok(!all.has(v), `${v} is declared twice`);
      all.add(v);
    }
  }
});
