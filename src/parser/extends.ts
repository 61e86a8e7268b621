/**
 * `extends`: a service starts from another service (same file, or `file:`) and merges
 * its own keys over it with the usual merge rules. Resolved per file, before files are
 * merged, as Compose does; chains are followed and cycles reported as their path.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { BerthError, ComposeFileError } from '../errors.js';
import type { LoadContext, Mapping, PreparedFile } from './context.js';
import type { Env } from './env/resolve.js';
import { mergeFiles } from './merge/merge-files.js';
import { withoutKey } from './prepare-file.js';
import { rebaseService } from './rebase-paths.js';
import { copyEntryMeta, copyOwnLocation, isMapping, ownLocation, setOwnLocation } from './yaml/located.js';
import { treeSourceMap } from './yaml/source-map-builder.js';

function servicesOf(f: PreparedFile): Mapping {
  return isMapping(f.tree.services) ? f.tree.services : {};
}

export async function resolveExtends(file: PreparedFile, env: Env, ctx: LoadContext): Promise<Mapping> {
  const services = servicesOf(file);
  if (!Object.values(services).some((s) => isMapping(s) && s.extends !== undefined)) return file.tree;
  const memo = new Map<string, Mapping>();

  const fail = (f: PreparedFile, name: string, sub: readonly string[], detail: string) => {
    const path = ['services', name, 'extends', ...sub];
    ctx.errors.push(new ComposeFileError(detail, { location: treeSourceMap(f.tree).locate(path), path: path.join('.') }));
  };

  const resolveIn = async (f: PreparedFile, name: string, stack: readonly string[]): Promise<Mapping | undefined> => {
    const svc = servicesOf(f)[name];
    if (!isMapping(svc)) return undefined;
    const id = `${f.path}#${name}`;
    const done = memo.get(id);
    if (done) return done;
    const ext = svc.extends;
    if (ext === undefined || ext === null) return svc;
    const local = withoutKey(svc, 'extends');
    if (stack.includes(id)) {
      const names = [...stack.slice(stack.indexOf(id)), id].map((s) => s.slice(s.lastIndexOf('#') + 1));
      fail(f, name, [], `extends forms a cycle: ${names.join(' -> ')}`);
      return local;
    }
    const baseName = typeof ext === 'string' ? ext : isMapping(ext) ? ext.service : undefined;
    if (typeof baseName !== 'string') {
      fail(f, name, [], 'extends needs the name of the service to extend ("service:")');
      return local;
    }
    let baseFile = f;
    const ref = isMapping(ext) ? ext.file : undefined;
    if (typeof ref === 'string') {
      const abs = isAbsolute(ref) ? ref : resolve(dirname(f.path), ref);
      try {
        baseFile = await ctx.prepare(abs, env);
      } catch (e) {
        if (!(e instanceof BerthError)) throw e;
        fail(f, name, ['file'], `cannot read extended file ${ref}: ${e.message}`);
        return local;
      }
    }
    let base = await resolveIn(baseFile, baseName, [...stack, id]);
    if (!base) {
      const where = baseFile === f ? '' : ` in ${baseFile.display}`;
      fail(f, name, [typeof ext === 'string' ? '' : 'service'].filter(Boolean), `service "${baseName}" to extend is not defined${where}`);
      return local;
    }
    if (dirname(baseFile.path) !== dirname(f.path)) base = rebaseService(base, dirname(baseFile.path));
    const merged = (mergeFiles([{ services: { [name]: base } }, { services: { [name]: local } }]).services as Mapping)[name];
    const out = isMapping(merged) ? merged : local;
    setOwnLocation(out, ownLocation(svc));
    memo.set(id, out);
    return out;
  };

  const resolved: Mapping = {};
  copyOwnLocation(services, resolved);
  for (const name of Object.keys(services)) {
    resolved[name] = (await resolveIn(file, name, [])) ?? services[name];
    copyEntryMeta(services, name, resolved, name);
  }
  const tree: Mapping = { ...file.tree, services: resolved };
  copyOwnLocation(file.tree, tree);
  for (const k of Object.keys(file.tree)) copyEntryMeta(file.tree, k, tree, k);
  return tree;
}
