/** `compose image ...`: thin wrappers over the native image store. */
import { UsageError } from '../../errors.js';
import { defaultStateRoot, openImageStore, type ImageStore } from '../../native/image/image-store.js';
import { parsePlatform } from '../../native/registry/platform.js';
import { familiarReference, parseReference } from '../../native/image/reference.js';
import type { GlobalOptions } from '../global-options.js';
import { formatImageTable, humanSize, imageRows } from './image-table.js';
import { assertImageUnused, imagesInUse } from '../../native/image-guard.js';

const out = (text: string) => void process.stdout.write(text);

function store(globals: GlobalOptions): ImageStore {
  return openImageStore(defaultStateRoot(globals.env));
}

export async function runImageLs(globals: GlobalOptions, f: { quiet?: boolean; digests?: boolean; format?: string }): Promise<void> {
  const images = await store(globals).list();
  const rows = imageRows(images, new Date());
  if (f.quiet) return out([...new Set(rows.map((r) => r.id))].map((id) => `${id}\n`).join(''));
  if (f.format === 'json') {
    return out(`${JSON.stringify(images.map((img, i) => ({ ...rows[i], reference: img.reference, fullId: img.id, sizeBytes: img.size, platform: img.platform })))}\n`);
  }
  if (f.format && f.format !== 'table') throw new UsageError(`invalid --format "${f.format}": expected table or json`);
  out(formatImageTable(rows, f.digests ?? false));
}

export async function runImageRm(globals: GlobalOptions, names: string[], f: { force?: boolean }): Promise<void> {
  const s = store(globals);
  for (const name of names) {
    await assertImageUnused(s, s.root, name);
    const r = await s.remove(name, { force: f.force ?? false });
    for (const u of r.untagged) out(`Untagged: ${familiarReference(parseReference(u))}\n`);
    for (const d of r.deleted) out(`Deleted: ${d}\n`);
  }
}

export async function runImagePrune(globals: GlobalOptions, f: { all?: boolean }): Promise<void> {
  const s = store(globals);
  const r = await s.prune({ all: f.all ?? false, keep: new Set(imagesInUse(s.root).keys()) });
  for (const d of r.deletedImages) out(`Untagged: ${familiarReference(parseReference(d))}\n`);
  out(`Deleted ${r.deletedLayers} layers and ${r.deletedBlobs} blobs\nTotal reclaimed space: ${humanSize(r.reclaimedBytes)}\n`);
}

export async function runImageImport(globals: GlobalOptions, source: string, name: string | undefined, f: { change?: string[] }): Promise<void> {
  const imported = await store(globals).import(source, { ...(name ? { reference: name } : {}), ...(f.change ? { changes: f.change } : {}) });
  for (const img of imported) out(`Loaded image: ${img.familiar} (${img.id})\n`);
}

export async function runImagePull(globals: GlobalOptions, ref: string, f: { platform?: string; quiet?: boolean }): Promise<void> {
  const progress = !f.quiet && globals.progress !== 'quiet';
  const img = await store(globals).pull(ref, {
    policy: 'always',
    ...(f.platform ? { platform: parsePlatform(f.platform) } : {}),
    ...(progress
      ? {
          onProgress: (e) => {
            if (e.kind === 'layer' && e.state !== 'downloading') process.stderr.write(`${e.digest.slice(7, 19)}: ${e.state === 'exists' ? 'Already exists' : 'Pull complete'}\n`);
          },
        }
      : {}),
  });
  out(f.quiet ? `${img.id}\n` : `Digest: ${img.repoDigest ?? img.manifestDigest}\nStatus: Downloaded ${img.familiar}\n`);
}

export async function runImageTag(globals: GlobalOptions, source: string, target: string): Promise<void> {
  await store(globals).tag(source, target);
}
