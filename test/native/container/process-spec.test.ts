import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processSpec } from '../../../src/native/container/process-spec.js';
import { makeService, type ServiceInput } from '../../helpers/model.js';

const image = { Env: ['PATH=/usr/bin:/bin', 'LANG=C'], Entrypoint: ['/entry'], Cmd: ['serve'], WorkingDir: '/app', User: 'app' };
const spec = (input: ServiceInput, extra = {}) => ({ service: makeService('web', input), ...extra });

test("the image's entrypoint and cmd when the service sets neither", () => {
  assert.deepEqual(processSpec(spec({}), image, {}, 'h').args, ['/entry', 'serve']);
});

test("a service command replaces the image's cmd only", () => {
  assert.deepEqual(processSpec(spec({ command: ['run', 'x'] }), image, {}, 'h').args, ['/entry', 'run', 'x']);
});

test("a service entrypoint drops the image's cmd, as Docker does", () => {
  assert.deepEqual(processSpec(spec({ entrypoint: ['/bin/sh'] }), image, {}, 'h').args, ['/bin/sh']);
  assert.deepEqual(processSpec(spec({ entrypoint: ['/bin/sh'], command: ['-c', 'x'] }), image, {}, 'h').args, ['/bin/sh', '-c', 'x']);
});

test('run overrides win over the service', () => {
  assert.deepEqual(processSpec(spec({ command: ['a'] }, { command: ['b'] }), image, {}, 'h').args, ['/entry', 'b']);
});

test('no command at all is an error naming the service', () => {
  assert.throws(() => processSpec(spec({}), { Env: [] }, {}, 'h'), /service web: no command specified/);
});

test("environment: image, then service (null passes the caller's value through), then extra; PATH and HOSTNAME filled", () => {
  const p = processSpec(spec({ environment: { LANG: 'en', FROM_CALLER: null, UNSET: null } }, { extraEnv: { X: '1' } }), image, { FROM_CALLER: 'yes' }, 'host1');
  assert.deepEqual(p.env, ['PATH=/usr/bin:/bin', 'LANG=en', 'FROM_CALLER=yes', 'X=1', 'HOSTNAME=host1']);
  const bare = processSpec(spec({}), { Env: [], Cmd: ['x'] }, {}, 'h');
  assert.ok(bare.env.includes('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'));
});

test('working directory and user: the service over the image', () => {
  assert.equal(processSpec(spec({}), image, {}, 'h').cwd, '/app');
  assert.equal(processSpec(spec({ working_dir: '/srv' }), image, {}, 'h').cwd, '/srv');
  assert.equal(processSpec(spec({}), { Env: [], Cmd: ['x'] }, {}, 'h').cwd, '/');
  assert.equal(processSpec(spec({ user: '1:2' }), image, {}, 'h').user, '1:2');
  assert.equal(processSpec(spec({}), image, {}, 'h').user, 'app');
});
