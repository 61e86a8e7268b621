/**
 * `environment:` (list or map) over the contents of `env_file:`. Values set in
 * environment: win over env files, later env files over earlier ones; a bare name
 * takes its value from the caller's environment, or stays null when that is unset.
 */
import { readFileSync } from 'node:fs';
import { fail, hostPath, isRecord, listOrMap, type NormalizeContext } from './context.js';
import type { YamlPath } from '../source-map.js';
import { parseEnvFile } from './env-file.js';
import { parseBool } from './units.js';

export interface EnvFileRef {
  readonly path: string;
  readonly required: boolean;
}

export function normalizeEnvFiles(value: unknown, ctx: NormalizeContext): EnvFileRef[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) =>
    isRecord(item)
      ? { path: hostPath(ctx, String(item.path)), required: parseBool(item.required) ?? true }
      : { path: hostPath(ctx, String(item)), required: true },
  );
}

function readEnvFiles(
  files: readonly EnvFileRef[],
  ctx: NormalizeContext,
  pathOf: (index: number) => YamlPath,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  files.forEach((f, i) => {
    let text: string;
    try {
      text = readFileSync(f.path, 'utf8');
    } catch (err) {
      if (!f.required) return;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`;
      fail(ctx, pathOf(i), `env file ${f.path} ${why}`);
      return;
    }
    Object.assign(out, parseEnvFile(text, ctx.env));
  });
  return out;
}

export function normalizeEnvironment(
  service: Record<string, unknown>,
  ctx: NormalizeContext,
  path: YamlPath,
): { environment: Record<string, string | null>; env_file: EnvFileRef[] } {
  const envFiles = normalizeEnvFiles(service.env_file, ctx);
  const listed = Array.isArray(service.env_file);
  const fromFiles = readEnvFiles(envFiles, ctx, (i) => (listed ? [...path, 'env_file', i] : [...path, 'env_file']));
  const environment: Record<string, string | null> = {};
  for (const k in fromFiles) if (fromFiles[k] !== undefined) environment[k] = fromFiles[k]!;
  const written = listOrMap(service.environment, null);
  for (const k in written) environment[k] = written[k] ?? ctx.env[k] ?? null;
  return { environment, env_file: envFiles };
}
