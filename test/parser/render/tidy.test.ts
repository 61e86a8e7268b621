/**
 * The YAML output tidies while it writes (TidyLater); JSON output tidies a copy first.
 * Both must print the same document: compared on edge cases and on every corpus sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Project, Service } from '../../../src/model/project.js';
import { formatDuration } from '../../../src/parser/normalize/units.js';
import { loadProject } from '../../../src/parser/index.js';
import { projectDocument } from '../../../src/parser/render/document.js';
import { emitYaml } from '../../../src/parser/render/emit-yaml.js';
import { renderProject } from '../../../src/parser/render/index.js';
import { keptKeys, skipped, sortedKeys, tidiesEmpty, tidy } from '../../../src/parser/render/tidy.js';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

const CORPUS = '/work/shared/corpus/awesome-compose';
const NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/**
 * The printed document built the plain way, as a reference: copy each service's printed
 * fields, then tidy the copy. The views in document.ts must print exactly this.
 */
function referenceDocument(project: Project): Record<string, unknown> {
  type Doc = Record<string, unknown>;
  const hidden = new Set(['name', 'dependencies', 'location', 'extensions', 'env_file']);
  const seconds = (obj: Doc | undefined, keys: string[]) =>
    obj && Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, keys.includes(k) && typeof v === 'number' ? formatDuration(v) : v]));
  const service = (s: Service): unknown => {
    const doc: Doc = {};
    for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== null && !hidden.has(k)) doc[k] = v;
    if (typeof s.stop_grace_period === 'number') doc.stop_grace_period = formatDuration(s.stop_grace_period);
    doc.healthcheck = seconds(s.healthcheck as Doc | undefined, ['interval', 'timeout', 'start_period', 'start_interval']);
    if (s.deploy) doc.deploy = { ...s.deploy, restart_policy: seconds(s.deploy.restart_policy as Doc | undefined, ['delay', 'window']) };
    doc.links = s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`));
    Object.assign(doc, s.extensions);
    const tidied = tidy(doc, new Set(['command', 'entrypoint'])) as Doc;
    const names = Object.keys(s.networks).sort();
    if (names.length === 0) return tidied;
    tidied.networks = Object.fromEntries(names.map((n) => [n, (tidied.networks as Doc | undefined)?.[n] ?? null]));
    return Object.fromEntries(Object.keys(tidied).sort().map((k) => [k, tidied[k]]));
  };
  const section = (entries: Readonly<Record<string, unknown>>, each: (v: unknown) => unknown) =>
    Object.keys(entries).length ? Object.fromEntries(Object.keys(entries).sort().map((n) => [n, each(entries[n])])) : undefined;
  const doc: Doc = { name: project.name };
  const services = section(project.services, (s) => service(s as Service));
  if (services) doc.services = services;
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const tidied = section(project[kind], (v) => tidy(v));
    if (tidied) doc[kind] = tidied;
  }
  return { ...doc, ...Object.fromEntries(Object.keys(project.extensions).sort().map((k) => [k, project.extensions[k]])) };
}

function bothWays(project: Project): { copied: string; whileWriting: string } {
  const reference = emitYaml(referenceDocument(project));
  assert.equal(emitYaml(projectDocument(project)), reference, 'the tidied copy differs from the reference');
  return { copied: reference, whileWriting: emitYaml(projectDocument(project, { tidyWhileWriting: true })) };
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

test('remembered key orders are only used for the very same key list', () => {
  assert.deepEqual(sortedKeys(['b', 'a', 'c']), ['a', 'b', 'c']);
  assert.deepEqual(sortedKeys(['b', 'a', 'c']), ['a', 'b', 'c']);
  // the same joined text, other keys
  assert.deepEqual(sortedKeys(['z\0a', 'b']), ['b', 'z\0a']);
  assert.deepEqual(sortedKeys(['z', 'a\0b']), ['a\0b', 'z']);
  assert.deepEqual(keptKeys({ tty: false, b: 1, a: [], c: 'x' }), ['b', 'c']);
  assert.deepEqual(keptKeys({ c: 'x', b: 1 }), ['b', 'c']);
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
