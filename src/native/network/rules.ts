/**
 * Applying rule plans: one iptables-save to read, one iptables-restore --noflush to change,
 * instead of a call per rule (each iptables call costs tens of milliseconds next to
 * dockerd's ruleset). A host-wide lock keeps two Berth commands from planning against the
 * same snapshot and adding a group twice.
 */
import { RuntimeError } from '../../errors.js';
import { run, type NetHost } from './host.js';
import { withFileLock } from './lock.js';
import { parseSave, planEnsure, planRemoval, type RuleGroup } from './nat.js';

const LOCK = '/run/berth-iptables.lock';

async function change(host: NetHost, plan: (save: string) => string): Promise<void> {
  await withFileLock(LOCK, async () => {
    const text = plan(await run(host, ['iptables-save']));
    if (!text) return;
    const r = await host.tryRun(['iptables-restore', '-w', '--noflush'], text);
    if (!r.ok) throw new RuntimeError(`iptables-restore failed: ${r.stderr.trim()}\n${text}`);
  });
}

export function ensureRules(host: NetHost, groups: readonly RuleGroup[]): Promise<void> {
  return change(host, (save) => planEnsure(parseSave(save), groups));
}

export function removeRules(host: NetHost, matches: (comment: string) => boolean): Promise<void> {
  return change(host, (save) => planRemoval(parseSave(save), matches));
}
