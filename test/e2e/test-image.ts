/**
 * The test image, made without any registry: a rootfs of Debian's static busybox (one
 * binary, applets as symlinks) and a small web root, imported into the daemon with
 * `docker import`. Made once per daemon; later runs find it by tag.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_IMAGE = 'berth-test/busybox:1';
const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'httpd', 'nc', 'wget', 'sleep', 'echo', 'cat', 'ls', 'env', 'true', 'false', 'id', 'hostname', 'nslookup', 'ping', 'ps', 'touch', 'test', 'kill', 'date', 'grep', 'printf', 'pwd', 'mkdir', 'rm', 'uname', 'whoami', 'chmod', 'seq', 'tail', 'head', 'tty', 'stty'];

/** Lays out the rootfs in `dir`; pure file work, no daemon. */
export function writeRootfs(dir: string): void {
  for (const d of ['bin', 'etc', 'tmp', 'www', 'data', 'proc', 'sys', 'dev']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'bin/busybox'));
  for (const a of APPLETS) symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  writeFileSync(join(dir, 'www/index.html'), 'hello from berth\n');
}

export async function ensureTestImage(): Promise<string> {
  try {
    await run('docker', ['image', 'inspect', TEST_IMAGE]);
    return TEST_IMAGE;
  } catch {
    // not there yet
  }
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install busybox-static`);
  const dir = mkdtempSync(join(tmpdir(), 'bt-rootfs-'));
  try {
    writeRootfs(dir);
    await run('sh', ['-c', `tar -C "${dir}" -c . | docker import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - ${TEST_IMAGE}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return TEST_IMAGE;
}
