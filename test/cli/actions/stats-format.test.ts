import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alignTabs, binarySize, decimalSize, formatSample, goG, parseFormat, rowJson, statsRow,
} from '../../../src/cli/actions/stats-format.js';
import type { ContainerStats } from '../../../src/runtime/runtime.js';

const STATS: ContainerStats = {
  cpuPercent: 12.3456, memoryUsage: 1_572_864, memoryLimit: 64 * 1024 * 1024,
  netRx: 1450, netTx: 0, blockRead: 4_096_000, blockWrite: 12_300_000_000, pids: 3,
};
const C = { id: '0123456789abcdef0123456789abcdef', name: 'demo-web-1' };

test('goG prints like Go %g: significant digits, no trailing zeros, Go exponent form', () => {
  assert.equal(goG(1.5, 4), '1.5');
  assert.equal(goG(1.2345678, 4), '1.235');
  assert.equal(goG(512, 4), '512');
  assert.equal(goG(0, 3), '0');
  assert.equal(goG(999.7, 3), '1e+03');
  assert.equal(goG(100, 3), '100');
});

test('memory in binary units with 4 digits, I/O in decimal units with 3, as the docker CLI', () => {
  assert.equal(binarySize(0), '0B');
  assert.equal(binarySize(1023), '1023B');
  assert.equal(binarySize(1_572_864), '1.5MiB');
  assert.equal(binarySize(8_232_054_784), '7.667GiB');
  assert.equal(decimalSize(1450), '1.45kB');
  assert.equal(decimalSize(999), '999B');
  assert.equal(decimalSize(12_300_000_000), '12.3GB');
});

test('a row carries every column, the id cut to 12 unless --no-trunc', () => {
  const row = statsRow(C, STATS, false);
  assert.deepEqual(row, {
    ID: '0123456789ab', Container: '0123456789ab', Name: 'demo-web-1', CPUPerc: '12.35%',
    MemUsage: '1.5MiB / 64MiB', MemPerc: '2.34%', NetIO: '1.45kB / 0B', BlockIO: '4.1MB / 12.3GB', PIDs: '3',
  });
  assert.equal(statsRow(C, STATS, true).ID, C.id);
});

test('no memory limit reported (stopped container) gives 0.00% rather than a division by zero', () => {
  const row = statsRow(C, { ...STATS, memoryUsage: 0, memoryLimit: 0, cpuPercent: 0 }, false);
  assert.equal(row.MemPerc, '0.00%');
  assert.equal(row.MemUsage, '0B / 0B');
});

test('the default table has the docker stats header and aligned columns', () => {
  const lines = formatSample(parseFormat('table'), [statsRow(C, STATS, false), statsRow({ id: 'ff'.repeat(16), name: 'x' }, STATS, false)]);
  assert.equal(lines.length, 3);
  assert.equal(lines[0], 'CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT   MEM %     NET I/O       BLOCK I/O        PIDS');
  assert.ok((lines[1] ?? '').startsWith('0123456789ab   demo-web-1   12.35%    1.5MiB / 64MiB'));
  // every column starts at the same offset on every line
  assert.equal(lines[2]?.indexOf('12.35%'), lines[1]?.indexOf('12.35%'));
});

test('json: one object per container, keys in the docker CLI order', () => {
  const lines = formatSample(parseFormat('json'), [statsRow(C, STATS, false)]);
  assert.equal(lines.length, 1);
  const parsed = JSON.parse(lines[0] ?? '') as Record<string, string>;
  assert.deepEqual(Object.keys(parsed), ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']);
  assert.equal(rowJson(statsRow(C, STATS, false)), lines[0]);
});

test('templates: fields, json of a field, \\t escapes and a table header', () => {
  const row = statsRow(C, STATS, false);
  assert.deepEqual(formatSample(parseFormat('{{.Name}}: {{.CPUPerc}} {{json .PIDs}}'), [row]), ['demo-web-1: 12.35% "3"']);
  assert.deepEqual(formatSample(parseFormat('table {{.Name}}\\t{{.MemPerc}}'), [row]), ['NAME         MEM %', 'demo-web-1   2.34%']);
});

test('an unknown template field is a usage error naming it', () => {
  assert.throws(() => parseFormat('{{.Cpu}}'), /invalid --format "\{\{\.Cpu\}\}": no field \.Cpu/);
  assert.throws(() => parseFormat('{{range .}}x{{end}}'), /only \{\{\.Field\}\}/);
});

test('alignTabs pads all but the last column to its widest cell + 3, at least 10', () => {
  assert.deepEqual(alignTabs(['a\tbb\tc', 'aaa\tb\t']), ['a         bb        c', 'aaa       b']);
  assert.deepEqual(alignTabs(['0123456789ab\tx']), ['0123456789ab   x']);
});
