import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml, stageErrors } from '../../helpers/normalize-yaml.js';
import { testdir } from '../../helpers/testdir.js';

test('list and map forms give the same mapping; bare names come from the environment', () => {
  const list = normalizeYaml('services:\n  a:\n    image: x\n    environment: ["A=1", "B=", "C", "D"]\n', { env: { C: 'from-shell' } });
  assert.deepEqual(list.services.a!.environment, { A: '1', B: '', C: 'from-shell', D: null });
  const map = normalizeYaml('services:\n  a:\n    image: x\n    environment: {A: 1, B: "", C: null, E: true}\n', { env: { C: 'from-shell' } });
  assert.deepEqual(map.services.a!.environment, { A: '1', B: '', C: 'from-shell', E: 'true' });
});

test('env_file values are read, later files win, environment: wins over all', (t) => {
  const dir = testdir(
    {
      'a.env': '# comment\nA=from-a\nB=from-a\nexport Q="quoted $A"\nS=\'single $A\'\nT=x # trailing\n',
      'b.env': 'B=from-b\nC=from-b\n',
    },
    t,
  );
  const p = normalizeYaml('services:\n  a:\n    image: x\n    env_file: [a.env, b.env]\n    environment:\n      C: explicit\n', { workingDir: dir });
  assert.deepEqual(p.services.a!.environment, {
    A: 'from-a', B: 'from-b', Q: 'quoted from-a', S: 'single $A', T: 'x', C: 'explicit',
  });
  assert.deepEqual(p.services.a!.env_file, [
    { path: `${dir}/a.env`, required: true },
    { path: `${dir}/b.env`, required: true },
  ]);
});

test('a missing required env_file is an error at its entry; an optional one is skipped', (t) => {
  const dir = testdir({}, t);
  assert.deepEqual(stageErrors('services:\n  a:\n    image: x\n    env_file:\n      - nope.env\n', { workingDir: dir }), [
    `compose.yaml:5:9: services.a.env_file[0]: env file ${dir}/nope.env not found`,
  ]);
  const p = normalizeYaml('services:\n  a:\n    image: x\n    env_file: [{path: nope.env, required: false}]\n', { workingDir: dir });
  assert.deepEqual(p.services.a!.environment, {});
});
