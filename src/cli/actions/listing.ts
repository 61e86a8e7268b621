/** pull, images, port, top and ls: small read-mostly commands. */
import { UsageError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession } from './context.js';
import { formatTable } from './table.js';

const out = (text: string) => void process.stdout.write(text);

export async function runPull(globals: GlobalOptions, services: string[], f: { quiet?: boolean; ignorePullFailures?: boolean }) {
  await withSession(globals, { needFile: true, services, title: 'pull', ...(f.quiet ? { progress: 'quiet' as const } : {}) }, async (s) => {
    const { serviceImage } = await import('../../planner/index.js');
    const project = s.project as Project;
    const list = Object.values(project.services).filter((svc) => services.length === 0 || services.includes(svc.name));
    const images = [...new Set(list.filter((svc) => svc.image && svc.pull_policy !== 'build').map((svc) => serviceImage(project.name, svc)))];
    await Promise.all(
      images.map(async (image) => {
        const resource = `Image ${image}`;
        s.reporter.event({ resource, status: 'working', text: 'Pulling' });
        try {
          await s.runtime.ensureImage(image, { policy: 'always', quiet: f.quiet ?? false });
          s.reporter.event({ resource, status: 'done', text: 'Pulled' });
        } catch (err) {
          s.reporter.event({ resource, status: 'error', text: 'Error' });
          if (!f.ignorePullFailures) throw err;
          s.reporter.warn((err as Error).message);
        }
      }),
    );
  });
}

function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) (v /= 1000), i++;
  return `${v.toFixed(i ? 1 : 0)}${units[i]}`;
}

export async function runImages(globals: GlobalOptions, services: string[], f: { quiet?: boolean; format?: string }) {
  await withSession(globals, { needFile: false, services, title: 'images', progress: 'quiet' }, async (s) => {
    const list = await projectContainers(s, services);
    const rows = await Promise.all(
      list.map(async (c) => {
        const info = await s.runtime.imageInfo(c.image);
        const [repo = c.image, tag = 'latest'] = c.image.includes(':') && !c.image.startsWith('sha256:') ? c.image.split(/:(?=[^:/]+$)/) : [c.image];
        return { c, repo, tag, id: (info?.id ?? '').replace(/^sha256:/, '').slice(0, 12), size: info?.size ?? 0 };
      }),
    );
    if (f.quiet) return out([...new Set(rows.map((r) => r.id))].map((id) => `${id}\n`).join(''));
    if (f.format === 'json') {
      return out(`${JSON.stringify(rows.map((r) => ({ ContainerName: r.c.name, Repository: r.repo, Tag: r.tag, ID: r.id, Size: r.size })))}\n`);
    }
    out(formatTable(['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], rows.map((r) => [r.c.name, r.repo, r.tag, r.id, humanSize(r.size)])));
  });
}

export async function runPort(globals: GlobalOptions, service: string, privatePort: string, f: { protocol?: string; index?: string }) {
  const target = Number(privatePort);
  const protocol = f.protocol ?? 'tcp';
  const index = Number(f.index ?? '1');
  await withSession(globals, { needFile: false, services: [service], title: 'port', progress: 'quiet' }, async (s) => {
    const c = (await projectContainers(s, [service])).find((x) => x.number === index);
    if (!c) throw new UsageError(`service "${service}" has no container #${index}`);
    const p = (c.ports ?? []).find((x) => x.target === target && x.protocol === protocol && x.published);
    if (!p) throw new UsageError(`no port ${target}/${protocol} published for service "${service}"`);
    out(`${p.hostIp ?? '0.0.0.0'}:${p.published}\n`);
  });
}

export async function runTop(globals: GlobalOptions, services: string[]) {
  await withSession(globals, { needFile: false, services, title: 'top', progress: 'quiet' }, async (s) => {
    const list = (await projectContainers(s, services)).filter((c) => c.state === 'running');
    for (const c of list) {
      const t = await s.runtime.top(c.id);
      out(`${c.name}\n${formatTable(t.titles, t.processes)}\n`);
    }
  });
}

export async function runLs(globals: GlobalOptions, f: { all?: boolean; quiet?: boolean; format?: string }) {
  const { openRuntime } = await import('../../runtime/select.js');
  const runtime = await openRuntime(globals.backend, { env: globals.env });
  try {
    const projects = (await runtime.listProjects()).filter((p) => f.all || p.status.includes('running'));
    if (f.quiet) return out(projects.map((p) => `${p.name}\n`).join(''));
    if (f.format === 'json') return out(`${JSON.stringify(projects.map((p) => ({ Name: p.name, Status: p.status, ConfigFiles: p.configFiles })))}\n`);
    out(formatTable(['NAME', 'STATUS', 'CONFIG FILES'], projects.map((p) => [p.name, p.status, p.configFiles])));
  } finally {
    await runtime.close();
  }
}
