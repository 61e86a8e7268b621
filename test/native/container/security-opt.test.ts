import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSecurityOptions, securityWarnings } from '../../../src/native/container/security-opt.js';

const parse = (...security_opt: string[]) => parseSecurityOptions({ name: 'web', security_opt });

test('seccomp: default, unconfined with = or :, a profile path', () => {
  assert.deepEqual(parse().seccomp, { kind: 'default' });
  assert.deepEqual(parse('seccomp=unconfined').seccomp, { kind: 'unconfined' });
  assert.deepEqual(parse('seccomp:unconfined').seccomp, { kind: 'unconfined' });
  assert.deepEqual(parse('seccomp=/etc/prof.json').seccomp, { kind: 'profile', path: '/etc/prof.json' });
});

test('no-new-privileges is accepted; only turning it off is reported', () => {
  assert.deepEqual(parse('no-new-privileges', 'no-new-privileges:true', 'no-new-privileges=true').notApplied, []);
  assert.match(parse('no-new-privileges:false').notApplied[0] ?? '', /no_new_privs stays on/);
  assert.throws(() => parse('no-new-privileges:maybe'), /security_opt no-new-privileges:maybe: expected true or false/);
});

test('label and apparmor are accepted and reported as not applied, keeping colons in their values', () => {
  const o = parse('label=type:svirt_apache_t', 'label:disable', 'apparmor=unconfined');
  assert.equal(o.notApplied.length, 3);
  assert.match(o.notApplied[0] ?? '', /^label=type:svirt_apache_t \(SELinux labels are not applied/);
  assert.match(o.notApplied[2] ?? '', /AppArmor profiles are not applied/);
  assert.deepEqual(o.seccomp, { kind: 'default' });
});

test('unknown options and missing values are errors naming the option', () => {
  assert.throws(() => parse('selinux=on'), /service web: security_opt selinux=on: unknown option/);
  assert.throws(() => parse('seccomp'), /security_opt seccomp: seccomp needs a value/);
});

test('warnings name the service field; invalid options give none (create reports them)', () => {
  assert.deepEqual(securityWarnings({ name: 'web', security_opt: ['apparmor=foo'] }), ['services.web.security_opt: apparmor=foo (AppArmor profiles are not applied by the native backend)']);
  assert.deepEqual(securityWarnings({ name: 'web', security_opt: ['bogus'] }), []);
});
