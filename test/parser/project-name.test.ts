import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProjectName, normalizeDirectoryName } from '../../src/parser/project-name.js';
import { ComposeFileError, UsageError } from '../../src/errors.js';

test('precedence: -p, then COMPOSE_PROJECT_NAME, then name:, then the directory', () => {
  const all = { flag: 'flag', env: 'env', fromFile: { value: 'file' }, directoryName: 'Dir' };
  assert.equal(chooseProjectName(all), 'flag');
  assert.equal(chooseProjectName({ ...all, flag: undefined }), 'env');
  assert.equal(chooseProjectName({ ...all, flag: undefined, env: '' }), 'file');
  assert.equal(chooseProjectName({ directoryName: 'Dir' }), 'dir');
});

test('the directory name is normalized', () => {
  assert.equal(normalizeDirectoryName('My App.v2'), 'myappv2');
  assert.equal(normalizeDirectoryName('__-Web_1'), 'web_1');
  assert.throws(() => chooseProjectName({ directoryName: '...' }), UsageError);
});

test('invalid explicit names are rejected with the rule', () => {
  assert.throws(() => chooseProjectName({ flag: 'My_App', directoryName: 'x' }), (e: unknown) =>
    e instanceof UsageError && /invalid project name "My_App" \(from -p\): .*lowercase letters, digits, dashes and underscores.*start with a letter or digit/.test(e.message));
  assert.throws(() => chooseProjectName({ env: '-app', directoryName: 'x' }), /COMPOSE_PROJECT_NAME/);
  const loc = { file: 'compose.yaml', line: 1, column: 7 };
  assert.throws(() => chooseProjectName({ fromFile: { value: 'a b', location: loc }, directoryName: 'x' }), (e: unknown) =>
    e instanceof ComposeFileError && e.message.startsWith('compose.yaml:1:7: name: invalid project name "a b"'));
});
