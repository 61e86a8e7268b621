/**
 * create: everything on disk, nothing running. The container's directory gets the shim's
 * config, container.json, etc files and the overlay's upper/work dirs; its cgroup is created
 * with its limits. The process only appears at start.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ContainerSpec } from '../../runtime/runtime.js';
import { composeLabels } from '../../runtime/compose-labels.js';
import { RuntimeError } from '../../errors.js';
import type { NativeContext } from '../context.js';
import { containerDir } from '../paths.js';
import { writeRecord, type ContainerRecord } from '../state/container-record.js';
import { processSpec } from './process-spec.js';
import { readImageFile, resolveUser } from './user.js';
import { capabilitySet } from './capabilities.js';
import { type MountRecord, DEFAULT_DEVICES, DEFAULT_SYMLINKS, MASKED_PATHS, READONLY_PATHS, systemMounts, volumeMounts } from './mounts.js';
import { checkSysctls, healthSpec, restartPolicy, rlimits } from './limits.js';
import { formatShimConfig } from './shim-config.js';
import { cgroupLimits } from './resources.js';
import { hostsFile, resolvConf } from './etc-files.js';
import { prepareVolumes } from './volumes.js';
import { STAGING_PREFIX } from './staging.js';
import { sharingAtCreate } from './sharing.js';
import { stdioMode } from './stdio-mode.js';
import { containerSecurity } from './security.js';
import { hostDevices } from './devices.js';

function readHostResolv(): string {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return '';
  }
}

/** 'join': the shim enters the namespace named in the `namespaces` file written at start */
function netnsMode(mode: string | undefined): string {
  if (mode === 'host') return 'host';
  if (mode?.startsWith('service:') || mode?.startsWith('container:')) return 'join';
  return 'new';
}

export async function createContainer(ctx: NativeContext, spec: ContainerSpec): Promise<ContainerRecord> {
  const { service, project } = spec;
  if (!service.image) throw new RuntimeError(`service ${service.name}: no image (build is not supported by the native backend)`);
  const image = await ctx.images.resolve(service.image);
  if (!image) throw new RuntimeError(`image ${service.image} is not present; pull it first`);
  const id = randomBytes(32).toString('hex');
  const dir = containerDir(ctx.paths, id);
  const sharing = sharingAtCreate(ctx, project.name, service, dir);
  const hostname = sharing.hostname ?? service.hostname ?? id.slice(0, 12);
  const proc = processSpec(spec, image.config, ctx.env, hostname);
  const files = { passwd: readImageFile(image.layerDirs, 'etc/passwd'), group: readImageFile(image.layerDirs, 'etc/group') };
  const user = resolveUser(proc.user, service.group_add, files);
  const env = proc.env.some((e) => e.startsWith('HOME=')) ? proc.env : [...proc.env, `HOME=${user.home}`];
  const netns = netnsMode(service.network_mode);
  const stdio = stdioMode(spec);
  const caps = capabilitySet(service.cap_add, service.cap_drop);
  // before anything is written: a missing device or an unsupported option fails the create cleanly
  const security = containerSecurity(service, caps, hostDevices);
  const limits = { ...cgroupLimits(service), devices: security.devicePolicy };
  // built under a staging name and renamed into place, so a CLI killed mid-create leaves no
  // half container: only a staging dir that removeStaleStaging() recognises by its dead pid
  const stage = join(ctx.paths.containers, `${STAGING_PREFIX}${id}-${process.pid}`);
  for (const sub of ['upper', 'work', 'rootfs']) mkdirSync(join(stage, sub), { recursive: true });
  // on another container's network stack, /etc/hosts and resolv.conf are that container's (as Docker)
  const etcDir = sharing.etcDir ?? dir;
  const etc = { hostname: join(etcDir, 'hostname'), hosts: join(etcDir, 'hosts'), resolv: join(etcDir, 'resolv.conf') };
  if (service.ipc === 'shareable') {
    mkdirSync(join(stage, 'shm'));
    chmodSync(join(stage, 'shm'), 0o1777);
  }
  writeFileSync(join(stage, 'hostname'), hostname + '\n');
  writeFileSync(join(stage, 'hosts'), hostsFile(hostname, service));
  writeFileSync(join(stage, 'resolv.conf'), resolvConf(readHostResolv(), service, netns === 'host'));
  const volumes = prepareVolumes(ctx.paths, project, service.volumes, image.layerDirs);
  const cgroup = `${ctx.cgroupParent ?? 'berth'}/${id}`;
  const health = healthSpec(service, image.config.Healthcheck);
  const config = formatShimConfig({
    rootfs: join(dir, 'rootfs'),
    layerDirs: image.layerDirs,
    upperdir: join(dir, 'upper'),
    workdir: join(dir, 'work'),
    readonlyRoot: service.read_only,
    privileged: service.privileged,
    hostname,
    ...(service.domainname ? { domainname: service.domainname } : {}),
    netns,
    args: proc.args,
    env,
    cwd: proc.cwd,
    uid: user.uid,
    gid: user.gid,
    groups: user.groups,
    caps,
    mounts: [...withShm(systemMounts(service, etc), sharing.shm), ...volumeMounts(service, volumes.dirOf)],
    devices: [...DEFAULT_DEVICES, ...security.devices],
    seccomp: security.seccomp,
    symlinks: DEFAULT_SYMLINKS,
    masked: service.privileged ? [] : MASKED_PATHS,
    readonlyPaths: service.privileged ? [] : READONLY_PATHS,
    sysctls: checkSysctls(service, netns !== 'new'),
    rlimits: rlimits(service),
    cgroupProcs: ctx.cgroups.procsFiles(cgroup),
    restart: spec.oneoff ? { name: 'no', max: 0 } : restartPolicy(service),
    ...(health ? { health } : {}),
    ...stdio,
  });
  writeFileSync(join(stage, 'config'), config);
  const record: ContainerRecord = {
    id,
    name: spec.name,
    project: project.name,
    service: service.name,
    number: spec.number,
    oneoff: spec.oneoff,
    configHash: spec.configHash,
    image: service.image,
    imageId: image.id,
    labels: composeLabels(spec),
    created: new Date().toISOString(),
    stopSignal: service.stop_signal ?? image.config.StopSignal ?? 'SIGTERM',
    stopGraceMs: service.stop_grace_period ?? 10_000,
    cgroup,
    limits,
    uid: user.uid,
    gid: user.gid,
    groups: user.groups,
    env,
    cwd: proc.cwd,
    layerDirs: image.layerDirs,
    networkMode: service.network_mode ?? 'default',
    networks: service.networks,
    anonymousVolumes: volumes.anonymous,
    hasHealthcheck: health !== undefined,
    ...stdio,
    ...(service.ipc !== undefined ? { ipc: service.ipc } : {}),
    ...(Object.keys(sharing.shared).length ? { shared: sharing.shared } : {}),
  };
  writeRecord(stage, record);
  renameSync(stage, dir);
  // after the rename: a cgroup only ever exists for a container that `down` can find
  ctx.cgroups.create(cgroup, limits);
  return record;
}

/** /dev/shm bound from a shared directory instead of the container's own tmpfs */
function withShm(mounts: MountRecord[], source: string | undefined): MountRecord[] {
  if (source === undefined) return mounts;
  return mounts.map((m) => (m.target === '/dev/shm' ? { type: 'none', source, target: '/dev/shm', flags: ['rbind'], data: '' } : m));
}
