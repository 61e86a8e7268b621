/**
 * Runs a plan's `before` or `after` list. The list is in a valid order; operations next to
 * each other that are of one class touch different resources and run at once (networks and
 * volumes are created together, orphans removed together, networks and volumes removed
 * together), while the classes themselves keep the list's order.
 */
import type { ProjectOperation } from '../planner/plan.js';
import { inBatches } from './in-batches.js';
import { runOperation, type OpContext } from './operations.js';

type OperationClass = 'create-resource' | 'remove-container' | 'remove-resource' | 'remove-image';

const CLASS: Readonly<Record<ProjectOperation['kind'], OperationClass>> = {
  'create-network': 'create-resource',
  'create-volume': 'create-resource',
  'remove-container': 'remove-container',
  'remove-network': 'remove-resource',
  'remove-volume': 'remove-resource',
  'remove-image': 'remove-image',
};

/** Pure: the list cut into runs of consecutive operations of one class, in order. */
export function groupOperations(ops: readonly ProjectOperation[]): ProjectOperation[][] {
  const groups: ProjectOperation[][] = [];
  for (const op of ops) {
    const last = groups.at(-1);
    if (last && CLASS[last[0]!.kind] === CLASS[op.kind]) last.push(op);
    else groups.push([op]);
  }
  return groups;
}

export async function runProjectOperations(ops: readonly ProjectOperation[], ctx: OpContext, parallel: number): Promise<void> {
  for (const group of groupOperations(ops)) {
    await inBatches(group, parallel === Infinity ? group.length : parallel, (op) => runOperation(op, ctx));
  }
}
