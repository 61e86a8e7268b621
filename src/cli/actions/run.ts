/**
 * `compose run`: a one-off container of a service with overrides. Its dependencies come
 * up first (unless --no-deps) through the same plan as `up`; the command's exit code is
 * the container's.
 */
import { randomBytes } from 'node:crypto';
import { ExitCode, UsageError } from '../../errors.js';
import type { PortConfig, Project, Service, ServiceVolume } from '../../model/project.js';
import type { GlobalOptions } from '../global-options.js';
import { withSession, type Session, parallelism } from './context.js';
import { takeProjectLock, withProjectLock } from './project-lock.js';
import { parseEnvFlags } from './exec.js';

export interface RunFlags {
  rm?: boolean;
  T?: boolean;
  env?: string[];
  entrypoint?: string;
  deps: boolean;
  publish?: string[];
  servicePorts?: boolean;
  volume?: string[];
  workdir?: string;
  user?: string;
  name?: string;
  detach?: boolean;
  /** -i (the default) attaches stdin; --no-interactive leaves it closed */
  interactive?: boolean;
}

/** `-p [ip:][host:]container[/proto]` */
export function parsePublish(spec: string): PortConfig {
  const [addr = '', proto = 'tcp'] = spec.split('/');
  const parts = addr.split(':');
  const target = Number(parts.pop());
  if (!Number.isInteger(target) || target < 1) throw new UsageError(`invalid -p "${spec}": expected [[ip:]host:]container[/protocol]`);
  const published = parts.pop();
  const host_ip = parts.pop();
  return {
    target,
    protocol: proto as PortConfig['protocol'],
    mode: 'ingress',
    ...(published ? { published } : {}),
    ...(host_ip ? { host_ip } : {}),
  };
}

/** `-v src:dst[:ro]`: a path source is a bind, a name a volume. */
export function parseVolume(spec: string, cwd: string): ServiceVolume {
  const [source = '', target, mode] = spec.split(':');
  if (!target) return { type: 'volume', target: source, read_only: false };
  const isPath = source.startsWith('/') || source.startsWith('.');
  const abs = source.startsWith('.') ? `${cwd}/${source}` : source;
  return { type: isPath ? 'bind' : 'volume', source: abs, target, read_only: mode === 'ro' };
}

export function oneOffService(service: Service, f: RunFlags, cwd: string): Service {
  const extraPorts = (f.publish ?? []).map(parsePublish);
  return {
    ...service,
    ports: [...(f.servicePorts ? service.ports : []), ...extraPorts],
    volumes: [...service.volumes, ...(f.volume ?? []).map((v) => parseVolume(v, cwd))],
    ...(f.workdir !== undefined ? { working_dir: f.workdir } : {}),
    ...(f.user !== undefined ? { user: f.user } : {}),
    // a one-off container never restarts on its own
    restart: 'no',
  };
}

async function bringUpDependencies(s: Session, project: Project, service: string, noDeps: boolean): Promise<void> {
  const { planUp } = await import('../../planner/index.js');
  const { applyPlan } = await import('../../executor/apply-plan.js');
  const observed = await s.runtime.observe(s.name);
  const deps = noDeps ? [] : (project.services[service]?.dependencies ?? []).map((d) => d.service);
  // networks and volumes of the service itself are made even with --no-deps
  const ignoreOrphans = s.globals.ignoreOrphans;
  const own = planUp(project, observed, { services: [service], noDeps: true, ignoreOrphans });
  const plan = deps.length ? planUp(project, observed, { services: deps, ignoreOrphans }) : undefined;
  const before = [...own.before.filter((o) => o.kind === 'create-network' || o.kind === 'create-volume')];
  const merged = plan ? { ...plan, before: [...before, ...plan.before.filter((o) => !before.some((b) => JSON.stringify(b) === JSON.stringify(o)))] } : { ...own, before, services: [] };
  await applyPlan(merged, s.runtime, s.reporter, { project, parallel: await parallelism(s) });
}

export async function runRun(globals: GlobalOptions, service: string, command: string[], f: RunFlags): Promise<void> {
  const code = await withSession(globals, { needFile: true, services: [service], title: 'run' }, async (s) => {
    const project = s.project as Project;
    const base = project.services[service];
    if (!base) throw new UsageError(`no such service: ${service}`);
    // dependencies, creation and start under the project lock
    const lock = await takeProjectLock(s);
    try {
      await bringUpDependencies(s, project, service, !f.deps);
      const svc = oneOffService(base, f, globals.cwd);
      const { serviceConfigHash, serviceImage } = await import('../../planner/index.js');
      await s.runtime.ensureImage(serviceImage(project.name, svc), { policy: base.pull_policy === 'always' ? 'always' : 'missing', quiet: true });
      const name = f.name ?? `${project.name}-${service}-run-${randomBytes(6).toString('hex')}`;
      // as Docker Compose: a TTY whenever stdin is a terminal, unless -T (output redirected still gets CRLF)
    const tty = !f.T && !f.detach && process.stdin.isTTY === true;
      // stdin is attached whatever it is (a pipe too: `echo hi | compose run -T web cat`), as Docker Compose
      const interactive = !f.detach && f.interactive !== false;
      const c = await s.runtime.createContainer({
        project: { ...project, services: { ...project.services, [service]: svc } },
        service: svc,
        number: 1,
        name,
        oneoff: true,
        configHash: serviceConfigHash(svc),
        labels: {},
        ...(command.length ? { command } : {}),
        ...(f.entrypoint !== undefined ? { entrypoint: f.entrypoint === '' ? [] : [f.entrypoint] } : {}),
        extraEnv: parseEnvFlags(f.env, globals.env),
        publishPorts: true,
        tty,
        interactive,
      });
      await s.reporter.close();
      if (f.detach) {
        await s.runtime.startContainer(c.id);
        lock.release();
        process.stdout.write(`${name}\n`);
        return 0;
      }
      const stdio = { ...(interactive ? { stdin: process.stdin } : {}), stdout: process.stdout, stderr: process.stderr };
      const attached = await s.runtime.attach(c.id, { stdio, tty });
      await s.runtime.startContainer(c.id);
      // the one-off runs as long as it likes: other commands on the project need not wait for it
      lock.release();
      const result = await s.runtime.waitContainer(c.id);
      await attached?.ended;
      if (f.rm) await withProjectLock(s, () => s.runtime.removeContainer(c.id, { force: true, volumes: true }));
      return result;
    } finally {
      lock.release();
    }
  });
  if (code !== 0) throw new ExitCode(code);
}
