/**
 * Pulling: manifest (through a list/index to this platform's), config, then layers
 * fetched in parallel (bounded) and unpacked as they stream in. The reference is
 * recorded in the index last, once everything it points to is verified and in place.
 */
import { RuntimeError } from '../../../errors.js';
import { getManifest } from '../../registry/manifests.js';
import { blobChunks } from '../../registry/blobs.js';
import { layerCompression, type Descriptor, type ImageManifest } from '../../registry/manifest.js';
import { selectManifest } from '../../registry/platform.js';
import type { RegistryClient } from '../../registry/client.js';
import type { ImageConfigFile } from '../image-config.js';
import type { Platform, PullEvent } from '../image-store.js';
import type { ImageReference } from '../reference.js';
import { DigestMismatchError, hasBlob, putBlob, readBlobJson, sha256 } from '../store/blobs.js';
import { downloadPieces, ingestLayer, layerComplete, layerPresent } from '../store/ingest-layer.js';
import { updateIndex } from '../store/index-file.js';
import { indexKey } from '../store/load-image.js';
import type { StorePaths } from '../store/paths.js';
import { runBounded } from './bounded.js';

export interface PullContext {
  readonly paths: StorePaths;
  readonly client: RegistryClient;
  readonly platform: Platform;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: PullEvent) => void;
  /** shared by all pulls of one store object: one download per layer at a time */
  readonly inflight: Map<string, Promise<void>>;
}

const CONFIG_MAX = 64 << 20;

/**
 * The config: from the store, or fetched, verified and parsed from memory. `stored`
 * settles once it is in the store; the layers need not wait for that (its fsync).
 */
async function fetchConfig(ctx: PullContext, repo: string, d: Descriptor): Promise<{ config: ImageConfigFile; stored: Promise<unknown> }> {
  if (await hasBlob(ctx.paths, d.digest)) return { config: await readBlobJson<ImageConfigFile>(ctx.paths, d.digest), stored: Promise.resolve() };
  // held in memory, so never more than the manifest announced
  const limit = Math.min(d.size > 0 ? d.size : CONFIG_MAX, CONFIG_MAX);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of blobChunks(ctx.client, repo, d.digest, ctx.signal)) {
    size += chunk.length;
    if (size > limit) throw new RuntimeError(`config ${d.digest}: the registry sent more than the ${limit} bytes announced`);
    parts.push(chunk);
  }
  const body = Buffer.concat(parts);
  if (sha256(body) !== d.digest) throw new DigestMismatchError(`config ${d.digest}`, d.digest, sha256(body));
  let config: ImageConfigFile;
  try {
    config = JSON.parse(body.toString('utf8')) as ImageConfigFile;
  } catch {
    throw new RuntimeError(`config ${d.digest}: not JSON`);
  }
  const stored = putBlob(ctx.paths, body, d.digest);
  stored.catch(() => undefined);
  return { config, stored };
}

/** `release`: called once the layer's last byte is in (or it needs no download) */
async function fetchLayer(ctx: PullContext, repo: string, layer: Descriptor, diffId: string, release: () => void): Promise<void> {
  const report = (state: 'exists' | 'downloading' | 'done', bytes: number): void =>
    ctx.onProgress?.({ kind: 'layer', digest: layer.digest, state, bytes, total: layer.size });
  if (await layerComplete(ctx.paths, { digest: layer.digest, diffId })) return report('exists', layer.size);
  const key = `${layer.digest}/${diffId}`;
  const running = ctx.inflight.get(key);
  if (running) return running;
  const job = (async () => {
    report('downloading', 0);
    let bytes = 0;
    const compression = layerCompression(layer.mediaType);
    const counted = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of blobChunks(ctx.client, repo, layer.digest, ctx.signal, downloadPieces(compression))) {
        bytes += chunk.length;
        yield chunk;
      }
    };
    const unpack = !(await layerPresent(ctx.paths, diffId));
    await ingestLayer(ctx.paths, { digest: layer.digest, diffId, compression }, counted(), unpack, release);
    report('done', bytes);
  })();
  ctx.inflight.set(key, job);
  try {
    await job;
  } finally {
    ctx.inflight.delete(key);
  }
}

export async function pullImage(ctx: PullContext, ref: ImageReference): Promise<string> {
  const repo = ref.path;
  const reference = indexKey(ref);
  ctx.onProgress?.({ kind: 'resolving', reference });
  const top = await getManifest(ctx.client, repo, ref.digest ?? ref.tag ?? 'latest', ctx.signal);
  let image = top;
  let platform = ctx.platform;
  if (top.parsed.kind === 'index') {
    const chosen = selectManifest(top.parsed.index, ctx.platform, `image ${reference}`);
    platform = chosen.platform ?? platform;
    image = await getManifest(ctx.client, repo, chosen.digest, ctx.signal);
    if (image.parsed.kind !== 'image') throw new RuntimeError(`image ${reference}: nested manifest lists are not supported`);
  }
  const manifest = (image.parsed as { manifest: ImageManifest }).manifest;
  const { config, stored: configStored } = await fetchConfig(ctx, repo, manifest.config);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new RuntimeError(`image ${reference}: config lists ${diffIds.length} layers, manifest ${manifest.layers.length}`);
  }
  if (top.parsed.kind === 'image' && config.os && config.architecture && (config.os !== platform.os || config.architecture !== platform.architecture)) {
    // Docker pulls it anyway and warns at run time; so do we, leaving the warning to the container code
    platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
  }
  // the first failed layer stops the others' downloads
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  const layerCtx: PullContext = { ...ctx, signal };
  // a layer's slot frees once its last byte is in: its digests and fsync do not hold up the next download
  const tasks = manifest.layers.map((layer, i) => async (release: () => void) => {
    try {
      await fetchLayer(layerCtx, repo, layer, diffIds[i] as string, release);
    } catch (err) {
      stop.abort();
      throw err;
    }
  });
  try {
    await runBounded(tasks, ctx.concurrency);
  } finally {
    await configStored.catch(() => undefined);
  }
  await configStored;
  const manifestDigest = await putBlob(ctx.paths, image.body, image.digest);
  const layers = manifest.layers.map((l, i) => ({ digest: l.digest, diffId: diffIds[i] as string }));
  await updateIndex(ctx.paths, async (refs) => {
    // a prune (which holds this lock) may have collected our blobs before we referenced them
    for (const l of layers) {
      if (!(await layerComplete(ctx.paths, l))) throw new RuntimeError(`image ${reference}: layer ${l.digest} was removed during the pull; pull again`);
    }
    refs[reference] = { manifest: manifestDigest, repoDigest: top.digest, platform, updated: new Date().toISOString() };
  });
  return reference;
}
