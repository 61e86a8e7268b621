/**
 * Loading a large project builds one large, long-lived tree: nearly everything allocated
 * survives, so each young-generation collection copies it again while that generation
 * grows from its small start. Growing it faster cut the collector's work on a
 * 1000-service file by about a fifth (bench/config.mjs). Small files never grow it, and
 * loading node:v8 costs them a few milliseconds, so only large inputs change the flag.
 */
import { createRequire } from 'node:module';

const LARGE_INPUT = 128 * 1024;

export function tuneHeapForInput(bytes: number): void {
  if (bytes < LARGE_INPUT) return;
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=8');
  // V8 stamps a code cache with its flags: one made now would be rejected by every later
  // start, so the launcher must not write it (src/cli/launcher.cjs)
  (process as unknown as Record<symbol, unknown>)[Symbol.for('berth.v8FlagsChanged')] = true;
}
