/**
 * `compose config`: load the project (every stage, so -q is a full validation), then
 * print it or one of its list views. Loading warnings go to stderr, never into the output.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Project } from '../model/project.js';
import type { GlobalOptions } from './global-options.js';
import type { ConfigFlags } from './commands/config.js';
import { tuneHeapForInput } from './heap.js';

async function configHashes(project: Project, which: string): Promise<string> {
  const { serviceConfigHash } = await import('../planner/config-hash.js');
  const names = which.trim() === '*' ? Object.keys(project.services).sort() : which.split(',').map((s) => s.trim()).filter(Boolean);
  return names
    .map((n) => {
      const s = project.services[n];
      if (!s) throw new UsageError(`no such service: ${n}`);
      return `${n} ${serviceConfigHash(s)}\n`;
    })
    .join('');
}

async function render(project: Project, flags: ConfigFlags): Promise<string> {
  const r = await import('../parser/render/index.js');
  const lines = (list: string[]): string => list.map((l) => `${l}\n`).join('');
  if (flags.hash !== undefined) return configHashes(project, flags.hash);
  if (flags.services) return lines(r.serviceNames(project));
  if (flags.images) return lines(r.serviceImages(project));
  if (flags.volumes) return lines(r.volumeNames(project));
  if (flags.networks) return lines(r.networkNames(project));
  if (flags.profiles) return lines(r.profileNames(project));
  return r.renderProject(project, flags.format, { interpolated: flags.interpolate });
}

/** the named services and everything they depend on, as Docker Compose's `config web` prints */
function selectServices(project: Project, names: readonly string[]): Project {
  if (!names.length) return project;
  const keep = new Set<string>();
  const visit = (n: string): void => {
    if (keep.has(n)) return;
    const s = project.services[n];
    if (!s) throw new UsageError(`no such service: ${n}`);
    keep.add(n);
    for (const d of s.dependencies) if (d.service in project.services) visit(d.service);
  };
  names.forEach(visit);
  const services = Object.fromEntries(Object.entries(project.services).filter(([n]) => keep.has(n)));
  return { ...project, services };
}

export async function runConfig(g: GlobalOptions, flags: ConfigFlags, services: readonly string[]): Promise<void> {
  const { loadProject } = await import('../parser/index.js');
  const loaded = await loadProject({
    onSourcesRead: tuneHeapForInput,
    files: g.files,
    ...(g.projectName !== undefined ? { projectName: g.projectName } : {}),
    ...(g.projectDirectory !== undefined ? { projectDirectory: g.projectDirectory } : {}),
    envFiles: g.envFiles,
    profiles: g.profiles,
    ...(services.length ? { selectedServices: services } : {}),
    env: g.env,
    cwd: g.cwd,
    interpolate: flags.interpolate,
  });
  for (const w of loaded.warnings) process.stderr.write(`WARN: ${w}\n`);
  const project = selectServices(loaded.project, services);
  if (flags.quiet) return;
  const out = await render(project, flags);
  if (flags.output) writeFileSync(resolve(g.cwd, flags.output), out);
  else process.stdout.write(out);
}
