import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCreateBody, environment, healthcheck, ports } from '../../src/docker/container-spec.js';
import { hostResources, restartPolicy } from '../../src/docker/host-config.js';
import { mounts } from '../../src/docker/mounts.js';
import { endpoints } from '../../src/docker/network-config.js';
import type { ContainerSpec } from '../../src/runtime/runtime.js';
import { makeProject, type ServiceInput } from '../helpers/model.js';

function spec(input: ServiceInput, extra: Partial<ContainerSpec> = {}, others: Record<string, ServiceInput> = {}): ContainerSpec {
  const project = makeProject({ name: 'p', services: { web: input, ...others }, volumes: { data: {} } });
  const service = project.services.web!;
  return { project, service, number: 1, name: 'p-web-1', oneoff: false, configHash: 'h', labels: {}, ...extra };
}

test('labels identify the container the way Docker Compose does', () => {
  const { body } = buildCreateBody(spec({ image: 'x', labels: { mine: 'yes' } }), {});
  assert.equal(body.name, 'p-web-1');
  assert.deepEqual(
    Object.fromEntries(Object.entries(body.Labels ?? {}).filter(([k]) => !k.includes('working_dir') && !k.includes('config_files'))),
    {
      mine: 'yes',
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': 'h',
      'com.docker.compose.version': '2.29.0',
      'com.docker.compose.depends_on': '',
    },
  );
});

test('environment: null passes the caller value through or drops the variable', () => {
  const s = spec({ environment: { A: '1', B: null, C: null } }, { extraEnv: { D: '4' } });
  assert.deepEqual(environment(s, { B: 'from-shell' }), ['A=1', 'B=from-shell', 'D=4']);
});

test('ports: short and long forms, ranges, host ip and udp; expose ranges', () => {
  const s = spec({
    ports: [
      { target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' },
      { target: 53, published: '5353', host_ip: '127.0.0.1', protocol: 'udp', mode: 'ingress' },
      { target: 9000, published: '9000-9005', protocol: 'tcp', mode: 'ingress' },
      { target: 7000, protocol: 'tcp', mode: 'ingress' },
    ],
    expose: ['3000-3001', '4000/udp'],
  });
  const r = ports(s);
  assert.deepEqual(Object.keys(r.ExposedPorts ?? {}).sort(), ['3000/tcp', '3001/tcp', '4000/udp', '53/udp', '7000/tcp', '80/tcp', '9000/tcp']);
  assert.deepEqual(r.PortBindings?.['53/udp'], [{ HostIp: '127.0.0.1', HostPort: '5353' }]);
  assert.deepEqual(r.PortBindings?.['9000/tcp'], [{ HostIp: '', HostPort: '9000-9005' }]);
  assert.deepEqual(r.PortBindings?.['7000/tcp'], [{ HostIp: '', HostPort: '' }]);
  assert.equal(ports({ ...s, publishPorts: false }).PortBindings, undefined);
});

test('volumes: bind with :ro, named (engine name), anonymous, tmpfs; volumes_from a service', () => {
  const s = spec(
    {
      volumes: [
        { type: 'bind', source: '/host', target: '/in', read_only: true },
        { type: 'volume', source: 'data', target: '/data', read_only: false },
        { type: 'volume', target: '/anon', read_only: false },
        { type: 'tmpfs', target: '/scratch', read_only: false, tmpfs: { size: 1024 } },
      ],
      volumes_from: ['db:ro', 'container:other'],
      tmpfs: ['/run:size=64k'],
    },
    {},
    { db: { image: 'd' } },
  );
  const m = mounts(s);
  assert.deepEqual(m.Binds, ['/host:/in:ro']);
  assert.deepEqual(m.Mounts, [
    { Type: 'volume', Target: '/data', Source: 'p_data', ReadOnly: false },
    { Type: 'volume', Target: '/anon', ReadOnly: false },
    { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 1024 } },
  ]);
  assert.deepEqual(m.VolumesFrom, ['p-db-1:ro', 'other']);
  assert.deepEqual(m.Tmpfs, { '/run': 'size=64k' });
});

test('networks: aliases (container, service, own), ipv4_address and link aliases; the rest connect later', () => {
  const s = spec(
    { networks: { front: { aliases: ['www'], ipv4_address: '172.30.0.5' }, back: {} }, links: ['db:database'] },
    {},
    { db: { image: 'd' } },
  );
  const e = endpoints(s);
  assert.equal(e.networkMode, 'p_back');
  assert.deepEqual(e.first?.config.Aliases, ['p-web-1', 'web']);
  assert.deepEqual(e.first?.config.Links, ['p-db-1:database']);
  assert.equal(e.rest[0]?.network, 'p_front');
  assert.deepEqual(e.rest[0]?.config.Aliases, ['p-web-1', 'web', 'www']);
  assert.deepEqual(e.rest[0]?.config.IPAMConfig, { IPv4Address: '172.30.0.5' });
  assert.equal(endpoints(spec({ network_mode: 'service:db' }, {}, { db: {} })).networkMode, 'container:p-db-1');
});

test('healthcheck durations become nanoseconds; disable becomes NONE', () => {
  const h = healthcheck(spec({ healthcheck: { test: ['CMD', 'true'], interval: 1500, retries: 3, disable: false } }));
  assert.deepEqual(h.Healthcheck, { Test: ['CMD', 'true'], Interval: 1_500_000_000, Retries: 3 });
  assert.deepEqual(healthcheck(spec({ healthcheck: { disable: true } })).Healthcheck, { Test: ['NONE'] });
});

test('resources: mem_limit/cpus/pids_limit, falling back to deploy.resources.limits', () => {
  const direct = hostResources(spec({ mem_limit: 1 << 20, cpus: 0.5, pids_limit: 10, ulimits: { nofile: { soft: 1, hard: 2 } } }).service);
  assert.deepEqual(direct, { Memory: 1 << 20, NanoCpus: 500_000_000, PidsLimit: 10, Ulimits: [{ Name: 'nofile', Soft: 1, Hard: 2 }] });
  const deploy = hostResources(spec({ deploy: { resources: { limits: { memory: 2048, cpus: 2 } }, labels: {} } }).service);
  assert.deepEqual(deploy, { Memory: 2048, NanoCpus: 2_000_000_000 });
});

test('restart policies, and none for one-off containers', () => {
  assert.deepEqual(restartPolicy(spec({ restart: 'on-failure:3' }).service, false), { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } });
  assert.deepEqual(restartPolicy(spec({ restart: 'always' }).service, true), {});
});

test('process fields and run overrides', () => {
  const { body } = buildCreateBody(
    spec(
      { image: 'x', command: ['a'], entrypoint: ['e'], user: '1000', working_dir: '/w', hostname: 'h', stop_signal: 'SIGINT', stop_grace_period: 1500, init: true, read_only: true, cap_add: ['NET_ADMIN'] },
      { command: ['override'], oneoff: true },
    ),
    {},
  );
  assert.deepEqual([body.Cmd, body.Entrypoint, body.User, body.WorkingDir, body.Hostname, body.StopSignal, body.StopTimeout], [['override'], ['e'], '1000', '/w', 'h', 'SIGINT', 2]);
  assert.equal(body.HostConfig?.Init, true);
  assert.equal(body.HostConfig?.ReadonlyRootfs, true);
  assert.deepEqual(body.HostConfig?.CapAdd, ['NET_ADMIN']);
  assert.equal(body.Labels?.['com.docker.compose.oneoff'], 'True');
});

test("ipc and pid service:x become container:<x's first container>, as network_mode does; host passes through", () => {
  const { body } = buildCreateBody(spec({ image: 'x', ipc: 'service:db', pid: 'service:db' }, {}, { db: { ipc: 'shareable' } }), {});
  assert.equal(body.HostConfig?.IpcMode, 'container:p-db-1');
  assert.equal(body.HostConfig?.PidMode, 'container:p-db-1');
  const host = buildCreateBody(spec({ image: 'x', ipc: 'host', pid: 'container:other' }), {}).body;
  assert.equal(host.HostConfig?.IpcMode, 'host');
  assert.equal(host.HostConfig?.PidMode, 'container:other');
});
