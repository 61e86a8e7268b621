import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerCompression, MEDIA, parseManifest } from '../../../src/native/registry/manifest.js';

test('manifests, lists and indexes are told apart; schema 1 is refused by name', () => {
  const image = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: { digest: 'sha256:a' }, layers: [] }));
  assert.equal(parseManifest(image, undefined, 'm').kind, 'image');
  const list = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] }));
  assert.equal(parseManifest(list, MEDIA.dockerList, 'm').kind, 'index');
  assert.throws(() => parseManifest(Buffer.from('{"schemaVersion":1}'), undefined, 'img x'), /img x: Docker schema 1 manifests are not supported/);
  assert.throws(() => parseManifest(Buffer.from('nope'), undefined, 'img x'), /not JSON/);
  assert.equal(layerCompression(MEDIA.dockerLayer), 'gzip');
  assert.equal(layerCompression(MEDIA.ociLayer), 'none');
  assert.equal(layerCompression(MEDIA.ociLayerZstd), 'zstd');
});
