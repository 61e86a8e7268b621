import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSince, parseTail } from '../../../src/cli/actions/logs.js';
import { parsePublish, parseVolume } from '../../../src/cli/actions/run.js';
import { parseEnvFlags } from '../../../src/cli/actions/exec.js';
import { portText, statusText } from '../../../src/cli/actions/ps.js';
import { appliesTo } from '../../../src/cli/actions/lifecycle.js';
import { makeContainer } from '../../helpers/model.js';

test('--since: durations before now, Unix timestamps, RFC 3339', () => {
  const now = new Date('2024-01-01T12:00:00Z');
  assert.equal(parseSince('1h30m', now).toISOString(), '2024-01-01T10:30:00.000Z');
  assert.equal(parseSince('10s', now).toISOString(), '2024-01-01T11:59:50.000Z');
  assert.equal(parseSince('1700000000').toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal(parseSince('2024-01-01T00:00:00Z').toISOString(), '2024-01-01T00:00:00.000Z');
  assert.throws(() => parseSince('yesterday'), /invalid --since "yesterday"/);
});

test('--tail: a count or all', () => {
  assert.equal(parseTail('all'), undefined);
  assert.equal(parseTail('5'), 5);
  assert.throws(() => parseTail('-1'), /invalid --tail "-1"/);
});

test('run -p and -v', () => {
  assert.deepEqual(parsePublish('127.0.0.1:8080:80/udp'), { target: 80, protocol: 'udp', mode: 'ingress', published: '8080', host_ip: '127.0.0.1' });
  assert.deepEqual(parsePublish('80'), { target: 80, protocol: 'tcp', mode: 'ingress' });
  assert.deepEqual(parseVolume('./data:/data:ro', '/p'), { type: 'bind', source: '/p/./data', target: '/data', read_only: true });
  assert.deepEqual(parseVolume('cache:/c', '/p'), { type: 'volume', source: 'cache', target: '/c', read_only: false });
});

test('-e K=V sets, -e K passes the caller value through when set', () => {
  assert.deepEqual(parseEnvFlags(['A=1', 'B', 'C'], { B: 'b' }), { A: '1', B: 'b' });
});

test('ps status and ports text', () => {
  const c = makeContainer('p', 'web', 1, { state: 'exited' });
  assert.equal(statusText({ ...c, exitCode: 3 }), 'exited (3)');
  assert.equal(statusText({ ...c, state: 'running', health: 'healthy' }), 'running (healthy)');
  assert.equal(portText([{ target: 80, protocol: 'tcp', hostIp: '0.0.0.0', published: 8080 }, { target: 53, protocol: 'udp' }]), '0.0.0.0:8080->80/tcp, 53/udp');
});

test('lifecycle verbs apply only to containers in a fitting state', () => {
  const running = { ...makeContainer('p', 'web', 1), state: 'running' as const };
  const exited = { ...running, state: 'exited' as const };
  assert.equal(appliesTo('start', running, {}), false);
  assert.equal(appliesTo('start', exited, {}), true);
  assert.equal(appliesTo('kill', exited, {}), false);
  assert.equal(appliesTo('rm', running, {}), false);
  assert.equal(appliesTo('rm', running, { stop: true }), true);
});
