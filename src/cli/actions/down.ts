/** `compose down`: the planner's down plan, carried out; works from labels without a file. */
import { UsageError } from '../../errors.js';
import { orphanHandling, type GlobalOptions } from '../global-options.js';
import { withSession, parallelism } from './context.js';
import { withProjectLock } from './project-lock.js';
import { parseSeconds } from './up.js';

export interface DownFlags {
  volumes?: boolean;
  removeOrphans?: boolean;
  rmi?: string;
  timeout?: string;
}

export async function runDown(globals: GlobalOptions, f: DownFlags): Promise<void> {
  if (f.rmi !== undefined && f.rmi !== 'local' && f.rmi !== 'all') throw new UsageError(`invalid --rmi "${f.rmi}": expected local or all`);
  const timeoutSeconds = parseSeconds('--timeout', f.timeout);
  const orphans = orphanHandling(f.removeOrphans, globals);
  await withSession(globals, { needFile: false, title: 'down' }, async (s) => {
    const { planDown, formatPlan } = await import('../../planner/index.js');
    const { applyPlan } = await import('../../executor/apply-plan.js');
    await withProjectLock(s, async () => {
      const plan = planDown(s.project, await s.runtime.observe(s.name), {
        ...orphans,
        volumes: f.volumes ?? false,
        ...(f.rmi ? { rmi: f.rmi as 'local' | 'all' } : {}),
        projectName: s.name,
      });
      if (s.globals.dryRun) {
        process.stdout.write(formatPlan(plan));
        return;
      }
      await applyPlan(plan, s.runtime, s.reporter, {
        ...(s.project ? { project: s.project } : {}),
        parallel: await parallelism(s),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      });
    });
  });
}
