/** Images: ensure per pull policy, pull with progress drained, remove, info. */
import type Docker from 'dockerode';
import { RuntimeError } from '../errors.js';
import type { ImageInfo, PullOptions } from '../runtime/runtime.js';
import { call, statusCode } from './engine-error.js';

export async function imageInfo(docker: Docker, image: string): Promise<ImageInfo | undefined> {
  try {
    const info = await docker.getImage(image).inspect();
    return { id: info.Id, size: info.Size, created: info.Created };
  } catch (err) {
    if (statusCode(err) === 404) return undefined;
    throw err;
  }
}

export async function pullImage(docker: Docker, image: string): Promise<void> {
  const stream = await call(`pull image ${image}`, () => docker.pull(image) as Promise<NodeJS.ReadableStream>);
  if (!stream) return;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(new RuntimeError(`pull image ${image}: ${err?.message ?? failed?.error}`, { cause: err }));
      else resolve();
    });
  });
}

export async function ensureImage(docker: Docker, image: string, o: PullOptions): Promise<'pulled' | 'present'> {
  if (o.policy === 'always') {
    await pullImage(docker, image);
    return 'pulled';
  }
  if (await imageInfo(docker, image)) return 'present';
  if (o.policy === 'never') throw new RuntimeError(`image ${image} is not present and pull_policy is never`);
  await pullImage(docker, image);
  return 'pulled';
}

export async function removeImage(docker: Docker, image: string): Promise<void> {
  await call(`remove image ${image}`, () => docker.getImage(image).remove(), [404]);
}
