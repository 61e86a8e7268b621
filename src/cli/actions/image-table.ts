/** `image ls` rows: pure, so the table is tested as text. */
import { parseReference, familiarRepository } from '../../native/image/reference.js';
import type { StoredImage } from '../../native/image/image-store.js';
import { formatTable } from './table.js';

export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) (v /= 1000), i++;
  return i === 0 ? `${v}B` : `${v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}${units[i]}`;
}

export function humanAge(created: string | undefined, now: Date): string {
  if (!created) return 'N/A';
  const s = Math.max(0, (now.getTime() - Date.parse(created)) / 1000);
  const steps: [number, string][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day'], [4.35, 'week'], [12, 'month'], [Infinity, 'year']];
  let v = s;
  for (const [size, unit] of steps) {
    if (v < size) {
      const n = Math.floor(v);
      if (unit === 'second') return n < 2 ? 'Less than a second ago' : `${n} seconds ago`;
      return n === 1 ? `${unit === 'hour' ? 'An' : 'A'} ${unit} ago` : `${n} ${unit}s ago`;
    }
    v /= size;
  }
  return 'N/A';
}

export interface ImageRow {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly id: string;
  readonly created: string;
  readonly size: string;
}

export function imageRows(images: readonly StoredImage[], now: Date): ImageRow[] {
  return images.map((img) => {
    const ref = parseReference(img.reference);
    return {
      repository: familiarRepository(ref),
      tag: ref.tag ?? '<none>',
      digest: ref.digest ?? img.repoDigest ?? '<none>',
      id: img.id.replace(/^sha256:/, '').slice(0, 12),
      created: humanAge(img.created, now),
      size: humanSize(img.size),
    };
  });
}

export function formatImageTable(rows: readonly ImageRow[], digests: boolean): string {
  const header = ['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'];
  return formatTable(header, rows.map((r) => [r.repository, r.tag, ...(digests ? [r.digest] : []), r.id, r.created, r.size]));
}
