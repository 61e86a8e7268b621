/**
 * A NativeRuntime for tests: a temp state root, a busybox rootfs as the only image layer (no
 * registry needed), the compiled shim, and the host's cgroups under a `berth-test-*` parent.
 * Everything it creates is removed in t.after, even when the test fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { randomBytes } from 'node:crypto';
import { APPLETS, BUSYBOX_BIN } from './busybox-image.js';
import { NativeRuntime } from '../../src/native/runtime.js';
import { nativePaths, defaultShimPath } from '../../src/native/paths.js';
import { openCgroupManager } from '../../src/native/cgroups/detect.js';
import type { CgroupManager } from '../../src/native/cgroups/manager.js';
import type { ImageConfig } from '../../src/native/image/image-store.js';
import { makeProject, makeService, type ServiceInput } from './model.js';
import type { ContainerSpec } from '../../src/runtime/runtime.js';

/** why the kernel suites cannot run here, or undefined */
export function nativeMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'root';
  if (!existsSync(BUSYBOX_BIN)) return `${BUSYBOX_BIN} (busybox-static)`;
  if (!existsSync(defaultShimPath())) return `${defaultShimPath()} (run npm run build)`;
  return undefined;
}

/** fails under CI, skips visibly elsewhere */
export function requireNative(t: TestContext): boolean {
  const missing = nativeMissing();
  if (!missing) return true;
  if (process.env.CI === 'true') throw new Error(`native runtime tests need ${missing}`);
  t.skip(`needs ${missing}`);
  return false;
}

export function writeBusyboxLayer(dir: string): void {
  for (const d of ['bin', 'etc', 'root', 'proc', 'sys', 'dev', 'tmp', 'home', 'var', 'data']) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  copyFileSync(BUSYBOX_BIN, join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  for (const a of APPLETS) if (!existsSync(join(dir, 'bin', a))) symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000:app:/home/app:/bin/sh\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nnobody:x:65534:\napp:x:1000:\nstaff:x:50:app\n');
  writeFileSync(join(dir, 'data/from-image'), 'image content\n');
}

export interface NativeTestbed {
  readonly runtime: NativeRuntime;
  readonly root: string;
  readonly cgroupParent: string;
  readonly cgroups: CgroupManager;
  spec(service: string, input: ServiceInput, extra?: Partial<ContainerSpec>): ContainerSpec;
}

export function nativeTestbed(t: TestContext, image: Partial<ImageConfig> = {}): NativeTestbed {
  const root = mkdtempSync(join(tmpdir(), 'berth-native-'));
  const layer = join(root, 'layer');
  writeBusyboxLayer(layer);
  const config: ImageConfig = { Env: ['PATH=/bin'], Cmd: ['sh'], ExposedPorts: [], Volumes: [], Labels: {}, ...image };
  const cgroupParent = `berth-test-${randomBytes(4).toString('hex')}`;
  const host = openCgroupManager();
  // container cgroups go under a per-test parent so leftovers are findable and removable
  const cgroups: CgroupManager = {
    ...host,
    create: (n, l) => host.create(`${cgroupParent}/${n}`, l),
    apply: (n, l) => host.apply(`${cgroupParent}/${n}`, l),
    procsFiles: (n) => host.procsFiles(`${cgroupParent}/${n}`),
    addProcess: (n, p) => host.addProcess(`${cgroupParent}/${n}`, p),
    freeze: (n) => host.freeze(`${cgroupParent}/${n}`),
    thaw: (n) => host.thaw(`${cgroupParent}/${n}`),
    stats: (n) => host.stats(`${cgroupParent}/${n}`),
    pids: (n) => host.pids(`${cgroupParent}/${n}`),
    remove: (n) => host.remove(`${cgroupParent}/${n}`),
  };
  const runtime = new NativeRuntime({
    paths: nativePaths(root),
    shimPath: defaultShimPath(),
    cgroups,
    images: { resolve: async (ref) => (ref === 'busybox' ? { id: 'sha256:test', config, layerDirs: [layer] } : undefined) },
    env: { PATH: '/bin' },
  });
  t.after(async () => {
    for (const id of safeReaddir(join(root, 'containers'))) {
      await runtime.removeContainer(id, { force: true, volumes: true }).catch(() => undefined);
    }
    removeCgroupParent(cgroupParent);
    rmSync(root, { recursive: true, force: true });
  });
  let n = 0;
  return {
    runtime,
    root,
    cgroupParent,
    cgroups,
    spec(service, input, extra = {}) {
      const project = makeProject({ name: 'bt', services: { [service]: { image: 'busybox', ...input } } });
      const svc = project.services[service] ?? makeService(service, { image: 'busybox', ...input });
      n++;
      return { project, service: svc, number: n, name: `bt-${service}-${n}`, oneoff: false, configHash: 'h', labels: {}, ...extra };
    },
  };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** rmdir, deepest first, of the containers' cgroups under a test's parent and of the parent */
export function removeCgroupParent(parent: string): void {
  for (const ctrl of safeReaddir('/sys/fs/cgroup')) {
    const base = join('/sys/fs/cgroup', ctrl, parent);
    if (!existsSync(base)) continue;
    // `<parent>/berth/<id>` (this testbed) or `<parent>/<id>` (BERTH_CGROUP_PARENT)
    for (const sub of [join(base, 'berth'), base]) {
      for (const id of safeReaddir(sub)) if (/^[0-9a-f]{64}$/.test(id)) tryRmdir(join(sub, id));
      tryRmdir(sub);
    }
  }
}

function tryRmdir(p: string): void {
  try {
    if (existsSync(p)) rmdirSync(p);
  } catch {
    // still busy: a later run finds it by its berth-test- prefix
  }
}
