/** `compose push`: the project's service images, from the native store to their registries. */
import { UsageError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import { defaultStateRoot, openImageStore } from '../../native/image/image-store.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRef } from './context.js';

export async function runPush(globals: GlobalOptions, services: string[], f: { quiet?: boolean; ignorePushFailures?: boolean }): Promise<void> {
  if (globals.backend === 'docker') throw new UsageError('compose push works with the native backend\'s image store; with --backend docker use "docker compose push"');
  const { project } = await loadRef(globals, { needFile: true, services });
  const p = project as Project;
  for (const s of services) if (!p.services[s]) throw new UsageError(`no such service: ${s}`);
  const images = [...new Set(Object.values(p.services).filter((s) => (services.length === 0 || services.includes(s.name)) && s.image).map((s) => s.image as string))];
  const store = openImageStore(defaultStateRoot(globals.env));
  for (const image of images) {
    try {
      const digest = await store.push(image);
      if (!f.quiet) process.stderr.write(`Pushed ${image}: digest ${digest}\n`);
    } catch (err) {
      if (!f.ignorePushFailures) throw err;
      process.stderr.write(`WARN: ${(err as Error).message}\n`);
    }
  }
}
