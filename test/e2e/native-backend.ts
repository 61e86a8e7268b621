/**
 * The native backend as the e2e suites use it: a temp state root (BERTH_ROOT) holding the
 * busybox test image, containers' cgroups under a per-run parent so leftovers are findable,
 * all removed when the file's tests end. The harness passes process.env to every CLI it runs.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Backend } from './harness.js';
import { TEST_IMAGE, writeRootfs } from './test-image.js';
import { removeCgroupParent } from '../helpers/native-runtime.js';

export function nativeBackend(tag: string, env: Readonly<Record<string, string>> = {}): Backend {
  const work = mkdtempSync(join(tmpdir(), `berth-${tag}-`));
  const cgroupParent = `berth-test-${tag}-${process.pid}`;
  Object.assign(process.env, { BERTH_ROOT: join(work, 'root'), BERTH_CGROUP_PARENT: cgroupParent, ...env });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    removeCgroupParent(cgroupParent);
  });
  return {
    name: 'native',
    cliArgs: ['--backend', 'native'],
    async prepare() {
      const rootfs = join(work, 'rootfs');
      writeRootfs(rootfs);
      const tar = join(work, 'rootfs.tar');
      if (spawnSync('tar', ['-C', rootfs, '-cf', tar, '.']).status !== 0) throw new Error('tar of the test rootfs failed');
      const { openImageStore } = await import('../../src/native/image/image-store.js');
      await openImageStore(join(work, 'root')).import(tar, { reference: TEST_IMAGE, changes: ['ENV PATH=/bin', 'CMD ["sh"]'] });
    },
  };
}
