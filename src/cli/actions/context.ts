/**
 * What every runtime command needs: the project (from the files, or only its name with
 * -p when there is no file, as `down`/`ps`/`logs` allow), the backend and a reporter.
 */
import type { Project } from '../../model/project.js';
import type { Reporter } from '../../progress/events.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { GlobalOptions } from '../global-options.js';
import { tuneHeapForInput } from '../heap.js';

export interface ProjectRef {
  readonly name: string;
  readonly project?: Project;
}

export interface Session extends ProjectRef {
  readonly globals: GlobalOptions;
  readonly runtime: Runtime;
  readonly reporter: Reporter;
  /** closes the reporter and the runtime; call in finally */
  close(): Promise<void>;
}

export async function loadRef(globals: GlobalOptions, o: { needFile: boolean; services?: readonly string[] }): Promise<ProjectRef> {
  const { loadProject } = await import('../../parser/index.js');
  try {
    const { project, warnings } = await loadProject({
      onSourcesRead: tuneHeapForInput,
      files: globals.files,
      ...(globals.projectName !== undefined ? { projectName: globals.projectName } : {}),
      ...(globals.projectDirectory !== undefined ? { projectDirectory: globals.projectDirectory } : {}),
      envFiles: globals.envFiles,
      profiles: globals.profiles,
      ...(o.services?.length ? { selectedServices: o.services } : {}),
      env: globals.env,
      cwd: globals.cwd,
    });
    for (const w of warnings) process.stderr.write(`WARN: ${w}\n`);
    return { name: project.name, project };
  } catch (err) {
    // without a file, -p (or COMPOSE_PROJECT_NAME) is enough to find a project by its labels
    const name = globals.projectName ?? globals.env.COMPOSE_PROJECT_NAME;
    if (!o.needFile && name && globals.files.length === 0) return { name };
    throw err;
  }
}

export async function openSession(
  globals: GlobalOptions,
  o: { needFile: boolean; services?: readonly string[]; title: string; progress?: GlobalOptions['progress'] },
): Promise<Session> {
  // reading the files and reaching the backend are independent: overlap their start-up costs
  const opening = import('../../runtime/select.js').then(({ openRuntime }) => openRuntime(globals.backend, { env: globals.env }));
  const [refResult, runtimeResult] = await Promise.allSettled([loadRef(globals, o), opening]);
  if (refResult.status === 'rejected') {
    if (runtimeResult.status === 'fulfilled') await runtimeResult.value.close();
    // a mistake in the file comes first: fixing the daemon would not help
    throw refResult.reason;
  }
  if (runtimeResult.status === 'rejected') throw runtimeResult.reason;
  const ref = refResult.value;
  const runtime = runtimeResult.value;
  const { openReporter } = await import('../../progress/select.js');
  const reporter = await openReporter(o.progress ?? globals.progress, o.title, globals.env);
  return {
    ...ref,
    globals,
    runtime,
    reporter,
    async close() {
      await reporter.close();
      await runtime.close();
    },
  };
}

/** Runs `fn` with a session and always closes it. */
export async function withSession<T>(
  globals: GlobalOptions,
  o: Parameters<typeof openSession>[1],
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  const s = await openSession(globals, o);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** The project's containers (not one-offs), optionally only of the named services. */
export async function projectContainers(s: Session, services: readonly string[] = [], o: { oneoff?: boolean } = {}) {
  const observed = await s.runtime.observe(s.name);
  const { UsageError } = await import('../../errors.js');
  if (s.project) {
    for (const name of services) {
      if (!s.project.services[name] && !s.project.disabled_services[name]) throw new UsageError(`no such service: ${name}`);
    }
  }
  return observed.containers.filter(
    (c) => (o.oneoff ? true : !c.oneoff) && (services.length === 0 || services.includes(c.service)),
  );
}

/**
 * How many operations run at once. With the docker backend the daemon does the work, and
 * much of a container start is serialised inside it (its network controller), so more
 * requests in flight only add contention there: 50 containers came up in ~29 s with 8 at
 * a time, 30 s with 16, 31.6 s with 64 and 35 s with 32 (dockerd 20.10, 2 cores), and
 * went down in 6.8 s with 8 against 7.4 s with 64. The native backend does the work in
 * this process, where the planner's per-core default applies. --parallel /
 * COMPOSE_PARALLEL_LIMIT win over both.
 */
export async function parallelism(s: Session): Promise<number> {
  const { resolveParallelism } = await import('../../planner/index.js');
  if (s.globals.parallel === undefined && s.runtime.name === 'docker') return DOCKER_PARALLEL;
  const { availableParallelism } = await import('node:os');
  return resolveParallelism(s.globals.parallel, availableParallelism());
}

export const DOCKER_PARALLEL = 8;
