import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execArgs } from '../../../src/native/container/exec.js';
import type { ContainerRecord } from '../../../src/native/state/container-record.js';

const record = {
  uid: 1000, gid: 1000, groups: [50], env: ['PATH=/bin', 'A=1'], cwd: '/app', layerDirs: [],
} as unknown as ContainerRecord;

test("exec args: the container's identity, env merged with the caller's, and -t only with a terminal", () => {
  const plain = execArgs('/s/c1', 42, record, { command: ['sh'], env: { A: '2' } });
  assert.deepEqual(plain, ['exec', '/s/c1', '42', '-u', '1000', '-g', '1000', '-G', '50', '-w', '/app', '-e', 'PATH=/bin', '-e', 'A=2', '--', 'sh']);
  const tty = execArgs('/s/c1', 42, record, { command: ['sh'], env: {}, workdir: '/tmp', terminal: { rows: 33, cols: 101 } });
  assert.deepEqual(tty.slice(tty.indexOf('-w')), ['-w', '/tmp', '-e', 'PATH=/bin', '-e', 'A=1', '-t', '33x101', '--', 'sh']);
});
