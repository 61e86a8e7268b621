import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disabledServices } from '../../src/parser/profiles.js';

const services = {
  web: {},
  debug: { profiles: ['debug'] },
  tools: { profiles: ['tools', 'ops'] },
  migrate: { profiles: ['tools'] },
};

test('services with profiles are disabled unless a profile is active', () => {
  assert.deepEqual(disabledServices(services, [], []), ['debug', 'migrate', 'tools']);
  assert.deepEqual(disabledServices(services, ['ops'], []), ['debug', 'migrate']);
  assert.deepEqual(disabledServices(services, ['*'], []), []);
});

test('a service named on the command line activates its profiles', () => {
  assert.deepEqual(disabledServices(services, [], ['migrate']), ['debug']);
  assert.deepEqual(disabledServices(services, [], ['web']), ['debug', 'migrate', 'tools']);
});
