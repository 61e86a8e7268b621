/**
 * Named and anonymous volumes of the native backend: `<root>/volumes/<name>/_data` with the
 * volume's Compose labels beside it in labels.json, so `ps`/`down -v` find them by project.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedVolume } from '../model/observed.js';
import type { Project } from '../model/project.js';
import { LABEL } from '../model/labels.js';
import { volumeLabels } from '../runtime/compose-labels.js';
import { volumeDataDir, type NativePaths } from './paths.js';
import { STAGING_PREFIX } from './container/staging.js';

export function listVolumes(paths: NativePaths): ObservedVolume[] {
  let names: string[];
  try {
    names = readdirSync(paths.volumes);
  } catch {
    return [];
  }
  return names.filter((n) => !n.startsWith('.')).flatMap((name) => {
    try {
      const labels = JSON.parse(readFileSync(join(paths.volumes, name, 'labels.json'), 'utf8')) as Record<string, string>;
      const key = labels[LABEL.volume];
      return [{ name, ...(key ? { key } : {}), labels }];
    } catch {
      return [];
    }
  });
}

export function createVolume(paths: NativePaths, project: Project, key: string): void {
  const name = project.volumes[key]?.name ?? `${project.name}_${key}`;
  const dir = join(paths.volumes, name);
  const labels = JSON.stringify(volumeLabels(project, key));
  if (existsSync(dir)) {
    mkdirSync(volumeDataDir(paths, name), { recursive: true });
    writeFileSync(join(dir, 'labels.json'), labels);
    return;
  }
  // staged and renamed, as containers are: a killed CLI never leaves a volume that `down -v` cannot see
  const stage = join(paths.volumes, `${STAGING_PREFIX}${name}-${process.pid}`);
  mkdirSync(join(stage, '_data'), { recursive: true });
  writeFileSync(join(stage, 'labels.json'), labels);
  try {
    renameSync(stage, dir);
  } catch {
    rmSync(stage, { recursive: true, force: true }); // another command created it meanwhile
  }
}

export function removeVolume(paths: NativePaths, name: string): void {
  rmSync(join(paths.volumes, name), { recursive: true, force: true });
}
