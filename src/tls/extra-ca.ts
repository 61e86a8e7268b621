/**
 * The certificates of NODE_EXTRA_CA_CERTS for TLS clients, when the `compose` bin deferred
 * them (src/cli/launcher.cjs): node then started without them, and a client that trusts
 * what node would have trusted passes `trustOptions()` to tls.connect / https.request.
 * When node loaded them itself (started as `node compose.cjs`, or the unbundled CLI), this
 * adds nothing: node's default trust already has them.
 */
import { readFileSync } from 'node:fs';
import type tls from 'node:tls';
import { tlsModule } from './builtins.js';

const HANDED_OVER = Symbol.for('berth.deferredExtraCaCerts');

/** the file the launcher took over from node, if it did */
export function deferredCaFile(): string | undefined {
  const v = (process as unknown as Record<symbol, unknown>)[HANDED_OVER];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Pure: the PEM certificates in a bundle's text (anything between them is ignored, as OpenSSL does). */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}

let certificates: string[] | null | undefined;
let context: tls.SecureContext | undefined;

/**
 * Node's root certificates plus the deferred ones, read once per process; undefined when
 * nothing was deferred. A file that cannot be read is reported once and then ignored, as
 * node itself does at start-up. As a `ca` list for clients that take no secure context
 * (dockerode).
 */
export function trustedCaList(): string[] | undefined {
  const file = deferredCaFile();
  if (!file) return undefined;
  if (certificates === undefined) {
    try {
      certificates = [...tlsModule().rootCertificates, ...pemCertificates(readFileSync(file, 'utf8'))];
    } catch (err) {
      process.stderr.write(`warning: ignoring extra certificates from ${file} (NODE_EXTRA_CA_CERTS): ${err instanceof Error ? err.message : String(err)}\n`);
      certificates = null;
    }
  }
  return certificates ?? undefined;
}

/** the same as options for tls.connect / https.request: one secure context, made once */
export function trustOptions(): { secureContext?: tls.SecureContext } {
  const ca = trustedCaList();
  if (!ca) return {};
  context ??= tlsModule().createSecureContext({ ca });
  return { secureContext: context };
}
