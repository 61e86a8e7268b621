/**
 * Where an expanded list entry (a port, a volume) was written. Short syntaxes expand
 * one written entry into several, so a model index is not a file index; this side
 * table keeps the written path without putting locations into the model (whose
 * values feed config hashes).
 */
import type { YamlPath } from '../source-map.js';

const origins = new WeakMap<object, YamlPath>();

export function recordOrigin<T extends object>(entry: T, path: YamlPath): T {
  origins.set(entry, path);
  return entry;
}

export function originOf(entry: object): YamlPath | undefined {
  return origins.get(entry);
}
