import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trackExits } from '../../src/executor/exit-code.js';

const none = { abortOnExit: false, abortOnFailure: false };

test('without a rule nothing aborts and the code is 0', () => {
  const t = trackExits(none);
  assert.equal(t.exit('a', 3), false);
  assert.equal(t.code(), 0);
});

test('--abort-on-container-exit: the first exit aborts and gives its code', () => {
  const t = trackExits({ ...none, abortOnExit: true });
  assert.equal(t.exit('a', 0), true);
  assert.equal(t.exit('b', 137), false);
  assert.equal(t.code(), 0);
});

test('--abort-on-container-failure: zero exits are fine, the first non-zero aborts', () => {
  const t = trackExits({ ...none, abortOnFailure: true });
  assert.equal(t.exit('a', 0), false);
  assert.equal(t.exit('b', 4), true);
  assert.equal(t.exit('c', 143), false);
  assert.equal(t.code(), 4);
  assert.equal(trackExits({ ...none, abortOnFailure: true }).code(), 0);
});

test("--exit-code-from: any exit aborts, the named service's code wins", () => {
  const t = trackExits({ ...none, exitCodeFrom: 'b' });
  assert.equal(t.exit('a', 0), true);
  assert.equal(t.exit('b', 143), false);
  assert.equal(t.code(), 143);
});
