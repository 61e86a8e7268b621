/**
 * The plan as text, one line per operation in execution order, for `--dry-run` and for
 * golden tests: `<verb> <object> <name> (<cause>)`. Warnings are not operations; they
 * come after, prefixed so they cannot be mistaken for one.
 */
import type { Operation, Plan } from './plan.js';
import { planOperations } from './plan.js';

export function formatOperation(op: Operation): string {
  switch (op.kind) {
    case 'create-network':
      return `create network ${op.name} (${op.cause})`;
    case 'create-volume':
      return `create volume ${op.name} (${op.cause})`;
    case 'remove-network':
      return `remove network ${op.name} (${op.cause})`;
    case 'remove-volume':
      return `remove volume ${op.name} (${op.cause})`;
    case 'remove-image':
      return `remove image ${op.image} (${op.cause})`;
    case 'pull-image':
      return `pull image ${op.image} for ${op.service} (${op.cause})`;
    case 'build-image':
      return `build image ${op.image} for ${op.service} (${op.cause})`;
    case 'create-container':
      return `create container ${op.name} (${op.cause})`;
    case 'recreate-container':
      return `recreate container ${op.name} (${op.cause})`;
    case 'start-container':
      return `start container ${op.name} (${op.cause})`;
    case 'restart-container':
      return `restart container ${op.name} (${op.cause})`;
    case 'leave-container':
      return `leave container ${op.name} (${op.cause})`;
    case 'remove-container':
      return `remove container ${op.name} (${op.cause})`;
  }
}

export function formatPlanLines(plan: Plan): string[] {
  return [...planOperations(plan).map(formatOperation), ...plan.warnings.map((w) => `warning: ${w}`)];
}

/** The whole plan, newline-terminated; an empty plan says so rather than printing nothing. */
export function formatPlan(plan: Plan): string {
  const lines = formatPlanLines(plan);
  if (lines.length === 0) lines.push(`nothing to do for project ${plan.project}`);
  return `${lines.join('\n')}\n`;
}
