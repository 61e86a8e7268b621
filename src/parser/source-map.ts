/**
 * Maps a path into a (merged) compose document back to where it was written.
 * Built once per file from the YAML CST; merging files merges their maps, so an
 * error on a merged value names the file that holds it.
 */
import type { SourceLocation } from '../model/location.js';

export type YamlPath = readonly (string | number)[];

export interface SourceMap {
  /** the location of the value at `path`, or of its nearest located ancestor */
  locate(path: YamlPath): SourceLocation | undefined;
  /**
   * the location of the mapping key that names the value at `path` (for "unknown key"
   * errors); falls back to `locate(path)` for sequence items and unlocated keys
   */
  locateKey?(path: YamlPath): SourceLocation | undefined;
}

/** `['services','web','ports',0]` -> `services.web.ports[0]` */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
