/**
 * What the CLI knows of a container, written once at create as `<dir>/container.json`.
 * The shim never reads it (it reads `config`); the shim writes `state`, which the CLI reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { CgroupLimits } from '../cgroups/manager.js';
import type { SharedNamespaces } from '../container/namespaces.js';

export interface ContainerRecord {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly configHash: string;
  readonly image: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly created: string;
  readonly stopSignal: string;
  readonly stopGraceMs: number;
  readonly cgroup: string;
  /** re-applied at every start: cgroups do not survive a reboot */
  readonly limits?: CgroupLimits;
  /** for exec: the container's resolved identity and environment */
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly env: readonly string[];
  readonly cwd: string;
  /** the image's layers, lowest first, for resolving exec users against its /etc files */
  readonly layerDirs: readonly string[];
  readonly networkMode: string;
  readonly networks: Readonly<Record<string, { aliases: readonly string[]; ipv4_address?: string }>>;
  readonly anonymousVolumes: readonly string[];
  readonly hasHealthcheck: boolean;
  /** the service's ipc setting: a donor must be 'shareable' (or 'host') for others to join it */
  readonly ipc?: string;
  /** namespaces joined instead of created (network_mode/ipc/pid host, service:, container:) */
  readonly shared?: SharedNamespaces;
  /** the main process has a terminal (tty: true, run with a TTY) */
  readonly tty?: boolean;
  /** its stdin is open (stdin_open, run -i); 'once': closed when the attached client's input ends */
  readonly stdin?: 'open' | 'once';
}

export function writeRecord(dir: string, record: ContainerRecord): void {
  writeFileAtomic(join(dir, 'container.json'), JSON.stringify(record, null, 2) + '\n');
}

export function readRecord(dir: string): ContainerRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'container.json'), 'utf8')) as ContainerRecord;
  } catch {
    return undefined;
  }
}
