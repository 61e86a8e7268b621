import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, formatReference, familiarReference, apiHost } from '../../../src/native/image/reference.js';

const D = 'sha256:' + 'a'.repeat(64);

test('one-part names are official Docker Hub images with the latest tag', () => {
  const r = parseReference('busybox');
  assert.deepEqual(r, { domain: 'docker.io', path: 'library/busybox', tag: 'latest' });
  assert.equal(formatReference(r), 'docker.io/library/busybox:latest');
  assert.equal(familiarReference(r), 'busybox:latest');
  assert.equal(apiHost(r), 'registry-1.docker.io');
});

test('registry host, port, nested path, tag and digest', () => {
  assert.deepEqual(parseReference('127.0.0.1:5000/a/b-c:v1.2'), { domain: '127.0.0.1:5000', path: 'a/b-c', tag: 'v1.2' });
  assert.deepEqual(parseReference('localhost/app'), { domain: 'localhost', path: 'app', tag: 'latest' });
  assert.deepEqual(parseReference(`me/app@${D}`), { domain: 'docker.io', path: 'me/app', digest: D });
  assert.deepEqual(parseReference(`ghcr.io/x/y:1@${D}`), { domain: 'ghcr.io', path: 'x/y', tag: '1', digest: D });
  assert.equal(familiarReference(parseReference('index.docker.io/me/app:2')), 'me/app:2');
  assert.equal(familiarReference(parseReference('quay.io/x/y')), 'quay.io/x/y:latest');
});

test('a first component with uppercase letters is a registry, as in Docker', () => {
  assert.equal(parseReference('Myhost/app').domain, 'Myhost');
});

test('invalid references name the rule they break', () => {
  const cases: [string, RegExp][] = [
    ['', /empty reference/],
    ['Busybox', /must be lowercase/],
    ['busybox:-x', /a tag is up to 128/],
    ['a//b', /path component ""/],
    ['a/b_-c', /path component "b_-c"/],
    ['busybox@sha256:abc', /digest must be/],
    ['busybox@sha256:' + 'A'.repeat(64), /64 lowercase hex/],
    ['my_host:5000/app', /not a valid registry/],
    [':tag', /missing repository name/],
    ['x/' + 'a'.repeat(260), /255 characters/],
  ];
  for (const [input, rule] of cases) {
    assert.throws(() => parseReference(input), (e: Error) => {
      assert.match(e.message, new RegExp(`^invalid image reference "${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      assert.match(e.message, rule);
      return true;
    }, input);
  }
});
