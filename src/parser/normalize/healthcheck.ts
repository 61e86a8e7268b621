/** `healthcheck:`: a string test runs in a shell (CMD-SHELL); durations become milliseconds. */
import type { Healthcheck } from '../../model/project.js';
import { isRecord, scalarString } from './context.js';
import { parseBool, parseDuration, parseInteger } from './units.js';

export function normalizeHealthcheck(value: unknown): Healthcheck | undefined {
  if (!isRecord(value)) return undefined;
  const test = value.test;
  const testList =
    typeof test === 'string' ? (test === '' ? undefined : ['CMD-SHELL', test]) : Array.isArray(test) ? test.map(scalarString) : undefined;
  const disable = (parseBool(value.disable) ?? false) || (testList?.length === 1 && testList[0] === 'NONE');
  const out: Record<string, unknown> = { disable };
  if (testList) out.test = testList;
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    const ms = parseDuration(value[key]);
    if (ms !== undefined) out[key] = ms;
  }
  const retries = parseInteger(value.retries);
  if (retries !== undefined) out.retries = retries;
  return out as unknown as Healthcheck;
}
