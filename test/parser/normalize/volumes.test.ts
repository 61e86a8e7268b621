import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml, stageErrors } from '../../helpers/normalize-yaml.js';

const vols = (list: string, extra = '') =>
  normalizeYaml(`services:\n  web:\n    image: nginx\n    volumes: ${list}\n${extra}`).services.web!.volumes;

test('relative and ~ bind sources resolve against the project directory and HOME', () => {
  assert.deepEqual(vols('["./conf:/etc/nginx:ro", "~/data:/data", "/abs:/abs:rw,z"]'), [
    { type: 'bind', source: '/srv/app/conf', target: '/etc/nginx', read_only: true, bind: { create_host_path: true } },
    { type: 'bind', source: '/home/me/data', target: '/data', read_only: false, bind: { create_host_path: true } },
    { type: 'bind', source: '/abs', target: '/abs', read_only: false, bind: { create_host_path: true, selinux: 'z' } },
  ]);
});

test('a name is a volume, a lone path an anonymous volume', () => {
  assert.deepEqual(vols('["data:/var/lib/data:nocopy", "/cache"]', 'volumes:\n  data: {}\n'), [
    { type: 'volume', source: 'data', target: '/var/lib/data', read_only: false, volume: { nocopy: true } },
    { type: 'volume', target: '/cache', read_only: false, volume: { nocopy: false } },
  ]);
});

test('long syntax: bind resolved, tmpfs size in bytes', () => {
  assert.deepEqual(vols('[{type: bind, source: ., target: /app}, {type: tmpfs, target: /tmp, tmpfs: {size: 64m, mode: "1777"}}]'), [
    { type: 'bind', source: '/srv/app', target: '/app', read_only: false, bind: { create_host_path: false } },
    { type: 'tmpfs', target: '/tmp', read_only: false, tmpfs: { size: 64 * 1024 * 1024, mode: 0o1777 } },
  ]);
});

test('bad volume specs are located errors', () => {
  const yaml = 'services:\n  web:\n    image: nginx\n    volumes:\n      - "data:relative"\n      - "a:/b:c:d"\n      - "./x:/y:bogus"\n';
  assert.deepEqual(stageErrors(yaml), [
    'compose.yaml:5:9: services.web.volumes[0]: invalid volume "data:relative": the container path "relative" must be absolute',
    'compose.yaml:6:9: services.web.volumes[1]: invalid volume "a:/b:c:d": expected [source:]target[:ro|rw|z|Z|nocopy|<propagation>]',
    'compose.yaml:7:9: services.web.volumes[2]: invalid volume "./x:/y:bogus": unknown option "bogus": expected [source:]target[:ro|rw|z|Z|nocopy|<propagation>]',
  ]);
});
