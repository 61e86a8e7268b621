/**
 * Image references as Docker reads them: `[registry[:port]/]name[:tag][@digest]`.
 * A first component is a registry only if it has a `.` or `:`, is `localhost`, or
 * has uppercase letters (Docker's rule); otherwise the image is on Docker Hub and
 * one-part names live under `library/`.
 */
import { UsageError } from '../../errors.js';

export interface ImageReference {
  /** as the API addresses it: "docker.io", "127.0.0.1:5000" */
  readonly domain: string;
  /** repository path: "library/busybox" */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's API host differs from its name */
export const DOCKER_HUB_API = 'registry-1.docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_PART = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

function invalid(input: string, rule: string): UsageError {
  return new UsageError(`invalid image reference "${input}": ${rule}`);
}

function validDomain(domain: string): boolean {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+)(?::(\d+))?$/.exec(domain);
  if (!m) return false;
  const host = m[1] ?? '';
  if (host.startsWith('[')) return true;
  return host.split('.').every((p) => HOST_PART.test(p));
}

export function parseReference(input: string): ImageReference {
  if (input === '') throw invalid(input, 'empty reference');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(input, 'digest must be algorithm:hex (at least 32 hex digits)');
    if (digest.startsWith('sha256:') && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw invalid(input, 'a sha256 digest has exactly 64 lowercase hex digits');
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(input, 'a tag is up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"');
  }
  if (rest === '') throw invalid(input, 'missing repository name');
  let domain = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!validDomain(domain)) throw invalid(input, `"${domain}" is not a valid registry host[:port]`);
    }
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (path !== path.toLowerCase()) throw invalid(input, 'repository name must be lowercase');
  const parts = path.split('/');
  for (const p of parts) {
    if (!COMPONENT.test(p)) {
      throw invalid(input, `path component "${p}" must be lowercase letters and digits separated by ".", "_", "__" or "-"`);
    }
  }
  if (domain === DOCKER_HUB && parts.length === 1) path = `library/${path}`;
  if (`${domain}/${path}`.length > 255) throw invalid(input, 'repository name must not exceed 255 characters');
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** "docker.io/library/busybox" */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** "docker.io/library/busybox:latest" or "...@sha256:..." (tag kept when both are given) */
export function formatReference(ref: ImageReference): string {
  let out = repositoryName(ref);
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  return out;
}

/** the short name Docker prints: "busybox", "me/app", "127.0.0.1:5000/app" */
export function familiarRepository(ref: ImageReference): string {
  if (ref.domain !== DOCKER_HUB) return repositoryName(ref);
  return ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice(8) : ref.path;
}

export function familiarReference(ref: ImageReference): string {
  let out = familiarRepository(ref);
  if (ref.tag !== undefined) out += `:${ref.tag}`;
  if (ref.digest !== undefined) out += `@${ref.digest}`;
  return out;
}

/** the host to talk HTTP to */
export function apiHost(ref: Pick<ImageReference, 'domain'>): string {
  return ref.domain === DOCKER_HUB ? DOCKER_HUB_API : ref.domain;
}

/** true for names that can only be an image id or its prefix (hex, 12+ digits) */
export function looksLikeImageId(input: string): boolean {
  return /^(sha256:)?[0-9a-f]{12,64}$/.test(input);
}
