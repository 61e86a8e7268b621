import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

test('services without networks join `default`, which the project then declares', () => {
  const p = normalizeYaml('services:\n  a: {image: x}\n  b: {image: x, networks: [back]}\nnetworks:\n  back: {}\n');
  assert.deepEqual(p.services.a!.networks, { default: { aliases: [] } });
  assert.deepEqual(p.services.b!.networks, { back: { aliases: [] } });
  assert.deepEqual(Object.keys(p.networks).sort(), ['back', 'default']);
  assert.equal(p.networks.default!.name, 'proj_default');
  assert.equal(p.networks.back!.name, 'proj_back');
});

test('no default network when no service needs it', () => {
  const p = normalizeYaml('services:\n  b: {image: x, networks: {back: {aliases: [api]}}}\nnetworks:\n  back: {}\n');
  assert.deepEqual(Object.keys(p.networks), ['back']);
  assert.deepEqual(p.services.b!.networks.back!.aliases, ['api']);
});

test('name: and external keep the given name', () => {
  const p = normalizeYaml(
    'services:\n  a: {image: x, volumes: [v1:/a, v2:/b, v3:/c]}\nvolumes:\n  v1: {}\n  v2: {name: shared}\n  v3: {external: true}\n' +
      'networks:\n  old: {external: {name: legacy}}\n',
  );
  assert.deepEqual([p.volumes.v1!.name, p.volumes.v2!.name, p.volumes.v3!.name], ['proj_v1', 'shared', 'v3']);
  assert.deepEqual([p.networks.old!.name, p.networks.old!.external], ['legacy', true]);
});

test('in v1 format every service shares the default network', () => {
  const p = normalizeYaml('services:\n  a: {image: x}\n  b: {image: x}\n', { format: 'v1' });
  assert.deepEqual(Object.keys(p.services.b!.networks), ['default']);
  assert.equal(p.format, 'v1');
});

test('profile-disabled services are normalized apart', () => {
  const p = normalizeYaml('services:\n  a: {image: x}\n  dbg: {image: x, profiles: [debug]}\n', { disabledServices: ['dbg'] });
  assert.deepEqual(Object.keys(p.services), ['a']);
  assert.deepEqual(p.disabled_services.dbg!.profiles, ['debug']);
});
