/** Images: ensure per pull policy, pull with progress drained, remove, info. */
import type Docker from 'dockerode';
import { RuntimeError } from '../errors.js';
import type { ImageInfo, PullOptions } from '../runtime/runtime.js';
import type { EngineClient } from './engine-client.js';
import { call, statusCode } from './engine-error.js';

export async function imageInfo(engine: EngineClient, image: string): Promise<ImageInfo | undefined> {
  try {
    const info = await engine.get<Docker.ImageInspectInfo>(`/images/${image}/json`);
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

/** `docker` is dockerode, loaded only if a pull is needed (it streams progress) */
export async function ensureImage(engine: EngineClient, docker: () => Docker, image: string, o: PullOptions): Promise<'pulled' | 'present'> {
  if (o.policy === 'always') {
    await pullImage(docker(), image);
    return 'pulled';
  }
  if (await imageInfo(engine, image)) return 'present';
  if (o.policy === 'never') throw new RuntimeError(`image ${image} is not present and pull_policy is never`);
  await pullImage(docker(), image);
  return 'pulled';
}

export async function removeImage(engine: EngineClient, image: string): Promise<void> {
  await call(`remove image ${image}`, () => engine.delete(`/images/${image}`), [404]);
}
