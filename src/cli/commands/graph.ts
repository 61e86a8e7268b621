import { Option, type Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

/** `compose graph`: prints the service dependency graph (tree, Graphviz DOT or Mermaid). */
export function defineGraph(program: Command, globals: () => GlobalOptions): void {
  program
    .command('graph')
    .description('Print the dependency graph of the services')
    .addOption(new Option('--format <format>', 'output format').choices(['tree', 'dot', 'mermaid']).default('tree'))
    .argument('[service...]', 'only these services and what they depend on')
    .action(async (services: string[], opts: { format: 'tree' | 'dot' | 'mermaid' }) => {
      const [{ loadProject }, { renderProjectGraph }] = await Promise.all([
        import('../../parser/index.js'),
        import('../../planner/render-graph.js'),
      ]);
      const g = globals();
      const { project, warnings } = await loadProject({
        files: g.files,
        projectName: g.projectName,
        projectDirectory: g.projectDirectory,
        envFiles: g.envFiles,
        profiles: g.profiles,
        selectedServices: services,
        env: g.env,
        cwd: g.cwd,
      });
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(renderProjectGraph(project, services, opts.format));
    });
}
