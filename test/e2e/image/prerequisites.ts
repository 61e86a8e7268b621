/** Registry suites need docker-registry, busybox-static and root; in CI their absence fails the suite. */
import assert from 'node:assert/strict';
import { registryMissing } from '../../helpers/registry.js';
import { busyboxMissing } from '../../helpers/busybox-image.js';

export function missingPrerequisite(): string | undefined {
  const missing = registryMissing() ?? busyboxMissing() ?? (process.getuid?.() === 0 ? undefined : 'root (layers keep owners and whiteouts are device nodes)');
  if (missing && process.env.CI === 'true') assert.fail(`missing prerequisite: ${missing}`);
  return missing;
}
