/** What the shared end-to-end scenarios (scenarios.ts) build their projects from. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_IMAGE } from './test-image.js';

export const I = TEST_IMAGE;

/** A service that serves /www on port 80 and stops within a second. */
export const server = (extra = '') => `
    image: ${I}
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 1s${extra}`;

export function cgi(dir: string, name: string, body: string): void {
  mkdirSync(join(dir, 'cgi-bin'), { recursive: true });
  const file = join(dir, 'cgi-bin', name);
  writeFileSync(file, `#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n${body}\n`);
  chmodSync(file, 0o755);
}
