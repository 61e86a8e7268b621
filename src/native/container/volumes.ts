/**
 * Host directories behind a service's volumes. Named volumes live under the state root and,
 * like Docker's, are filled on first use with what the image has at the mount point; bind
 * sources are created when missing, as Compose does.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Project, ServiceVolume } from '../../model/project.js';
import { volumeDataDir, type NativePaths } from '../paths.js';

export interface VolumeResolution {
  readonly dirOf: (v: ServiceVolume) => string;
  readonly anonymous: readonly string[];
}

export function volumeName(project: Project, source: string): string {
  return project.volumes[source]?.name ?? source;
}

function copyImageContent(layerDirs: readonly string[], target: string, data: string): void {
  for (let i = layerDirs.length - 1; i >= 0; i--) {
    const src = join(layerDirs[i]!, target);
    if (existsSync(src)) {
      // cp -a keeps owners and modes, which fs.cpSync does not
      spawnSync('cp', ['-a', `${src}/.`, data], { stdio: 'ignore' });
      return;
    }
  }
}

export function prepareVolumes(paths: NativePaths, project: Project, volumes: readonly ServiceVolume[], layerDirs: readonly string[]): VolumeResolution {
  const anonymous: string[] = [];
  const dirs = new Map<ServiceVolume, string>();
  for (const v of volumes) {
    if (v.type === 'bind' && v.source && !existsSync(v.source) && v.bind?.create_host_path !== false) {
      mkdirSync(v.source, { recursive: true });
    }
    if (v.type !== 'volume') continue;
    const name = v.source ? volumeName(project, v.source) : randomBytes(32).toString('hex');
    if (!v.source) anonymous.push(name);
    const data = volumeDataDir(paths, name);
    const fresh = !existsSync(data) || readdirSync(data).length === 0;
    mkdirSync(data, { recursive: true });
    if (fresh && !v.volume?.nocopy) copyImageContent(layerDirs, v.target, data);
    dirs.set(v, v.volume?.subpath ? join(data, v.volume.subpath) : data);
  }
  return { dirOf: (v) => dirs.get(v) ?? '', anonymous };
}
