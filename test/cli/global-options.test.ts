import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orphanHandling, resolveGlobalOptions } from '../../src/cli/global-options.js';
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

test('COMPOSE_REMOVE_ORPHANS and COMPOSE_IGNORE_ORPHANS are switches read as Docker Compose reads them', () => {
  for (const on of ['1', 'true', 'TRUE', ' True ', 't']) assert.equal(resolveGlobalOptions({}, { COMPOSE_REMOVE_ORPHANS: on }, '/w').removeOrphans, true, on);
  for (const off of [undefined, '', '0', 'false', 'yes', 'no']) assert.equal(resolveGlobalOptions({}, { COMPOSE_REMOVE_ORPHANS: off }, '/w').removeOrphans, false, String(off));
  assert.equal(resolveGlobalOptions({}, { COMPOSE_IGNORE_ORPHANS: '1' }, '/w').ignoreOrphans, true);
  assert.equal(resolveGlobalOptions({}, {}, '/w').ignoreOrphans, false);
});

test('--remove-orphans, else COMPOSE_REMOVE_ORPHANS; neither can be combined with COMPOSE_IGNORE_ORPHANS', () => {
  const none = { removeOrphans: false, ignoreOrphans: false };
  assert.deepEqual(orphanHandling(undefined, none), { removeOrphans: false, ignoreOrphans: false });
  assert.deepEqual(orphanHandling(true, none), { removeOrphans: true, ignoreOrphans: false });
  assert.deepEqual(orphanHandling(undefined, { ...none, removeOrphans: true }), { removeOrphans: true, ignoreOrphans: false });
  assert.deepEqual(orphanHandling(undefined, { ...none, ignoreOrphans: true }), { removeOrphans: false, ignoreOrphans: true });
  assert.throws(() => orphanHandling(true, { ...none, ignoreOrphans: true }), (e: unknown) => e instanceof UsageError && e.message === 'cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans');
  assert.throws(() => orphanHandling(undefined, { removeOrphans: true, ignoreOrphans: true }), /^UsageError: cannot combine COMPOSE_IGNORE_ORPHANS and COMPOSE_REMOVE_ORPHANS$/);
});
