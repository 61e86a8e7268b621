import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveGlobalOptions } from '../../src/cli/global-options.js';
import { UsageError } from '../../src/errors.js';

test('flags win over COMPOSE_* variables', () => {
  const o = resolveGlobalOptions({ file: ['a.yml'], profile: ['x'] }, { COMPOSE_FILE: 'b.yml:c.yml', COMPOSE_PROFILES: 'y' }, '/w');
  assert.deepEqual(o.files, ['a.yml']);
  assert.deepEqual(o.profiles, ['x']);
});

test('COMPOSE_FILE splits on COMPOSE_PATH_SEPARATOR', () => {
  const o = resolveGlobalOptions({}, { COMPOSE_FILE: 'b.yml;c.yml', COMPOSE_PATH_SEPARATOR: ';' }, '/w');
  assert.deepEqual(o.files, ['b.yml', 'c.yml']);
});

test('COMPOSE_PROFILES and COMPOSE_ENV_FILES are comma lists', () => {
  const o = resolveGlobalOptions({}, { COMPOSE_PROFILES: 'a,b', COMPOSE_ENV_FILES: '.env,.env.local' }, '/w');
  assert.deepEqual(o.profiles, ['a', 'b']);
  assert.deepEqual(o.envFiles, ['.env', '.env.local']);
});

test('NO_COLOR turns automatic colour off but not an explicit --ansi always', () => {
  assert.equal(resolveGlobalOptions({}, { NO_COLOR: '1' }, '/w').ansi, 'never');
  assert.equal(resolveGlobalOptions({ ansi: 'always' }, { NO_COLOR: '1' }, '/w').ansi, 'always');
});

test('the default backend is native and COMPOSE_PROGRESS is read', () => {
  const o = resolveGlobalOptions({}, { COMPOSE_PROGRESS: 'plain' }, '/w');
  assert.equal(o.backend, 'native');
  assert.equal(o.progress, 'plain');
});

test('invalid values are usage errors that name the allowed ones', () => {
  assert.throws(() => resolveGlobalOptions({}, { COMPOSE_PROGRESS: 'fancy' }, '/w'), (e: unknown) => e instanceof UsageError && /expected one of auto, tty/.test(e.message));
  assert.throws(() => resolveGlobalOptions({ parallel: 'x' }, {}, '/w'), UsageError);
});
