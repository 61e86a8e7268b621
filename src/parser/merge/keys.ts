/**
 * Identity of entries in the sequences Compose merges by a unique key rather than by
 * appending: ports {ip, target, published, protocol}, volumes by target, secrets and
 * configs by target. Short and long syntaxes of the same entry get the same key.
 */
import { isMapping } from '../yaml/located.js';

type KeyFn = (item: unknown) => string | undefined;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const portKey: KeyFn = (item) => {
  if (isMapping(item)) {
    return [str(item.host_ip), str(item.published), str(item.target), str(item.protocol) || 'tcp'].join('|');
  }
  if (typeof item === 'number') return ['', '', String(item), 'tcp'].join('|');
  if (typeof item !== 'string') return undefined;
  const [spec = '', protocol = 'tcp'] = item.split('/');
  const cut = spec.lastIndexOf(':');
  const target = spec.slice(cut + 1);
  const head = cut >= 0 ? spec.slice(0, cut) : '';
  const cut2 = head.lastIndexOf(':');
  const published = head.slice(cut2 + 1);
  const ip = cut2 >= 0 ? head.slice(0, cut2).replace(/^\[|\]$/g, '') : '';
  return [ip, published, target, protocol].join('|');
};

export const volumeKey: KeyFn = (item) => {
  if (isMapping(item)) return item.target === undefined ? undefined : str(item.target);
  if (typeof item !== 'string') return undefined;
  const parts = item.split(':');
  return parts.length >= 2 ? parts[1] : parts[0];
};

const fileRefKey = (implicitDir: string): KeyFn => (item) => {
  let target: string | undefined;
  if (typeof item === 'string') target = item;
  else if (isMapping(item)) target = item.target !== undefined ? str(item.target) : item.source !== undefined ? str(item.source) : undefined;
  if (target === undefined) return undefined;
  return target.startsWith('/') ? target : `${implicitDir}${target}`;
};

export const secretKey = fileRefKey('/run/secrets/');
export const configKey = fileRefKey('/');
