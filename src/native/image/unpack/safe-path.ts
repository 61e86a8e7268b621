/**
 * Names in a hostile layer may try to reach outside the layer directory. Entry names
 * are normalised to clean relative paths here, and rejected (never silently rewritten)
 * when they climb out with `..` or are absolute. Symlinked parents are the extractor's
 * job, since they depend on what is already on disk.
 */
export class UnsafeEntryError extends Error {
  constructor(readonly entry: string, reason: string) {
    super(`layer entry "${entry}" ${reason}`);
    this.name = 'UnsafeEntryError';
  }
}

/** "./usr//bin/" -> "usr/bin"; "" for the layer root itself */
export function cleanEntryName(name: string, what = 'path'): string {
  if (name.includes('\0')) throw new UnsafeEntryError(name, `has a NUL byte in its ${what}`);
  if (name.startsWith('/') && name.replace(/\/+/g, '/') !== '/') {
    throw new UnsafeEntryError(name, `has an absolute ${what}, which would write outside the layer directory`);
  }
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new UnsafeEntryError(name, `has ".." in its ${what}, which would write outside the layer directory`);
    parts.push(part);
  }
  return parts.join('/');
}

export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}
