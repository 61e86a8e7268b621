/**
 * The planner's public surface: graph, selection, walker, reconcile/planDown and the
 * plan's text form. Pure: nothing here touches a backend or the system.
 */
export { buildGraph, dependencyOrder, subgraph, type ServiceGraph } from './graph.js';
export { enableNamedServices, selectServices, type SelectOptions } from './select.js';
export { walk, type Direction, type Visit, type WalkOptions } from './walker.js';
export { resolveParallelism } from './parallelism.js';
export { serviceConfigHash } from './config-hash.js';
export { containerName, serviceImage } from './names.js';
export { reconcile, planUp, type UpOptions } from './reconcile.js';
export { planDown, type DownOptions } from './plan-down.js';
export { walkPlan, type VisitService } from './walk-plan.js';
export { formatPlan, formatPlanLines, formatOperation } from './format-plan.js';
export { renderGraph, GRAPH_FORMATS, type GraphFormat } from './render-graph.js';
export type * from './plan.js';
export { planOperations, isNoop } from './plan.js';
