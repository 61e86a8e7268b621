/**
 * The end-to-end scenarios every backend must pass, written once. A backend's test file
 * calls defineScenarios with how to reach it; each scenario brings up its own project
 * (prefix `bt-`) with the built CLI and always takes it down again.
 */
import type { Backend } from './harness.js';
import { defineCommandScenarios } from './scenarios-commands.js';
import { defineUpScenarios } from './scenarios-up.js';

export function defineScenarios(backend: Backend): void {
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= backend.prepare());
  const opts = { timeout: 120_000 };
  defineUpScenarios(backend, prepare, opts);
  defineCommandScenarios(backend, prepare, opts);
}
