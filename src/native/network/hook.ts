/**
 * The native runtime's view of networking (src/native/container/network-hook.ts): networks
 * are ensured and removed; at start, a container waiting at its barrier is attached, its
 * ports published and its /etc/resolv.conf and /etc/hosts rewritten in place (they are bind
 * mounts of files in the container's directory, so the new text shows inside at once).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project, PortConfig, ServiceNetwork } from '../../model/project.js';
import type { ObservedNetwork, PublishedPort } from '../../model/observed.js';
import { LABEL } from '../../model/labels.js';
import { attach, detach } from './attach.js';
import { sweepStale } from './cleanup.js';
import { renderHosts, renderResolvConf } from './container-files.js';
import { netContext, type NetContext } from './context.js';
import { ensureNetwork, removeNetwork } from './network.js';
import { loadProjectInfo, projectInfoOf, saveProjectInfo } from './project-info.js';
import { publishedPorts, publishPorts } from './publish.js';
import { readState } from './state.js';
import { containerDir, nativePaths } from '../paths.js';

export interface HookAttachment {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly service: string;
  readonly netnsPath: string;
  /** compose network key -> settings */
  readonly networks: Readonly<Record<string, Pick<ServiceNetwork, 'aliases' | 'ipv4_address' | 'priority'>>>;
  /** when given, used instead of the service's recorded ports (`run` publishes none unless asked) */
  readonly ports?: readonly PortConfig[];
  readonly links?: Readonly<Record<string, string>>;
}

function hostResolv(): string {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return '';
  }
}

/** Rewrites a file in place (same inode), so a bind mount of it shows the new text. */
function rewrite(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    /* no such file: a stand-in without etc files */
  }
}

export function createNetworkHook(options: { env: Readonly<Record<string, string | undefined>>; root: string; context?: NetContext }) {
  const ctx = options.context ?? netContext({ root: options.root, env: options.env as NodeJS.ProcessEnv });
  let swept = false;
  const sweepOnce = async () => {
    if (swept) return;
    swept = true;
    await sweepStale(ctx);
  };
  return {
    async createNetwork(project: Project, key: string): Promise<void> {
      await sweepOnce();
      saveProjectInfo(ctx.root, project.name, projectInfoOf(project));
      await ensureNetwork(ctx, project, key);
    },

    async removeNetwork(name: string): Promise<void> {
      await sweepOnce();
      await removeNetwork(ctx, name);
    },

    async attach(c: HookAttachment): Promise<void> {
      const info = loadProjectInfo(ctx.root, c.project);
      const state = readState(ctx.root);
      const nameOf = (key: string) =>
        info?.networks[key] ??
        Object.values(state.networks).find((n) => n.project === c.project && n.key === key)?.name ??
        `${c.project}_${key}`;
      const networks = Object.entries(c.networks)
        .sort(([ak, a], [bk, b]) => (b.priority ?? 0) - (a.priority ?? 0) || ak.localeCompare(bk))
        .map(([key, n]) => ({ name: nameOf(key), aliases: n.aliases, ...(n.ipv4_address ? { ipv4_address: n.ipv4_address } : {}) }));
      if (networks.length === 0) return;
      const svc = info?.services[c.service];
      await attach(ctx, {
        id: c.id,
        name: c.name,
        project: c.project,
        service: c.service,
        netnsPath: c.netnsPath,
        networks,
        links: c.links ?? svc?.links ?? {},
      });
      try {
        // one-off `run` containers publish nothing unless the caller passes ports
        const ports = c.ports ?? (/-run-[0-9a-f]+$/.test(c.name) ? [] : (svc?.ports ?? []));
        await publishPorts(ctx, { containerId: c.id, project: c.project, service: c.service, ports });
        const dir = containerDir(nativePaths(ctx.root), c.id);
        const now = readState(ctx.root);
        rewrite(join(dir, 'resolv.conf'), renderResolvConf(now, c.id, { hostResolvConf: hostResolv(), dns_search: svc?.dns_search ?? [], dns_opt: svc?.dns_opt ?? [] }));
        let hostname = c.id.slice(0, 12);
        try {
          hostname = readFileSync(join(dir, 'hostname'), 'utf8').trim() || hostname;
        } catch {
          /* default hostname */
        }
        rewrite(join(dir, 'hosts'), renderHosts(now, c.id, { hostname, extraHosts: svc?.extra_hosts ?? [] }));
      } catch (err) {
        await detach(ctx, c.id);
        throw err;
      }
    },

    async detach(c: { readonly id: string; readonly project: string }): Promise<void> {
      await detach(ctx, c.id);
    },

    /** for `ps` and `port` */
    publishedPorts(id: string): PublishedPort[] {
      return publishedPorts(ctx, id);
    },

    /** the networks a project created, labelled as Docker Compose labels them, so `down` removes them */
    observeNetworks(project: string): ObservedNetwork[] {
      return Object.values(readState(ctx.root).networks)
        .filter((n) => n.project === project)
        .map((n) => ({
          id: n.id,
          name: n.name,
          ...(n.key !== undefined ? { key: n.key } : {}),
          labels: { ...n.labels, [LABEL.project]: project, ...(n.key !== undefined ? { [LABEL.network]: n.key } : {}) },
        }));
    },
  };
}
