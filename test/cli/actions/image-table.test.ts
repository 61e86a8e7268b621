import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatImageTable, humanAge, humanSize, imageRows } from '../../../src/cli/actions/image-table.js';
import type { StoredImage } from '../../../src/native/image/image-store.js';

const base: Omit<StoredImage, 'reference' | 'familiar'> = {
  id: `sha256:${'ab'.repeat(32)}`,
  manifestDigest: `sha256:${'cd'.repeat(32)}`,
  repoDigest: `sha256:${'ef'.repeat(32)}`,
  config: { Env: [], ExposedPorts: [], Volumes: [], Labels: {} },
  layerDirs: [],
  platform: { os: 'linux', architecture: 'amd64' },
  created: '2026-11-20T10:00:00Z',
  size: 4_263_000,
};

test('image ls prints Docker-style columns with familiar names', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const rows = imageRows(
    [
      { ...base, reference: 'docker.io/library/busybox:latest', familiar: 'busybox:latest' },
      { ...base, reference: '127.0.0.1:5000/team/app:v1', familiar: '127.0.0.1:5000/team/app:v1', size: 999 },
    ],
    now,
  );
  assert.equal(
    formatImageTable(rows, false),
    [
      'REPOSITORY                TAG      IMAGE ID       CREATED      SIZE',
      'busybox                   latest   abababababab   A week ago   4.26MB',
      '127.0.0.1:5000/team/app   v1       abababababab   A week ago   999B',
      '',
    ].join('\n'),
  );
  assert.match(formatImageTable(rows, true), /^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID/);
  assert.match(formatImageTable(rows, true), /sha256:efef/);
});

test('sizes and ages read like the docker CLI', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(1500), '1.5kB');
  assert.equal(humanSize(200_000_000), '200MB');
  const now = new Date('2026-01-01T00:00:00Z');
  assert.equal(humanAge('2025-12-31T23:59:59.5Z', now), 'Less than a second ago');
  assert.equal(humanAge('2025-12-31T23:00:00Z', now), 'An hour ago');
  assert.equal(humanAge('2025-12-29T00:00:00Z', now), '3 days ago');
  assert.equal(humanAge(undefined, now), 'N/A');
});
