/**
 * Turns ajv's errors into one message per location, worded for people: unknown keys
 * get a did-you-mean from the keys allowed there, types are "mapping" and "sequence",
 * and patterns are explained instead of quoted.
 */
import type { SchemaError } from './compiled.js';
import { describeValue, patternWords, typeWords } from './describe.js';
import { suggestion } from './did-you-mean.js';

export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  /** where to point: the offending key for unknown keys, else the value at `path` */
  readonly locatePath: readonly (string | number)[];
  /** point at the key of locatePath (unknown keys, bad names) rather than its value */
  readonly atKey: boolean;
  readonly message: string;
}

/** Keyword rank: lower wins when several errors name the same location. */
const RANK: Readonly<Record<string, number>> = {
  type: 0,
  additionalProperties: 1,
  propertyNames: 1,
  required: 2,
  enum: 3,
  const: 3,
  pattern: 4,
  minimum: 5,
  maximum: 5,
};

function pointerToPath(pointer: string, tree: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = tree;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function allowedKeys(parent: Record<string, unknown> | undefined): string[] {
  const props = parent?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

function messageFor(e: SchemaError): string {
  switch (e.keyword) {
    case 'type': {
      const t = e.params.type;
      const types = Array.isArray(t) ? (t as string[]) : [String(t)];
      return `expected ${typeWords(types)}, got ${describeValue(e.data)}`;
    }
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      return `unknown key "${key}"${suggestion(key, allowedKeys(e.parentSchema))}`;
    }
    case 'required':
      return `missing required key "${String(e.params.missingProperty)}"`;
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      return `invalid value ${JSON.stringify(e.data)}: expected one of ${allowed.join(', ')}${suggestion(String(e.data), allowed)}`;
    }
    case 'pattern': {
      const words = patternWords(e.schemaPath, String(e.params.pattern)) ?? `expected a value matching ${String(e.params.pattern)}`;
      return `invalid value ${JSON.stringify(e.data)}: ${words}`;
    }
    case 'minimum':
    case 'maximum':
      return `invalid value ${JSON.stringify(e.data)}: must be ${String(e.params.comparison)} ${String(e.params.limit)}`;
    default:
      return `invalid value: ${e.keyword} rule failed`;
  }
}

export function humanize(errors: readonly SchemaError[], tree: unknown): SchemaIssue[] {
  const best = new Map<string, { rank: number; issue: SchemaIssue }>();
  // propertyNames reports once for the rule and once for the failing subschema; the latter
  // carries the words, but only an inlined subschema sets its propertyName
  const badNames = new Set(
    errors.filter((e) => e.keyword === 'propertyNames').map((e) => `${e.instancePath}\0${String(e.params.propertyName)}`),
  );
  for (const e of errors) {
    if (e.keyword === 'propertyNames') continue;
    const propertyName =
      e.propertyName ?? (typeof e.data === 'string' && badNames.has(`${e.instancePath}\0${e.data}`) ? e.data : undefined);
    const path = pointerToPath(e.instancePath, tree);
    let locatePath = path;
    let atKey = false;
    let message = messageFor(e);
    if (e.keyword === 'additionalProperties') {
      locatePath = [...path, String(e.params.additionalProperty)];
      atKey = true;
    } else if (propertyName !== undefined) {
      locatePath = [...path, propertyName];
      atKey = true;
      message = `invalid name "${propertyName}": ${patternWords(e.schemaPath, String(e.params.pattern)) ?? 'not allowed here'}`;
    }
    const key = JSON.stringify(locatePath);
    const rank = RANK[e.keyword] ?? 9;
    const seen = best.get(key);
    if (!seen || rank < seen.rank) best.set(key, { rank, issue: { path, locatePath, atKey, message } });
  }
  return [...best.values()].map((b) => b.issue);
}
