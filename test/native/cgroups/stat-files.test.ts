import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBlkioServiceBytes, parseFlatKeyed, parseIoStat } from '../../../src/native/cgroups/stat-files.js';

test('memory.stat parses into numbers by key', () => {
  assert.deepEqual(parseFlatKeyed('cache 4096\nrss 8192\ntotal_inactive_file 100\n\n'), { cache: 4096, rss: 8192, total_inactive_file: 100 });
});

test('v1 blkio service bytes sum Read and Write over devices, Total ignored', () => {
  const text = '8:0 Read 4096\n8:0 Write 512\n8:0 Sync 4608\n8:0 Async 0\n8:0 Total 4608\n8:16 Read 100\n8:16 Write 0\nTotal 4708\n';
  assert.deepEqual(parseBlkioServiceBytes(text), { read: 4196, write: 512 });
  assert.deepEqual(parseBlkioServiceBytes('Total 0\n'), { read: 0, write: 0 });
});

test('v2 io.stat sums rbytes and wbytes over devices', () => {
  const text = '8:0 rbytes=4096 wbytes=1024 rios=1 wios=1 dbytes=0 dios=0\n253:0 rbytes=10 wbytes=20 rios=1 wios=1 dbytes=0 dios=0\n';
  assert.deepEqual(parseIoStat(text), { read: 4106, write: 1044 });
  assert.deepEqual(parseIoStat(''), { read: 0, write: 0 });
});
