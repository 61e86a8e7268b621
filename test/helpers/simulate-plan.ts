/**
 * Carries a plan out on an observed state in memory, the way a backend would, so that
 * tests can chain plans (fresh -> up -> up again) without a runtime.
 */
import type { ObservedContainer, ObservedProject } from '../../src/model/observed.js';
import type { Plan } from '../../src/planner/plan.js';
import { planOperations } from '../../src/planner/plan.js';

let generation = 0;

export function simulatePlan(plan: Plan, observed: ObservedProject): ObservedProject {
  let containers = [...observed.containers];
  let networks = [...observed.networks];
  let volumes = [...observed.volumes];
  const put = (op: { service: string; number: number; name: string; configHash: string }): void => {
    const c: ObservedContainer = {
      id: `${op.name}-id${++generation}`,
      name: op.name,
      project: plan.project,
      service: op.service,
      number: op.number,
      oneoff: false,
      configHash: op.configHash,
      image: '',
      state: 'created',
      health: 'none',
      labels: {},
    };
    containers.push(c);
  };
  for (const op of planOperations(plan)) {
    switch (op.kind) {
      case 'create-network':
        networks.push({ id: `${op.name}-id`, name: op.name, key: op.key, labels: {} });
        break;
      case 'create-volume':
        volumes.push({ name: op.name, key: op.key, labels: {} });
        break;
      case 'remove-network':
        networks = networks.filter((n) => n.name !== op.name);
        break;
      case 'remove-volume':
        volumes = volumes.filter((v) => v.name !== op.name);
        break;
      case 'create-container':
        put(op);
        break;
      case 'recreate-container':
        containers = containers.filter((c) => c.id !== op.id);
        put(op);
        break;
      case 'start-container':
        containers = containers.map((c) => ((op.id ? c.id === op.id : c.name === op.name) ? { ...c, state: 'running' } : c));
        break;
      case 'remove-container':
        containers = containers.filter((c) => c.id !== op.id);
        break;
      default:
        break;
    }
  }
  return { containers, networks, volumes };
}
