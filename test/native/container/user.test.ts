import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUser } from '../../../src/native/container/user.js';

const files = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n',
  group: 'root:x:0:\napp:x:1000:\nstaff:x:50:app\nwheel:x:10:\n',
};

test('empty user is root with its home', () => {
  assert.deepEqual(resolveUser('', [], files), { uid: 0, gid: 0, groups: [0], home: '/root' });
});

test('a name resolves to uid, primary gid, memberships and home', () => {
  assert.deepEqual(resolveUser('app', [], files), { uid: 1000, gid: 1000, groups: [1000, 50], home: '/home/app' });
});

test('uid:gid and name:group; an explicit group drops memberships as Docker does', () => {
  assert.deepEqual(resolveUser('1000:wheel', [], files), { uid: 1000, gid: 10, groups: [10], home: '/home/app' });
  assert.deepEqual(resolveUser('4242:4343', [], files), { uid: 4242, gid: 4343, groups: [4343], home: '/' });
});

test('group_add by name or number', () => {
  assert.deepEqual(resolveUser('app', ['wheel', '777'], files).groups, [1000, 50, 10, 777]);
});

test('unknown names are errors naming them', () => {
  assert.throws(() => resolveUser('nobody-here', [], files), /user nobody-here: no matching entry/);
  assert.throws(() => resolveUser('app:nogroup', [], files), /group nogroup: no matching entry/);
});
