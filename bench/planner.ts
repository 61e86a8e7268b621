/**
 * Planner benchmark: a generated 10,000-service project with random acyclic dependencies
 * (each service depends on up to 3 earlier ones, every edge kind represented) and an
 * observed state where most services are up to date, some changed, some exited, some
 * scaled and some orphaned. Goal: graph + order + reconcile under 1 s.
 * The peer for the ordering stage is graphlib's own alg.topsort over the same graph.
 *
 * Run: npx tsc -p . && node dist/bench/planner.js [services] [runs]
 */
import { loadavg, availableParallelism } from 'node:os';
import { alg } from '@dagrejs/graphlib';
import { buildGraph, topologicalOrder } from '../src/planner/graph.js';
import { selectServices } from '../src/planner/select.js';
import { reconcile } from '../src/planner/reconcile.js';
import { formatPlanLines } from '../src/planner/format-plan.js';
import { walk } from '../src/planner/walker.js';
import { serviceConfigHash } from '../src/planner/config-hash.js';
import type { ObservedContainer, ObservedProject } from '../src/model/observed.js';
import { makeContainer, makeProject, type ServiceInput } from '../test/helpers/model.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 7);
const GOAL_MS = 1000;

/** mulberry32: a tiny seeded generator, so every run plans the same project */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(count: number) {
  const rnd = random(42);
  const pick = (n: number) => Math.floor(rnd() * n);
  const name = (i: number) => `svc${String(i).padStart(5, '0')}`;
  const services: Record<string, ServiceInput> = {};
  for (let i = 0; i < count; i++) {
    const deps = new Set<number>();
    const wanted = i === 0 ? 0 : pick(4);
    for (let k = 0; k < wanted; k++) deps.add(pick(i));
    const s: ServiceInput = {
      image: `registry.local/app${i % 50}:1`,
      environment: { INDEX: String(i), MODE: i % 2 ? 'a' : 'b' },
      ports: i % 10 === 0 ? [{ target: 8080, protocol: 'tcp', mode: 'ingress' }] : [],
      depends_on: {},
    };
    const dependsOn: Record<string, { condition: 'service_started' | 'service_healthy' }> = {};
    let j = 0;
    for (const d of deps) {
      if (j === 1 && i % 3 === 0) s.links = [`${name(d)}:alias${d}`];
      else if (j === 2 && i % 5 === 0) s.volumes_from = [name(d)];
      else dependsOn[name(d)] = { condition: j % 2 ? 'service_healthy' : 'service_started' };
      j++;
    }
    s.depends_on = dependsOn;
    if (i % 97 === 0) s.scale = 2;
    services[name(i)] = s;
  }
  const project = makeProject({ name: 'bench', services });
  const containers: ObservedContainer[] = [];
  for (const [key, service] of Object.entries(project.services)) {
    const i = Number(key.slice(3));
    if (i % 10 === 9) continue; // not created yet
    const hash = i % 10 === 8 ? 'stale' : serviceConfigHash(service);
    containers.push(makeContainer('bench', key, 1, { configHash: hash, state: i % 10 === 7 ? 'exited' : 'running' }));
  }
  for (let i = 0; i < 20; i++) containers.push(makeContainer('bench', `gone${i}`, 1));
  const observed: ObservedProject = { containers, networks: [{ id: 'n', name: 'bench_default', labels: {} }], volumes: [] };
  return { project, observed };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Wall time, and CPU time of this process (the machine may be shared and busy). */
const cpuSamples: Record<string, number[]> = {};
let current = '';
async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  (cpuSamples[current] ??= []).push((c.user + c.system) / 1000);
  return wall;
}

const { project, observed } = generate(COUNT);
const samples: Record<string, number[]> = { graph: [], order: [], 'order (peer: graphlib topsort)': [], reconcile: [], 'graph + order + reconcile': [], 'walk (no-op visits)': [] };
let operations = 0;
for (let run = 0; run < RUNS; run++) {
  let graph = buildGraph(project);
  current = 'graph'; samples.graph!.push(await time(() => { graph = buildGraph(project); }));
  current = 'order'; samples.order!.push(await time(() => { selectServices(graph); topologicalOrder(graph); }));
  current = 'order (peer: graphlib topsort)'; samples['order (peer: graphlib topsort)']!.push(await time(() => alg.topsort(graph as never)));
  current = 'reconcile'; samples.reconcile!.push(await time(() => { operations = formatPlanLines(reconcile(project, observed, { removeOrphans: true })).length; }));
  // reconcile builds and orders the graph itself, so this is the end-to-end figure
  current = 'graph + order + reconcile'; samples['graph + order + reconcile']!.push(await time(() => reconcile(project, observed, { removeOrphans: true })));
  current = 'walk (no-op visits)'; samples['walk (no-op visits)']!.push(await time(() => walk(graph, 'up', () => Promise.resolve(), { parallel: 8 })));
}

const total = median(samples['graph + order + reconcile']!);
const totalCpu = median(cpuSamples['graph + order + reconcile'] ?? []);
console.log(`planner benchmark: ${COUNT} services, ${project.services ? Object.keys(project.services).length : 0} in graph, ${operations} plan lines, ${RUNS} runs (medians)`);
console.log('stage                              median ms   min ms   max ms   median cpu ms');
for (const [stage, xs] of Object.entries(samples)) {
  const cpu = median(cpuSamples[stage] ?? []);
  console.log(`${stage.padEnd(34)} ${median(xs).toFixed(1).padStart(9)} ${Math.min(...xs).toFixed(1).padStart(8)} ${Math.max(...xs).toFixed(1).padStart(8)} ${cpu.toFixed(1).padStart(15)}`);
}
const ours = median(samples.order!);
const peer = median(samples['order (peer: graphlib topsort)']!);
console.log(`order vs graphlib topsort: ${(ours / peer).toFixed(2)}x`);
console.log(`goal: graph + order + reconcile < ${GOAL_MS} ms -> wall ${total.toFixed(0)} ms (${(total / GOAL_MS).toFixed(2)} of the budget) ${total < GOAL_MS ? 'PASS' : 'FAIL'}`);
console.log(`                                        cpu  ${totalCpu.toFixed(0)} ms (${(totalCpu / GOAL_MS).toFixed(2)} of the budget) ${totalCpu < GOAL_MS ? 'PASS' : 'FAIL'}`);
// Wall time on a shared machine includes waiting for a core; the load average says how busy it was.
console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
