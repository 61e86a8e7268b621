/**
 * A busybox-static image for tests: one layer with /bin/busybox (from Debian's
 * busybox-static) and its applets as symlinks, /etc/passwd and /etc/group with root
 * and nobody, /tmp. Written as an OCI layout, and pushable to a test registry.
 * Shared by the image, container and end-to-end suites.
 */
import { existsSync, readFileSync } from 'node:fs';
import { addImage, pushImageFromLayout, writeLayout, type BuiltImage } from './oci-layout.js';
import type { TarSpec } from './tar-writer.js';

export const BUSYBOX_BIN = '/bin/busybox';

export const APPLETS = [
  'sh', 'echo', 'cat', 'sleep', 'httpd', 'nc', 'wget', 'nslookup', 'hostname', 'id', 'ps', 'kill', 'env', 'true', 'false',
  'ls', 'mkdir', 'grep', 'head', 'tail', 'date', 'top', 'rm', 'cp', 'mv', 'touch', 'chmod', 'ln', 'pwd', 'uname', 'ip',
  'ifconfig', 'ping', 'test', '[', 'printf', 'sed', 'awk', 'wc', 'sort', 'tr', 'cut', 'seq', 'stat', 'df', 'mount',
  'umount', 'find', 'xargs', 'tee', 'whoami', 'which', 'timeout', 'nohup', 'vi', 'tar', 'gzip', 'gunzip', 'dd', 'du',
  'netstat', 'free', 'uptime', 'yes', 'base64', 'md5sum', 'sha256sum', 'readlink', 'realpath', 'basename', 'dirname',
  'tty', 'stty',
];

export function busyboxMissing(): string | undefined {
  return existsSync(BUSYBOX_BIN) ? undefined : `${BUSYBOX_BIN} (Debian package busybox-static) is not installed`;
}

export function busyboxRootfs(): TarSpec[] {
  const dirs = ['bin', 'etc', 'root', 'proc', 'sys', 'dev', 'home', 'var', 'usr', 'usr/bin', 'sbin'].map(
    (d): TarSpec => ({ name: `${d}/`, type: 'directory', mode: d === 'root' ? 0o700 : 0o755 }),
  );
  return [
    ...dirs,
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'bin/busybox', data: readFileSync(BUSYBOX_BIN), mode: 0o755 },
    ...APPLETS.map((a): TarSpec => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { name: 'etc/group', data: 'root:x:0:\nnobody:x:65534:\n' },
    { name: 'etc/hostname', data: 'busybox\n' },
  ];
}

export const BUSYBOX_CONFIG = {
  Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  Cmd: ['sh'],
};

/** writes an OCI layout of the busybox image into `dir` (named `refName`, default "latest") */
export async function buildBusyboxLayout(
  dir: string,
  options: { refName?: string; config?: Record<string, unknown>; extraLayers?: readonly TarSpec[][] } = {},
): Promise<BuiltImage> {
  const image = await addImage(dir, {
    layers: [busyboxRootfs(), ...(options.extraLayers ?? [])],
    config: { ...BUSYBOX_CONFIG, ...(options.config ?? {}) },
  });
  await writeLayout(dir, [{ image, refName: options.refName ?? 'latest' }]);
  return image;
}

/** builds the busybox image in `dir` and pushes it as host/repo:tag */
export async function pushBusybox(host: string, dir: string, repo = 'busybox', tag = 'latest'): Promise<BuiltImage> {
  const image = await buildBusyboxLayout(dir, { refName: tag });
  await pushImageFromLayout(host, dir, image, repo, tag);
  return image;
}
