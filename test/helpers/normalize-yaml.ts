/**
 * Runs the validate -> normalize -> check stages on inline YAML, without the loader,
 * so parser tests can state a compose file and the model or errors it gives.
 */
import type { ComposeFileError } from '../../src/errors.js';
import type { FileFormat, Project } from '../../src/model/project.js';
import { checkProject } from '../../src/parser/check/index.js';
import { normalizeProject } from '../../src/parser/normalize/index.js';
import { validateFile } from '../../src/parser/validate/index.js';
import { parseWithMap } from './parse-with-map.js';

export interface NormalizeYamlOptions {
  readonly workingDir?: string;
  readonly env?: Record<string, string | undefined>;
  readonly format?: FileFormat;
  readonly disabledServices?: string[];
  readonly name?: string;
}

export function normalizeYaml(yaml: string, o: NormalizeYamlOptions = {}): Project {
  const { tree, map } = parseWithMap(yaml);
  const errors = validateFile(tree, map, 'compose.yaml');
  if (errors.length) throw errors[0];
  return normalizeProject({
    name: o.name ?? 'proj',
    workingDir: o.workingDir ?? '/srv/app',
    configFiles: ['/srv/app/compose.yaml'],
    format: o.format ?? 'spec',
    tree,
    map,
    env: o.env ?? { HOME: '/home/me' },
    disabledServices: o.disabledServices ?? [],
  });
}

/** the messages of every error the stages report, or [] when the file is fine */
export function stageErrors(yaml: string, o: NormalizeYamlOptions = {}): string[] {
  const { tree, map } = parseWithMap(yaml);
  const schema = validateFile(tree, map, 'compose.yaml');
  if (schema.length) return schema.map((e) => e.message);
  try {
    const project = normalizeYaml(yaml, o);
    return checkProject(project, map).map((e: ComposeFileError) => e.message);
  } catch (err) {
    const list = (err as { errors?: ComposeFileError[] }).errors;
    if (list) return list.map((e) => e.message);
    throw err;
  }
}
