/** Staging directories of creates that never finished (the CLI was killed), removed by the next command. */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const STAGING_PREFIX = '.creating-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function removeStaleStaging(containersDir: string): void {
  let names: string[];
  try {
    names = readdirSync(containersDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(name.lastIndexOf('-') + 1));
    if (!alive(pid)) rmSync(join(containersDir, name), { recursive: true, force: true });
  }
}
