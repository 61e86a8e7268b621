/** File operations on a cgroupfs tree (real or fake) with errors that name the file. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../../errors.js';

export function cgWrite(path: string, value: string): void {
  try {
    writeFileSync(path, value);
  } catch (err) {
    throw new RuntimeError(`write ${value} to ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** writes only when the control file exists (e.g. memsw without swap accounting) */
export function cgWriteIfPresent(path: string, value: string): boolean {
  if (!existsSync(path)) return false;
  cgWrite(path, value);
  return true;
}

export function cgRead(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

export function cgReadPids(path: string): number[] {
  return cgRead(path).split('\n').filter(Boolean).map(Number);
}
