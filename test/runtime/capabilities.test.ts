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

test("a backend's warnings about parts of a supported field are given once each, after the unsupported fields", () => {
  const p = makeProject({ services: { web: { image: 'x', security_opt: ['apparmor=x'] } } });
  const withHook = { serviceFields: new Set(['image', 'networks', 'security_opt']), serviceWarnings: (s: { name: string }) => [`services.${s.name}.security_opt: apparmor=x is not applied`] };
  const warnings: string[] = [];
  const warn = makeUnsupportedWarner('native', (m) => warnings.push(m));
  warn(p, withHook);
  warn(p, withHook);
  assert.deepEqual(warnings, ['services.web.security_opt: apparmor=x is not applied']);
});

test('the native backend warns about security_opt it does not apply', async () => {
  const { NATIVE_CAPABILITIES } = await import('../../src/native/capabilities.js');
  const p = makeProject({ services: { web: { image: 'x', security_opt: ['label=disable', 'seccomp=unconfined'] } } });
  const warnings: string[] = [];
  makeUnsupportedWarner('native', (m) => warnings.push(m))(p, NATIVE_CAPABILITIES);
  assert.deepEqual(warnings, ['services.web.security_opt: label=disable (SELinux labels are not applied by the native backend)']);
});
