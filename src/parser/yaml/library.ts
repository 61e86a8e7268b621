/**
 * The yaml library, loaded on first use. Most compose files take the fast path
 * (fast-parse.ts) and never need it, and evaluating its ~380 KB at start-up cost
 * `compose config` about a third of its wall time (bench/config.mjs).
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  // a runtime require: the CLI bundle keeps `yaml` external, so this loads it from node_modules
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
