/**
 * Profiles: a service that lists `profiles:` runs only when one of them is active
 * (`*` activates all). A service named on the command line activates its profiles.
 */
import type { Mapping } from './context.js';
import { isMapping } from './yaml/located.js';

function profilesOf(svc: unknown): string[] {
  if (!isMapping(svc) || !Array.isArray(svc.profiles)) return [];
  return svc.profiles.filter((p): p is string => typeof p === 'string');
}

/** names of the services disabled by their profiles, sorted */
export function disabledServices(services: Mapping, active: readonly string[], selected: readonly string[]): string[] {
  const on = new Set(active);
  for (const name of selected) for (const p of profilesOf(services[name])) on.add(p);
  if (on.has('*')) return [];
  return Object.keys(services)
    .filter((name) => {
      const ps = profilesOf(services[name]);
      return ps.length > 0 && !ps.some((p) => on.has(p));
    })
    .sort();
}
