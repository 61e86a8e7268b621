/**
 * The shared scenarios on the native backend (as root): the test image is the same busybox
 * rootfs as the docker suite's, imported into a temp native image store (BERTH_ROOT).
 * Containers' cgroups go under a per-run parent so leftovers are findable.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defineScenarios } from './scenarios.js';
import type { Backend } from './harness.js';
import { TEST_IMAGE, writeRootfs } from './test-image.js';
import { nativeMissing, removeCgroupParent } from '../helpers/native-runtime.js';

const missing = nativeMissing();
if (missing && process.env.CI === 'true') {
  test('native backend prerequisites', () => assert.fail(`the native backend scenarios need ${missing}`));
} else if (missing) {
  test('native backend scenarios', (t) => t.skip(`needs ${missing}`));
} else {
  const work = mkdtempSync(join(tmpdir(), 'berth-native-e2e-'));
  const cgroupParent = `berth-test-e2e-${process.pid}`;
  // the harness passes process.env to every CLI it runs
  process.env.BERTH_ROOT = join(work, 'root');
  process.env.BERTH_CGROUP_PARENT = cgroupParent;
  after(() => {
    rmSync(work, { recursive: true, force: true });
    removeCgroupParent(cgroupParent);
  });
  const backend: Backend = {
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
  defineScenarios(backend);
}
