import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupOperations, runProjectOperations } from '../../src/executor/project-operations.js';
import type { ProjectOperation } from '../../src/planner/plan.js';
import type { Project } from '../../src/model/project.js';
import { RecordingReporter } from '../../src/progress/events.js';
import { FakeRuntime } from '../helpers/fake-runtime.js';
import { makeProject } from '../helpers/model.js';

const net = (key: string): ProjectOperation => ({ kind: 'create-network', key, name: `p_${key}`, cause: 'not found' });
const vol = (key: string): ProjectOperation => ({ kind: 'create-volume', key, name: `p_${key}`, cause: 'not found' });
const orphan = (name: string): ProjectOperation => ({
  kind: 'remove-container', service: name, number: 1, name: `p-${name}-1`, id: `id-${name}`, volumes: false, cause: 'orphan',
});

test('consecutive operations of one class form one group; classes keep the list order', () => {
  const groups = groupOperations([net('a'), vol('d'), net('b'), orphan('x'), orphan('y'), net('c')]);
  assert.deepEqual(
    groups.map((g) => g.map((op) => ('key' in op ? op.key : op.kind === 'remove-container' ? op.service : ''))),
    [['a', 'd', 'b'], ['x', 'y'], ['c']],
  );
  assert.deepEqual(groupOperations([]), []);
});

/** A runtime whose network and volume creations wait until released, to see what runs at once. */
class GatedRuntime extends FakeRuntime {
  readonly inFlight = new Set<string>();
  maxInFlight = 0;
  private releases: (() => void)[] = [];
  private gate(what: string): Promise<void> {
    this.inFlight.add(what);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
    return new Promise((resolve) => this.releases.push(() => (this.inFlight.delete(what), resolve())));
  }
  releaseAll(): void {
    for (const r of this.releases.splice(0)) r();
  }
  override async createNetwork(p: Project, key: string) {
    await this.gate(`network ${key}`);
    return super.createNetwork(p, key);
  }
  override async createVolume(p: Project, key: string) {
    await this.gate(`volume ${key}`);
    return super.createVolume(p, key);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

test('networks and volumes are created at once, and what follows waits for all of them', async () => {
  const project = makeProject({ name: 'p', services: {}, networks: { a: {}, b: {} }, volumes: { d: {} } });
  const runtime = new GatedRuntime();
  const ctx = { runtime, reporter: new RecordingReporter(), project, quietPull: false, containers: new Map() };
  const run = runProjectOperations([net('a'), net('b'), vol('d'), orphan('x')], ctx, Infinity);
  await settle();
  assert.deepEqual([...runtime.inFlight].sort(), ['network a', 'network b', 'volume d']);
  assert.ok(!runtime.calls.includes('stop id-x'), 'the next group starts only once the first is done');
  runtime.releaseAll();
  await run;
  assert.deepEqual(runtime.calls, ['create-network a', 'create-network b', 'create-volume d', 'stop id-x', 'remove id-x']);
});

test('the parallelism bound holds inside a group', async () => {
  const project = makeProject({ name: 'p', services: {}, networks: { a: {}, b: {}, c: {} } });
  const runtime = new GatedRuntime();
  const ctx = { runtime, reporter: new RecordingReporter(), project, quietPull: false, containers: new Map() };
  const run = runProjectOperations([net('a'), net('b'), net('c')], ctx, 2);
  for (let i = 0; i < 4; i++) {
    await settle();
    runtime.releaseAll();
  }
  await run;
  assert.equal(runtime.maxInFlight, 2);
  assert.equal(runtime.calls.length, 3);
});

test('a failed operation fails the group and nothing after it runs', async () => {
  const project = makeProject({ name: 'p', services: {}, networks: { a: {}, b: {} } });
  const runtime = new FakeRuntime();
  runtime.createNetwork = async (_p, key) => {
    runtime.calls.push(`create-network ${key}`);
    if (key === 'a') throw new Error('create network p_a: address pools exhausted');
  };
  const ctx = { runtime, reporter: new RecordingReporter(), project, quietPull: false, containers: new Map() };
  await assert.rejects(runProjectOperations([net('a'), net('b'), orphan('x')], ctx, Infinity), /address pools exhausted/);
  assert.ok(!runtime.calls.includes('stop id-x'), runtime.calls.join('\n'));
});
