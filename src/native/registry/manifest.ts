/**
 * Manifest formats the client reads and writes: Docker schema 2 and OCI image
 * manifests, Docker manifest lists and OCI indexes. Facts from the OCI image spec and
 * Docker's registry docs; schema 1 is long deprecated and refused with a clear message.
 */
import { RuntimeError } from '../../errors.js';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
} as const;

export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string };
  readonly annotations?: Readonly<Record<string, string>>;
  readonly urls?: readonly string[];
}

export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export type ParsedManifest =
  | { readonly kind: 'image'; readonly manifest: ImageManifest }
  | { readonly kind: 'index'; readonly index: ImageIndex };

export function parseManifest(body: Buffer, contentType: string | undefined, what: string): ParsedManifest {
  let doc: { schemaVersion?: number; mediaType?: string; manifests?: unknown; layers?: unknown; config?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8')) as typeof doc;
  } catch {
    throw new RuntimeError(`${what}: the registry returned a manifest that is not JSON`);
  }
  const type = doc.mediaType ?? contentType?.split(';')[0]?.trim();
  if (doc.schemaVersion === 1) throw new RuntimeError(`${what}: Docker schema 1 manifests are not supported (re-push the image with a current client)`);
  if (Array.isArray(doc.manifests) || type === MEDIA.ociIndex || type === MEDIA.dockerList) {
    if (!Array.isArray(doc.manifests)) throw new RuntimeError(`${what}: manifest list without "manifests"`);
    return { kind: 'index', index: doc as ImageIndex };
  }
  if (doc.config && Array.isArray(doc.layers)) return { kind: 'image', manifest: doc as ImageManifest };
  throw new RuntimeError(`${what}: unsupported manifest type ${type ?? '(none)'}`);
}

export type LayerCompression = 'gzip' | 'none' | 'zstd';

export function layerCompression(mediaType: string): LayerCompression {
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) return 'zstd';
  if (mediaType.endsWith('gzip')) return 'gzip';
  return 'none';
}
