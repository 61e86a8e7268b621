import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeUnsupportedWarner, unsupportedFields } from '../../src/runtime/capabilities.js';
import { makeProject } from '../helpers/model.js';

// every service has networks (the default one) once normalized
const caps = { serviceFields: new Set(['image', 'command', 'networks']) };

test('only fields that are set and not supported are named, as services.<name>.<field>', () => {
  const p = makeProject({ services: { web: { image: 'x', privileged: true, cap_add: [] }, db: { image: 'y', sysctls: { a: '1' } } } });
  assert.deepEqual(unsupportedFields(p, caps), ['services.db.sysctls', 'services.web.privileged']);
});

test('each unsupported field is warned about once', () => {
  const p = makeProject({ services: { web: { image: 'x', privileged: true } } });
  const warnings: string[] = [];
  const warn = makeUnsupportedWarner('native', (m) => warnings.push(m));
  warn(p, caps);
  warn(p, caps);
  assert.deepEqual(warnings, ['services.web.privileged is not supported by the native backend and is ignored']);
});
