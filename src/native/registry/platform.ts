/**
 * Picks the manifest for a platform from a list/index, the way Docker does: same os
 * and architecture, then the closest variant (an arm64 host takes v8, or no variant).
 */
import { arch } from 'node:os';
import { RuntimeError } from '../../errors.js';
import type { Descriptor, ImageIndex } from './manifest.js';
import type { Platform } from '../image/image-store.js';

const NODE_TO_OCI: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function hostPlatform(): Platform {
  const architecture = NODE_TO_OCI[arch()] ?? arch();
  if (architecture === 'arm64') return { os: 'linux', architecture, variant: 'v8' };
  if (architecture === 'arm') return { os: 'linux', architecture, variant: 'v7' };
  return { os: 'linux', architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) throw new RuntimeError(`invalid platform "${text}": expected os/arch[/variant]`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

function normalizeVariant(p: Platform): string | undefined {
  if (p.architecture === 'arm64') return p.variant === undefined || p.variant === '' ? 'v8' : p.variant;
  return p.variant || undefined;
}

export function selectManifest(index: ImageIndex, want: Platform, what: string): Descriptor {
  const candidates = index.manifests.filter((d) => d.platform && d.platform.os === want.os && d.platform.architecture === want.architecture);
  const wantVariant = normalizeVariant(want);
  const exact = candidates.find((d) => normalizeVariant(d.platform as Platform) === wantVariant);
  // an arm/v7 host can still run v6 or v5 images; prefer the highest compatible one
  const fallback = candidates
    .filter((d) => !d.platform?.variant || (wantVariant !== undefined && (d.platform.variant ?? '') <= wantVariant))
    .sort((a, b) => (b.platform?.variant ?? '').localeCompare(a.platform?.variant ?? ''))[0];
  const chosen = exact ?? fallback;
  if (!chosen) {
    const offered = index.manifests.map((d) => (d.platform ? formatPlatform(d.platform) : 'unknown')).join(', ');
    throw new RuntimeError(`${what}: no image for platform ${formatPlatform(want)} (available: ${offered || 'none'})`);
  }
  return chosen;
}
