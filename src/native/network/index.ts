/**
 * Native networking, the functions the native runtime calls. A bridge per network, a veth
 * per container endpoint, addresses from pools that avoid the host's routes, NAT and
 * published ports in Berth's own iptables chains, and a resident DNS server on each
 * gateway. State lives under <root>/network; see README.md in this folder.
 */
export { netContext, poolsFor, type NetContext } from './context.js';
export { createNetwork, ensureNetwork, removeNetwork, networkSpecOf, type NetworkSpec } from './network.js';
export { attach, detach, serviceNetworks, serviceLinks, type AttachRequest, type AttachNetwork } from './attach.js';
export { publishPorts, unpublish, publishedPorts, type PublishRequest } from './publish.js';
export { resolvConf, hostsEntries, renderResolvConf, renderHosts } from './container-files.js';
export { networkMode, type NetworkMode } from './mode.js';
export { removeProject, sweepStale } from './cleanup.js';
export { readState, stateRoot, type NetState, type NetworkRecord, type EndpointRecord, type PortRecord } from './state.js';
export { stopDns } from './dns/daemon.js';
export { createNetworkHook, type HookAttachment } from './hook.js';
