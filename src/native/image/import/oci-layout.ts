/** Reads images from an OCI image layout directory (index.json, blobs/<alg>/<hex>). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../../errors.js';
import { parseManifest, type Descriptor } from '../../registry/manifest.js';
import { hostPlatform, selectManifest } from '../../registry/platform.js';
import type { LocalImage } from './store-image.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

function blobFile(dir: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  if (!alg || !hex || !/^[a-z0-9]+$/.test(alg) || !/^[0-9a-f]+$/.test(hex)) throw new UsageError(`${dir}: invalid digest "${digest}" in the layout`);
  return join(dir, 'blobs', alg, hex);
}

async function readJson(dir: string, digest: string): Promise<Buffer> {
  return readFile(blobFile(dir, digest)).catch((err: Error) => {
    throw new UsageError(`${dir}: blob ${digest} is missing from the layout (${err.message})`);
  });
}

type NameFor = (source: string, given: string | undefined, annotated: string | undefined) => string;

export async function readOciLayout(dir: string, given: string | undefined, nameFor: NameFor): Promise<LocalImage[]> {
  const index = parseManifest(await readFile(join(dir, 'index.json')), undefined, `${dir}/index.json`);
  if (index.kind !== 'index') throw new UsageError(`${dir}/index.json is not an image index`);
  const images: LocalImage[] = [];
  const tops = given ? index.index.manifests.slice(0, 1) : index.index.manifests;
  for (const top of tops) {
    let desc: Descriptor = top;
    let body = await readJson(dir, desc.digest);
    let parsed = parseManifest(body, desc.mediaType, `${dir} ${desc.digest}`);
    if (parsed.kind === 'index') {
      desc = selectManifest(parsed.index, hostPlatform(), `${dir} ${top.digest}`);
      body = await readJson(dir, desc.digest);
      parsed = parseManifest(body, desc.mediaType, `${dir} ${desc.digest}`);
    }
    if (parsed.kind !== 'image') throw new UsageError(`${dir}: nested image indexes are not supported`);
    const m = parsed.manifest;
    const annotated = top.annotations?.[CONTAINERD_NAME] ?? top.annotations?.[REF_NAME];
    images.push({
      config: await readJson(dir, m.config.digest),
      layers: m.layers.map((l) => ({ file: blobFile(dir, l.digest), descriptor: l })),
      manifest: body,
      references: [nameFor(dir, given, annotated)],
    });
  }
  return images;
}
