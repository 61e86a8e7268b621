/**
 * Which namespaces a container shares instead of getting its own (network_mode, ipc, pid),
 * decided here and carried out by the shim, which joins a namespace by path rather than
 * creating it. Pure: the runtime passes in the containers it found and their pids.
 * Docker's rules are followed: `service:x` means x's first running container (lowest
 * number), ipc may only join a donor whose ipc is `shareable` (or `host`), and a container on
 * another's network stack may not publish or expose ports, set a hostname, dns or extra hosts.
 */
import type { ObservedContainer } from '../../model/observed.js';
import type { Service } from '../../model/project.js';

export type SharedKind = 'net' | 'ipc' | 'pid';
export const SHARED_KINDS: readonly SharedKind[] = ['net', 'ipc', 'pid'];

/** how a container gets one namespace kind, as the compose file asks */
export type NamespaceAsk =
  | { readonly how: 'own' }
  | { readonly how: 'host' }
  | { readonly how: 'service'; readonly service: string }
  | { readonly how: 'container'; readonly container: string };

/** what the record keeps: host, or the donor container chosen at create */
export type NamespaceSource = 'host' | { readonly id: string; readonly name: string; readonly mode: string };
export type SharedNamespaces = Readonly<Partial<Record<SharedKind, NamespaceSource>>>;

/** a container as far as choosing a donor goes */
export interface Candidate extends Pick<ObservedContainer, 'id' | 'name' | 'project' | 'service' | 'number' | 'oneoff'> {
  readonly running: boolean;
  /** the donor's own ipc setting ('private' when absent) */
  readonly ipc?: string;
}

const FIELD: Record<SharedKind, 'network_mode' | 'ipc' | 'pid'> = { net: 'network_mode', ipc: 'ipc', pid: 'pid' };

function parseAsk(value: string | undefined): NamespaceAsk {
  if (value === undefined) return { how: 'own' };
  if (value === 'host') return { how: 'host' };
  if (value.startsWith('service:')) return { how: 'service', service: value.slice('service:'.length) };
  if (value.startsWith('container:')) return { how: 'container', container: value.slice('container:'.length) };
  // bridge/default/none/<network> (net), private/shareable (ipc): a namespace of its own
  return { how: 'own' };
}

export function namespaceAsks(s: Pick<Service, 'network_mode' | 'ipc' | 'pid'>): Record<SharedKind, NamespaceAsk> {
  return { net: parseAsk(s.network_mode), ipc: parseAsk(s.ipc), pid: parseAsk(s.pid) };
}

/**
 * The options Docker refuses next to a container-type network mode (its engine's messages),
 * or undefined. Docker Compose passes them on and fails at create; so does Berth.
 */
export function sharedNetworkConflict(
  s: Pick<Service, 'network_mode' | 'ports' | 'expose' | 'hostname' | 'dns' | 'extra_hosts' | 'links'>,
): string | undefined {
  const ask = parseAsk(s.network_mode);
  if (ask.how !== 'service' && ask.how !== 'container') return undefined;
  if (s.ports.length > 0) return 'conflicting options: port publishing and the container type network mode';
  if (s.expose.length > 0) return 'conflicting options: port exposing and the container type network mode';
  if (s.hostname !== undefined) return 'conflicting options: hostname and the network mode';
  if (s.dns.length > 0) return 'conflicting options: dns and the network mode';
  if (s.extra_hosts.length > 0) return 'conflicting options: custom host-to-IP mapping and the network mode';
  if (s.links.length > 0) return "conflicting options: container type network can't be used with links";
  return undefined;
}

function byNumber(a: Candidate, b: Candidate): number {
  return a.number - b.number || a.id.localeCompare(b.id);
}

/**
 * The donor a `service:` or `container:` ask names: for a service, its first running
 * container (else its first one, so that start can say it is not running); for a container,
 * an exact name, full id or id prefix. Returns a message naming what is missing instead.
 */
export function pickDonor(ask: NamespaceAsk, project: string, candidates: readonly Candidate[]): Candidate | string {
  if (ask.how === 'service') {
    const mine = candidates.filter((c) => c.project === project && c.service === ask.service && !c.oneoff).sort(byNumber);
    return mine.find((c) => c.running) ?? mine[0] ?? `service ${ask.service} has no container`;
  }
  if (ask.how === 'container') {
    const ref = ask.container;
    const found = candidates.find((c) => c.name === ref || c.id === ref) ??
      (ref.length >= 1 ? candidates.filter((c) => c.id.startsWith(ref)) : []).at(0);
    return found ?? `no such container: ${ref}`;
  }
  return 'no donor asked for';
}

/**
 * Decides every shared namespace of a service at create. Throws nothing: returns the
 * namespaces, or the first problem as a message (the caller names the service).
 */
export function decideSharing(
  s: Pick<Service, 'network_mode' | 'ipc' | 'pid'>,
  project: string,
  candidates: readonly Candidate[],
): { readonly shared: SharedNamespaces } | { readonly error: string } {
  const asks = namespaceAsks(s);
  const shared: Partial<Record<SharedKind, NamespaceSource>> = {};
  for (const kind of SHARED_KINDS) {
    const ask = asks[kind];
    if (ask.how === 'own') continue;
    // network_mode host is the runtime's older path (netns host); recorded here all the same
    if (ask.how === 'host') {
      shared[kind] = 'host';
      continue;
    }
    const mode = s[FIELD[kind]] as string;
    const donor = pickDonor(ask, project, candidates);
    if (typeof donor === 'string') return { error: `${FIELD[kind]} ${mode}: ${donor}` };
    if (kind === 'ipc' && donor.ipc !== 'shareable' && donor.ipc !== 'host') {
      return { error: `ipc ${mode}: can't join IPC of container ${donor.name}: non-shareable IPC (set ipc: shareable on the donor)` };
    }
    shared[kind] = { id: donor.id, name: donor.name, mode };
  }
  return { shared };
}

/**
 * The shim's `namespaces` file for one start: `<kind> host` or `<kind> <path>` per shared
 * kind. `pidOf` gives a donor's running init pid, or 'stopped' / 'removed'; the message then
 * names both containers.
 */
export function joinFile(
  container: string,
  shared: SharedNamespaces,
  pidOf: (id: string) => number | 'stopped' | 'removed',
): { readonly text: string } | { readonly error: string } {
  const lines: string[] = [];
  for (const kind of SHARED_KINDS) {
    const src = shared[kind];
    if (src === undefined) continue;
    if (src === 'host') {
      lines.push(`${kind} host`);
      continue;
    }
    const pid = pidOf(src.id);
    const what = `container ${container} shares the ${kind} namespace of ${src.name} (${FIELD[kind]} ${src.mode})`;
    if (pid === 'removed') return { error: `${what}, which was removed: recreate ${container} to join another` };
    if (pid === 'stopped' || pid <= 0) return { error: `${what}, which is not running` };
    lines.push(`${kind} /proc/${pid}/ns/${kind}`);
  }
  return { text: lines.join('\n') + (lines.length ? '\n' : '') };
}

/**
 * /dev/shm as Docker gives it with ipc sharing: a shareable container's is a directory in its
 * state dir (so a joiner can bind the same one; mounts of another mount namespace cannot be
 * bound), a joiner binds its donor's, `ipc: host` binds the host's /dev/shm. Undefined: the
 * container's own tmpfs.
 */
export function shmBindSource(ipc: string | undefined, ownDir: string, donorDir: string | undefined): string | undefined {
  if (ipc === 'host') return '/dev/shm';
  if (ipc === 'shareable') return `${ownDir}/shm`;
  if (donorDir !== undefined) return `${donorDir}/shm`;
  return undefined;
}
