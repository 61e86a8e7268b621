import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectManifest, parsePlatform } from '../../../src/native/registry/platform.js';
import type { ImageIndex } from '../../../src/native/registry/manifest.js';

const d = (architecture: string, variant?: string, os = 'linux') => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${architecture}${variant ?? ''}${os}`,
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});
const index: ImageIndex = { schemaVersion: 2, manifests: [d('amd64', undefined, 'windows'), d('amd64'), d('arm', 'v6'), d('arm', 'v7'), d('arm64', 'v8'), d('386')] };

test('the host platform picks its manifest; arm64 without a variant means v8', () => {
  assert.equal(selectManifest(index, { os: 'linux', architecture: 'amd64' }, 'x').digest, 'sha256:amd64linux');
  assert.equal(selectManifest(index, { os: 'linux', architecture: 'arm64' }, 'x').digest, 'sha256:arm64v8linux');
  assert.equal(selectManifest(index, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'x').digest, 'sha256:armv7linux');
  const noVariant: ImageIndex = { schemaVersion: 2, manifests: [d('arm64')] };
  assert.equal(selectManifest(noVariant, { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'x').digest, 'sha256:arm64linux');
});

test('an older arm variant serves a newer host; nothing matching is a clear error', () => {
  const old: ImageIndex = { schemaVersion: 2, manifests: [d('arm', 'v5'), d('arm', 'v6')] };
  assert.equal(selectManifest(old, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'x').digest, 'sha256:armv6linux');
  assert.throws(() => selectManifest(index, { os: 'linux', architecture: 'riscv64' }, 'image foo'), /image foo: no image for platform linux\/riscv64 \(available: windows\/amd64, linux\/amd64, linux\/arm\/v6/);
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.throws(() => parsePlatform('linux'), /invalid platform "linux"/);
});
