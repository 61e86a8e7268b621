import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImageStore } from '../../../src/native/image/image-store.js';
import { buildBusyboxLayout } from '../../helpers/busybox-image.js';
import { missingPrerequisite } from './prerequisites.js';

const missing = missingPrerequisite();

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const work = await mkdtemp(join(tmpdir(), 'berth-import-'));
  t.after(() => rm(work, { recursive: true, force: true }));
  return { work, store: openImageStore(join(work, 'root')) };
}

test('an OCI layout directory and the same layout as a tar archive', { skip: missing }, async (t) => {
  const { work, store } = await setup(t);
  const built = await buildBusyboxLayout(join(work, 'layout'), { refName: '1.0' });
  await assert.rejects(store.import(join(work, 'layout')), /has no name \(only the tag "1.0"\); give one/);
  const [dirImage] = await store.import(join(work, 'layout'), { reference: 'bb' });
  assert.equal(dirImage?.reference, 'docker.io/library/bb:1.0');
  assert.equal(dirImage?.id, built.configDigest);
  assert.equal(dirImage?.manifestDigest, built.manifest.digest, 'the manifest is kept byte for byte');
  execFileSync('tar', ['-C', join(work, 'layout'), '-cf', join(work, 'layout.tar'), '.']);
  const [tarImage] = await store.import(join(work, 'layout.tar'), { reference: 'me/bb:x' });
  assert.equal(tarImage?.reference, 'docker.io/me/bb:x');
  assert.equal(await readlink(join(tarImage?.layerDirs[0] as string, 'bin/sh')), 'busybox');
});

test('a docker save archive (written by skopeo) keeps its RepoTags', { skip: missing }, async (t) => {
  const { work, store } = await setup(t);
  await buildBusyboxLayout(join(work, 'layout'));
  execFileSync('skopeo', ['copy', `oci:${join(work, 'layout')}:latest`, `docker-archive:${join(work, 'save.tar')}:example.com/team/tool:3`]);
  const [img] = await store.import(join(work, 'save.tar'));
  assert.equal(img?.reference, 'example.com/team/tool:3');
  assert.equal(img?.familiar, 'example.com/team/tool:3');
  assert.deepEqual(img?.config.Cmd, ['sh']);
  assert.equal(execFileSync(join(img?.layerDirs[0] as string, 'bin/busybox'), ['echo', 'hi']).toString(), 'hi\n');
  assert.ok(await store.resolve('example.com/team/tool:3'));
});

test('a plain rootfs tarball becomes a one-layer image, with --change instructions', { skip: missing }, async (t) => {
  const { work, store } = await setup(t);
  await mkdir(join(work, 'rootfs', 'etc'), { recursive: true });
  await writeFile(join(work, 'rootfs', 'etc', 'os-release'), 'ID=berth\n');
  execFileSync('tar', ['-C', join(work, 'rootfs'), '-czf', join(work, 'rootfs.tgz'), '.']);
  await assert.rejects(store.import(join(work, 'rootfs.tgz')), /a rootfs tarball needs a name/);
  const [img] = await store.import(join(work, 'rootfs.tgz'), { reference: 'myrootfs:1', changes: ['CMD ["/bin/sh"]', 'ENV A=b', 'WORKDIR /etc', 'EXPOSE 80'] });
  assert.equal(img?.familiar, 'myrootfs:1');
  assert.deepEqual(img?.config.Cmd, ['/bin/sh']);
  assert.deepEqual(img?.config.Env, ['A=b']);
  assert.equal(img?.config.WorkingDir, '/etc');
  assert.deepEqual(img?.config.ExposedPorts, ['80/tcp']);
  assert.equal(await readFile(join(img?.layerDirs[0] as string, 'etc/os-release'), 'utf8'), 'ID=berth\n');
  await assert.rejects(store.import(join(work, 'nope.tar'), { reference: 'x' }), /nope\.tar: no such file or directory/);
});

test('remove untags and frees layers no other image uses; prune clears the rest', { skip: missing }, async (t) => {
  const { work, store } = await setup(t);
  await buildBusyboxLayout(join(work, 'layout'));
  await store.import(join(work, 'layout'), { reference: 'one:1' });
  await store.tag('one:1', 'two:2');
  const before = (await store.resolve('one:1'))!;
  const r1 = await store.remove('one:1');
  assert.deepEqual(r1, { untagged: ['docker.io/library/one:1'], deleted: [] });
  assert.ok(await store.resolve('two:2'), 'still tagged');
  await readlink(join(before.layerDirs[0] as string, 'bin/sh'));
  const r2 = await store.remove('two:2');
  assert.deepEqual(r2.deleted, [before.id]);
  await assert.rejects(readlink(join(before.layerDirs[0] as string, 'bin/sh')), /ENOENT/);
  await assert.rejects(store.remove('two:2'), /no such image: two:2/);
  await store.import(join(work, 'layout'), { reference: 'three:3' });
  const pruned = await store.prune({ all: true });
  assert.deepEqual(pruned.deletedImages, ['docker.io/library/three:3']);
  assert.equal(pruned.deletedLayers, 1);
  assert.deepEqual(await store.list(), []);
});

test('zstd-compressed layers are unpacked through the zstd command', { skip: missing }, async (t) => {
  const { work, store } = await setup(t);
  const { addImage, writeLayout } = await import('../../helpers/oci-layout.js');
  const { tarBuffer } = await import('../../helpers/tar-writer.js');
  const { createHash } = await import('node:crypto');
  const tar = tarBuffer([{ name: 'hello.txt', data: 'zstd works\n' }]);
  const zst = execFileSync('zstd', ['-q', '-c'], { input: tar });
  const dir = join(work, 'layout');
  const built = await addImage(dir, { layers: [[{ name: 'base', data: 'b' }]] });
  // swap in a zstd layer: blob, manifest and config rewritten by hand
  const { writeFile: wf, mkdir: md } = await import('node:fs/promises');
  await md(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = async (b: Buffer) => {
    const d = `sha256:${createHash('sha256').update(b).digest('hex')}`;
    await wf(join(dir, 'blobs', 'sha256', d.slice(7)), b);
    return { digest: d, size: b.length };
  };
  const layer = await put(zst);
  const config = await put(Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(tar).digest('hex')}`] } })));
  const manifest = await put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', ...layer }] })));
  await writeLayout(dir, [{ image: { ...built, manifest: { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest } }, refName: 'z' }]);
  const [img] = await store.import(dir, { reference: 'zstd-image' });
  assert.equal(await readFile(join(img?.layerDirs[0] as string, 'hello.txt'), 'utf8'), 'zstd works\n');
});
