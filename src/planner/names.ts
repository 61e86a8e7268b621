/**
 * Engine-level names Berth gives to what it creates, matching Docker Compose v2 so that
 * either tool recognises the other's containers: `<project>-<service>-<n>`, unless the
 * service sets container_name. Networks and volumes already carry their final names in
 * the model.
 */
import type { Service } from '../model/project.js';

export function containerName(project: string, service: Service, number: number): string {
  return service.container_name ?? `${project}-${service.name}-${number}`;
}

/** The image a service runs: its `image`, or the name a build of it is tagged with. */
export function serviceImage(project: string, service: Service): string {
  return service.image ?? `${project}-${service.name}`;
}
