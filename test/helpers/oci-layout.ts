/**
 * Builds OCI image layouts for tests (single images or multi-platform indexes) and
 * pushes them to a registry with Berth's own registry client.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarGz, type TarSpec } from './tar-writer.js';
import { gunzipSync } from 'node:zlib';
import { RegistryClient } from '../../src/native/registry/client.js';
import { uploadBlob } from '../../src/native/registry/blobs.js';
import { putManifest } from '../../src/native/registry/manifests.js';
import { MEDIA, type Descriptor } from '../../src/native/registry/manifest.js';
import type { Credentials } from '../../src/native/registry/docker-config.js';
import { hostPlatform } from '../../src/native/registry/platform.js';

export interface ImageSpec {
  readonly layers: readonly (readonly TarSpec[] | Buffer)[];
  readonly config?: Record<string, unknown>;
  readonly platform?: { os: string; architecture: string; variant?: string };
}

export interface BuiltImage {
  readonly manifest: Descriptor;
  readonly configDigest: string;
  readonly layerDigests: readonly string[];
  readonly diffIds: readonly string[];
}

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function putLayoutBlob(dir: string, data: Buffer): Promise<string> {
  const d = digestOf(data);
  await writeFile(join(dir, 'blobs', 'sha256', d.slice(7)), data);
  return d;
}

export async function addImage(dir: string, spec: ImageSpec): Promise<BuiltImage> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const l of spec.layers) {
    const gz = Buffer.isBuffer(l) ? l : tarGz(l);
    diffIds.push(digestOf(gunzipSync(gz)));
    layers.push({ mediaType: MEDIA.ociLayerGzip, digest: await putLayoutBlob(dir, gz), size: gz.length });
  }
  const platform = spec.platform ?? hostPlatform();
  const config = Buffer.from(
    JSON.stringify({
      created: '2026-01-01T00:00:00Z',
      ...platform,
      config: spec.config ?? { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  const configDigest = await putLayoutBlob(dir, config);
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociManifest, config: { mediaType: MEDIA.ociConfig, digest: configDigest, size: config.length }, layers }),
  );
  const md = await putLayoutBlob(dir, manifest);
  return { manifest: { mediaType: MEDIA.ociManifest, digest: md, size: manifest.length, platform }, configDigest, layerDigests: layers.map((l) => l.digest), diffIds };
}

/** one image per index entry, each named by `org.opencontainers.image.ref.name` when given */
export async function writeLayout(dir: string, entries: readonly { image: BuiltImage; refName?: string }[]): Promise<void> {
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const manifests = entries.map((e) => ({ ...e.image.manifest, ...(e.refName ? { annotations: { 'org.opencontainers.image.ref.name': e.refName } } : {}) }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }));
}

async function pushOne(c: RegistryClient, dir: string, repo: string, m: Descriptor, ref: string): Promise<void> {
  const body = await readFile(join(dir, 'blobs', 'sha256', m.digest.slice(7)));
  const doc = JSON.parse(body.toString()) as { config: Descriptor; layers: Descriptor[] };
  for (const b of [doc.config, ...doc.layers]) {
    await uploadBlob(c, repo, b.digest, join(dir, 'blobs', 'sha256', b.digest.slice(7)), b.size);
  }
  await putManifest(c, repo, ref, body, MEDIA.ociManifest);
}

/** pushes a single image under `tag` */
export async function pushImageFromLayout(host: string, dir: string, image: BuiltImage, repo: string, tag: string, creds?: Credentials): Promise<void> {
  const c = new RegistryClient(host, { credentials: async () => creds });
  await pushOne(c, dir, repo, image.manifest, tag);
}

/** pushes several images as one multi-platform index under `tag`; returns the index digest */
export async function pushIndex(host: string, dir: string, images: readonly BuiltImage[], repo: string, tag: string): Promise<string> {
  const c = new RegistryClient(host);
  for (const img of images) await pushOne(c, dir, repo, img.manifest, img.manifest.digest);
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: images.map((i) => i.manifest) }));
  await putManifest(c, repo, tag, index, MEDIA.ociIndex);
  return digestOf(index);
}
