/** `build:` as a context string or a mapping; the context is resolved unless it is a URL. */
import type { BuildConfig } from '../../model/project.js';
import { hostPath, isRecord, listOrMap, stringMap, type NormalizeContext } from './context.js';

function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/|ssh:\/\/)/.test(context) || context.includes('.git#');
}

function resolveContext(context: string, ctx: NormalizeContext): string {
  return isRemoteContext(context) ? context : hostPath(ctx, context);
}

export function normalizeBuild(value: unknown, ctx: NormalizeContext): BuildConfig | undefined {
  if (typeof value === 'string') {
    return { context: resolveContext(value, ctx), dockerfile: 'Dockerfile', args: {}, labels: {} };
  }
  if (!isRecord(value)) return undefined;
  const { context, dockerfile, dockerfile_inline, args, target, labels, ...rest } = value;
  const inline = dockerfile_inline === undefined ? undefined : String(dockerfile_inline);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'additional_contexts') extra[k] = stringMap(v);
    else if (v !== undefined) extra[k] = v;
  }
  return {
    context: resolveContext(context === undefined ? '.' : String(context), ctx),
    ...(inline !== undefined ? { dockerfile_inline: inline } : { dockerfile: dockerfile === undefined ? 'Dockerfile' : String(dockerfile) }),
    args: listOrMap(args, null),
    ...(target !== undefined ? { target: String(target) } : {}),
    labels: stringMap(labels),
    ...extra,
  };
}
