/**
 * The YAML output tidies while it writes (TidyLater); JSON output tidies a copy first.
 * Both must print the same document: compared on edge cases and on every corpus sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Project } from '../../../src/model/project.js';
import { loadProject } from '../../../src/parser/index.js';
import { projectDocument } from '../../../src/parser/render/document.js';
import { emitYaml } from '../../../src/parser/render/emit-yaml.js';
import { renderProject } from '../../../src/parser/render/index.js';
import { skipped, tidiesEmpty, tidy } from '../../../src/parser/render/tidy.js';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

const CORPUS = '/work/shared/corpus/awesome-compose';
const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

function bothWays(project: Project): { copied: string; whileWriting: string } {
  return { copied: emitYaml(projectDocument(project)), whileWriting: emitYaml(projectDocument(project, { tidyWhileWriting: true })) };
}

test('what is left out: undefined, quiet falses, empty lists unless kept, mappings that lose every entry', () => {
  assert.equal(skipped('tty', false), true);
  assert.equal(skipped('init', false), false);
  assert.equal(skipped('ports', []), true);
  assert.equal(skipped('command', [], new Set(['command'])), false);
  assert.equal(skipped('x', null), false);
  assert.equal(skipped('bind', { create_host_path: false, propagation: undefined }), true);
  assert.equal(tidiesEmpty({ a: { b: [] } }), true);
  assert.deepEqual(tidy({ b: 1, a: { tty: false, z: [], y: 'v' }, c: [] }), { a: { y: 'v' }, b: 1 });
});

test('tidied while written or tidied first, the YAML is the same (edge cases)', () => {
  const project = normalizeYaml(`services:
  web:
    image: nginx
    command: []
    entrypoint: []
    networks:
      back: {aliases: []}
      front: {aliases: [x], priority: 0}
      default:
    volumes:
      - {type: bind, source: ./a, target: /a, bind: {create_host_path: false}}
      - {type: volume, source: data, target: /data, volume: {nocopy: false}}
    ports: [{target: 80, published: "8080", protocol: tcp, host_ip: ""}]
    labels: {a: "", b: "false"}
    tty: false
    x-empty: {}
  bare:
    build: .
    network_mode: host
networks:
  back: {internal: false}
  front: {}
volumes:
  data: {}
x-top: {a: [], b: {}}
`);
  const { copied, whileWriting } = bothWays(project);
  assert.equal(whileWriting, copied);
  // and it says the same as the JSON document
  assert.deepEqual(parse(renderProject(project, 'yaml')), JSON.parse(renderProject(project, 'json')));
});

const samples = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => NAMES.some((n) => existsSync(join(CORPUS, d, n)))).sort() : [];

test('tidied while written or tidied first, the YAML is the same (every corpus sample)', async (t) => {
  if (samples.length === 0) {
    if (process.env.CI === 'true') assert.fail(`compose corpus missing at ${CORPUS}`);
    return t.skip(`compose corpus missing at ${CORPUS}`);
  }
  for (const sample of samples) {
    const { project } = await loadProject({ files: [], envFiles: [], profiles: ['*'], env: {}, cwd: join(CORPUS, sample) });
    const { copied, whileWriting } = bothWays(project);
    assert.equal(whileWriting, copied, sample);
  }
});
