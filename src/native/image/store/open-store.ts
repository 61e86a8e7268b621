/**
 * The ImageStore implementation: ties the index, blobs, layers, pulling, importing
 * and pushing together. Each method is a short sequence of the modules' steps.
 */
import { mkdir, stat } from 'node:fs/promises';
import { BerthError, RuntimeError } from '../../../errors.js';
import { RegistryClient } from '../../registry/client.js';
import { lookupCredentials } from '../../registry/docker-config.js';
import { hostPlatform } from '../../registry/platform.js';
import { apiHost, looksLikeImageId, parseReference } from '../reference.js';
import { pullImage } from '../pull/pull-image.js';
import { importImages } from '../import/import-images.js';
import { pushImage } from '../../registry/push.js';
import type { ImageStore, ImportOptions, PruneResult, PullOptions, RemoveResult, StoredImage } from '../image-store.js';
import { sweepAbandoned } from './atomic.js';
import { collectGarbage } from './gc.js';
import { readIndex, updateIndex, type IndexEntry } from './index-file.js';
import { indexKey, loadImage, type LoadedImage } from './load-image.js';
import { storePaths, type StorePaths } from './paths.js';

async function layersPresent(dirs: readonly string[]): Promise<boolean> {
  for (const d of dirs) if (!(await stat(d).then((s) => s.isDirectory(), () => false))) return false;
  return true;
}

class Store implements ImageStore {
  readonly paths: StorePaths;
  private ready: Promise<void> | undefined;
  private readonly clients = new Map<string, RegistryClient>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(readonly root: string) {
    this.paths = storePaths(root);
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      for (const dir of [this.paths.blobs, this.paths.layers, this.paths.tmp]) await mkdir(dir, { recursive: true, mode: 0o700 });
      await sweepAbandoned(this.paths);
    })();
    return this.ready;
  }

  client(domain: string): RegistryClient {
    const host = apiHost({ domain });
    let c = this.clients.get(host);
    if (!c) {
      c = new RegistryClient(host, { credentials: () => lookupCredentials(domain) });
      this.clients.set(host, c);
    }
    return c;
  }

  /** the index entries a name means: a reference, or an image id (prefix) */
  private async find(name: string): Promise<[string, IndexEntry][]> {
    const refs = Object.entries((await readIndex(this.paths)).references);
    if (looksLikeImageId(name)) {
      const want = name.startsWith('sha256:') ? name : `sha256:${name}`;
      const hits: [string, IndexEntry][] = [];
      for (const [k, e] of refs) {
        const img = await loadImage(this.paths, k, e).catch(() => undefined);
        if (img?.id.startsWith(want)) hits.push([k, e]);
      }
      if (hits.length) return hits;
    }
    const ref = parseReference(name);
    const key = indexKey(ref);
    const exact = refs.filter(([k]) => k === key);
    if (exact.length || !ref.digest) return exact;
    // name@digest also finds a tagged pull whose registry digest it is
    const repo = `${ref.domain}/${ref.path}`;
    return refs.filter(([k, e]) => k.startsWith(`${repo}:`) && (e.repoDigest === ref.digest || e.manifest === ref.digest));
  }

  async resolve(name: string): Promise<LoadedImage | undefined> {
    await this.init();
    const [hit] = await this.find(name);
    return hit ? loadImage(this.paths, hit[0], hit[1]) : undefined;
  }

  async pull(name: string, options: PullOptions): Promise<StoredImage> {
    await this.init();
    const ref = parseReference(name);
    if (options.policy === 'never') {
      const have = await this.resolve(name);
      if (have) return have;
      throw new BerthError('not-found', `image ${name} is not in the store and the pull policy is "never"`);
    }
    if (options.policy === 'missing') {
      const have = await this.resolve(name);
      // a layer directory removed behind our back means the image must be fetched again
      if (have && (await layersPresent(have.layerDirs))) return have;
    }
    const ctx = {
      paths: this.paths,
      client: this.client(ref.domain),
      platform: options.platform ?? hostPlatform(),
      concurrency: 3,
      inflight: this.inflight,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    const key = await pullImage(ctx, ref);
    const entry = (await readIndex(this.paths)).references[key];
    if (!entry) throw new RuntimeError(`image ${key}: pulled but not in the index`);
    const image = await loadImage(this.paths, key, entry);
    options.onProgress?.({ kind: 'done', reference: key, id: image.id });
    return image;
  }

  async import(source: string, options: ImportOptions = {}): Promise<StoredImage[]> {
    await this.init();
    const keys = await importImages(this.paths, source, options);
    const refs = (await readIndex(this.paths)).references;
    return Promise.all(keys.map((k) => loadImage(this.paths, k, refs[k] as IndexEntry)));
  }

  async list(): Promise<StoredImage[]> {
    await this.init();
    const refs = (await readIndex(this.paths)).references;
    const out: StoredImage[] = [];
    for (const [k, e] of Object.entries(refs).sort(([a], [b]) => a.localeCompare(b))) {
      const img = await loadImage(this.paths, k, e).catch(() => undefined);
      if (img) out.push(img);
    }
    return out;
  }

  async remove(name: string, options: { force?: boolean } = {}): Promise<RemoveResult> {
    await this.init();
    const hits = await this.find(name);
    if (hits.length === 0) throw new BerthError('not-found', `no such image: ${name}`);
    if (hits.length > 1 && looksLikeImageId(name) && !options.force) {
      throw new BerthError('conflict', `image ${name} is referenced by ${hits.length} names (${hits.map(([k]) => k).join(', ')}): remove them by name, or use --force`);
    }
    const untagged = hits.map(([k]) => k);
    const deleted: string[] = [];
    await updateIndex(this.paths, async (refs) => {
      const ids = new Set<string>();
      for (const k of untagged) {
        const e = refs[k];
        if (e) ids.add((await loadImage(this.paths, k, e).catch(() => undefined))?.id ?? '');
        delete refs[k];
      }
      const still = new Set<string>();
      for (const [k, e] of Object.entries(refs)) still.add((await loadImage(this.paths, k, e).catch(() => undefined))?.id ?? '');
      for (const id of ids) if (id && !still.has(id)) deleted.push(id);
      await collectGarbage(this.paths, refs);
    });
    return { untagged, deleted };
  }

  async prune(options: { all?: boolean; keep?: ReadonlySet<string> } = {}): Promise<PruneResult> {
    await this.init();
    await sweepAbandoned(this.paths);
    const deletedImages: string[] = [];
    let gc = { blobs: 0, layers: 0, bytes: 0 };
    await updateIndex(this.paths, async (refs) => {
      if (options.all) {
        for (const [k, e] of Object.entries(refs)) {
          const img = await loadImage(this.paths, k, e).catch(() => undefined);
          if (options.keep?.has(k) || (img && options.keep?.has(img.id))) continue;
          delete refs[k];
          deletedImages.push(k);
        }
      }
      gc = await collectGarbage(this.paths, refs);
    });
    return { deletedImages, deletedBlobs: gc.blobs, deletedLayers: gc.layers, reclaimedBytes: gc.bytes };
  }

  async push(name: string, options: Parameters<ImageStore['push']>[1] = {}): Promise<string> {
    await this.init();
    const image = await this.resolve(name);
    if (!image) throw new BerthError('not-found', `no such image: ${name}`);
    const target = parseReference(options.target ?? name);
    return pushImage(this.paths, this.client(target.domain), image, target, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }

  async tag(source: string, target: string): Promise<void> {
    await this.init();
    const [hit] = await this.find(source);
    if (!hit) throw new BerthError('not-found', `no such image: ${source}`);
    const key = indexKey(parseReference(target));
    await updateIndex(this.paths, (refs) => {
      refs[key] = { ...hit[1], updated: new Date().toISOString() };
    });
  }
}

export function openImageStore(root: string): ImageStore & { readonly paths: StorePaths } {
  return new Store(root);
}
