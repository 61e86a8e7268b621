/** Label keys shared with Docker Compose, so each tool can see and take down the other's projects. */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  replace: 'com.docker.compose.replace',
} as const;

/** The Compose version written in labels: the Docker Compose release whose labels we match. */
export const COMPOSE_LABEL_VERSION = '2.29.0';
