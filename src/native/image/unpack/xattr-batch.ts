/**
 * Node has no xattr API, so extended attributes (PAX SCHILY.xattr.* and overlayfs'
 * `trusted.overlay.opaque`) are collected during extraction and applied with one
 * `setfattr --restore` run per layer (Debian package `attr`): one process per layer
 * rather than one per attribute. They go on last because chown clears
 * security.capability.
 */
import { spawn } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import { RuntimeError } from '../../../errors.js';

export interface XattrEntry {
  /** relative to the layer directory */
  readonly path: string;
  readonly name: string;
  readonly value: Buffer;
}

/** setfattr unquotes \ooo octal escapes in file names */
function quotePath(p: string): string {
  let out = '';
  for (const byte of Buffer.from(p, 'utf8')) {
    out += byte < 0x21 || byte > 0x7e || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

export function formatRestoreFile(entries: readonly XattrEntry[]): string {
  const byPath = new Map<string, XattrEntry[]>();
  for (const e of entries) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  let out = '';
  for (const [path, list] of byPath) {
    out += `# file: ${quotePath(path === '' ? '.' : path)}\n`;
    for (const e of list) out += `${e.name}=0s${e.value.toString('base64')}\n`;
    out += '\n';
  }
  return out;
}

export async function applyXattrs(dir: string, entries: readonly XattrEntry[], scratchFile: string): Promise<void> {
  if (entries.length === 0) return;
  await writeFile(scratchFile, formatRestoreFile(entries));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('setfattr', ['-h', `--restore=${scratchFile}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) =>
        reject(new RuntimeError(`setting extended attributes in ${dir}: setfattr not found (install the "attr" package)`, { cause: err })),
      );
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new RuntimeError(`setting extended attributes in ${dir}: ${stderr.trim() || `setfattr exited ${code}`}`)),
      );
    });
  } finally {
    await rm(scratchFile, { force: true });
  }
}
