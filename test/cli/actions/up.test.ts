import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachedServices, checkUpFlags, parseScale, type UpFlags } from '../../../src/cli/actions/up.js';
import { UsageError } from '../../../src/errors.js';
import { makeProject } from '../../helpers/model.js';

const base: UpFlags = { deps: true, recreate: true, color: true, logPrefix: true, start: true };
const project = makeProject({ services: { web: {}, db: {} } });

test('--scale SERVICE=N, repeatable; malformed entries are usage errors', () => {
  assert.deepEqual(parseScale(['web=3', 'db=0']), { web: 3, db: 0 });
  assert.throws(() => parseScale(['web']), /invalid --scale "web": expected SERVICE=NUMBER/);
});

test('flag combinations Docker Compose refuses are refused', () => {
  assert.throws(() => checkUpFlags({ ...base, detach: true, abortOnContainerExit: true }, project), UsageError);
  assert.throws(() => checkUpFlags({ ...base, forceRecreate: true, recreate: false }, project), UsageError);
  assert.throws(() => checkUpFlags({ ...base, exitCodeFrom: 'nope' }, project), /--exit-code-from: no such service: nope/);
  assert.throws(() => checkUpFlags({ ...base, pull: 'sometimes' }, project), /invalid --pull "sometimes"/);
  assert.doesNotThrow(() => checkUpFlags({ ...base, exitCodeFrom: 'web' }, project));
});

test('attached services: named ones or all, then --attach / --no-attach', () => {
  assert.deepEqual(attachedServices(['db', 'web'], [], []), ['db', 'web']);
  assert.deepEqual(attachedServices(['db', 'web'], ['web'], []), ['web']);
  assert.deepEqual(attachedServices(['db', 'web'], [], [{ attach: 'db' }]), ['db']);
  assert.deepEqual(attachedServices(['db', 'web'], [], [{ skip: 'db' }]), ['web']);
});
