/**
 * The schema validator, obtained once per process. The build writes ajv's standalone
 * code for schemas/compose.schema.json next to this module (compose-validator.cjs), so
 * start-up neither loads ajv's compiler nor compiles the schema. When that file is
 * missing (a tsc-only build), the schema is compiled here with the same options.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly propertyName?: string;
  readonly parentSchema?: Record<string, unknown>;
  readonly data?: unknown;
}

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** options shared by the build-time generator (scripts/build-validator.mjs) and the fallback */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { source: true } } as const;

// named so that the CLI bundler can tell this module's runtime requires apart (scripts/bundle-cli.mjs)
const requireHere = createRequire(import.meta.url);
let cached: SchemaValidator | undefined;

export function schemaFile(): string {
  // compiled to dist/src/parser/validate/: four levels below the package root
  return fileURLToPath(new URL('../../../../schemas/compose.schema.json', import.meta.url));
}

function compileNow(): SchemaValidator {
  const AjvModule = requireHere('ajv') as { default: new (o: object) => { compile(s: object): SchemaValidator } };
  const ajv = new AjvModule.default({ ...AJV_OPTIONS, code: {} });
  return ajv.compile(JSON.parse(readFileSync(schemaFile(), 'utf8')) as object);
}

export function loadValidator(mode: 'auto' | 'runtime' = 'auto'): SchemaValidator {
  if (cached && mode === 'auto') return cached;
  let validator: SchemaValidator | undefined;
  if (mode === 'auto' && process.env.BERTH_SCHEMA_RUNTIME_COMPILE !== '1') {
    try {
      validator = requireHere('./compose-validator.cjs') as SchemaValidator;
    } catch {
      validator = undefined;
    }
  }
  validator ??= compileNow();
  if (mode === 'auto') cached = validator;
  return validator;
}
