import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidImageReference } from '../../../src/parser/check/image-reference.js';

test('valid references: name, tag, registry with port, digest', () => {
  for (const ref of [
    'nginx',
    'nginx:1.25-alpine',
    'library/nginx',
    'localhost:5000/team/app:v1.2',
    '127.0.0.1:5000/busybox',
    'ghcr.io/org/app@sha256:' + 'a'.repeat(64),
    'app:latest@sha256:' + 'b'.repeat(64),
    'my_app__x/sub-name.part',
  ]) {
    assert.equal(isValidImageReference(ref), true, ref);
  }
});

test('invalid references: uppercase path, empty tag, bad digest, spaces, too long', () => {
  for (const ref of ['Nginx', 'nginx:', 'nginx@sha256:xyz', 'my app', '-start', 'a//b', `${'a'.repeat(256)}`, ':tag']) {
    assert.equal(isValidImageReference(ref), false, ref);
  }
});
