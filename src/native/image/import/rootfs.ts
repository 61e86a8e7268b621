/**
 * A plain rootfs tarball as a one-layer image, like `docker import`. `--change`
 * accepts the instructions that make sense without a build: CMD, ENTRYPOINT, ENV,
 * WORKDIR, USER, EXPOSE, LABEL, STOPSIGNAL.
 */
import { UsageError } from '../../../errors.js';
import { MEDIA } from '../../registry/manifest.js';
import { hostPlatform } from '../../registry/platform.js';
import type { ArchiveScan } from './scan-archive.js';
import type { LocalImage } from './store-image.js';

type Config = Record<string, unknown> & { Env?: string[]; Labels?: Record<string, string>; ExposedPorts?: Record<string, object> };

function commandForm(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  }
  return ['/bin/sh', '-c', t];
}

export function applyChanges(changes: readonly string[]): Config {
  const c: Config = {};
  for (const change of changes) {
    const m = /^\s*(\w+)\s+(.*)$/s.exec(change);
    if (!m) throw new UsageError(`invalid --change "${change}": expected INSTRUCTION ARGS`);
    const [, word, arg = ''] = m;
    switch ((word ?? '').toUpperCase()) {
      case 'CMD': c.Cmd = commandForm(arg); break;
      case 'ENTRYPOINT': c.Entrypoint = commandForm(arg); break;
      case 'WORKDIR': c.WorkingDir = arg.trim(); break;
      case 'USER': c.User = arg.trim(); break;
      case 'STOPSIGNAL': c.StopSignal = arg.trim(); break;
      case 'ENV': {
        const kv = arg.includes('=') ? arg.trim() : arg.trim().replace(/\s+/, '=');
        c.Env = [...(c.Env ?? []), kv];
        break;
      }
      case 'EXPOSE':
        for (const p of arg.trim().split(/\s+/)) c.ExposedPorts = { ...(c.ExposedPorts ?? {}), [p.includes('/') ? p : `${p}/tcp`]: {} };
        break;
      case 'LABEL': {
        const [k, ...v] = arg.trim().split('=');
        c.Labels = { ...(c.Labels ?? {}), [k ?? '']: v.join('=').replace(/^"|"$/g, '') };
        break;
      }
      default:
        throw new UsageError(`invalid --change "${change}": ${word} is not supported by import`);
    }
  }
  return c;
}

export function rootfsImage(file: string, scan: ArchiveScan, reference: string, changes: readonly string[]): LocalImage {
  const platform = hostPlatform();
  const config = {
    created: new Date().toISOString(),
    architecture: platform.architecture,
    ...(platform.variant ? { variant: platform.variant } : {}),
    os: 'linux',
    config: applyChanges(changes),
    rootfs: { type: 'layers', diff_ids: [scan.diffId] },
    history: [{ created: new Date().toISOString(), created_by: `compose image import ${file}` }],
  };
  return {
    config: Buffer.from(JSON.stringify(config)),
    layers: [{ file, descriptor: { mediaType: scan.compression === 'gzip' ? MEDIA.ociLayerGzip : MEDIA.ociLayer, digest: scan.digest, size: scan.size } }],
    references: [reference],
  };
}
