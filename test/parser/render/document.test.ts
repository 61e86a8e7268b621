import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { renderProject } from '../../../src/parser/render/index.js';
import { normalizeYaml } from '../../helpers/normalize-yaml.js';

const FILE = `services:
  web:
    image: nginx
    command: []
    links: ["db:database", db]
    stop_grace_period: 90s
    deploy:
      replicas: 2
      resources: {limits: {memory: 1g, cpus: "1.5"}}
      restart_policy: {condition: on-failure, delay: 5s}
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    environment: {A: "1", EMPTY: ""}
    networks:
      back: {aliases: [api]}
      default:
    x-team: payments
    develop: {watch: [{path: ., action: sync, target: /app}]}
  db:
    image: postgres
    tty: false
    init: false
networks:
  back: {internal: true}
x-shared: {a: 1}
`;

test('the document drops derived fields and quiet defaults, keeps explicit values', () => {
  const doc = parse(renderProject(normalizeYaml(FILE), 'yaml')) as Record<string, any>;
  const web = doc.services.web;
  assert.deepEqual(web.command, []);
  assert.deepEqual(web.links, ['db:database', 'db']);
  assert.equal(web.stop_grace_period, '1m30s');
  assert.deepEqual(web.deploy, {
    replicas: 2,
    resources: { limits: { memory: 1024 ** 3, cpus: 1.5 } },
    restart_policy: { condition: 'on-failure', delay: '5s' },
  });
  assert.deepEqual(web.ulimits, { nofile: { soft: 1024, hard: 2048 } });
  assert.deepEqual(web.environment, { A: '1', EMPTY: '' });
  assert.deepEqual(web.networks, { back: { aliases: ['api'] }, default: null });
  assert.equal(web['x-team'], 'payments');
  assert.deepEqual(web.develop, { watch: [{ path: '.', action: 'sync', target: '/app' }] });
  for (const hidden of ['dependencies', 'location', 'name', 'extensions', 'env_file']) assert.equal(hidden in web, false, hidden);
  assert.equal('tty' in doc.services.db, false);
  assert.equal(doc.services.db.init, false);
  assert.deepEqual(doc.networks.back, { internal: true, name: 'proj_back' });
  assert.deepEqual(doc['x-shared'], { a: 1 });
  assert.deepEqual(Object.keys(doc), ['name', 'services', 'networks', 'x-shared']);
});

test('rendering the rendered document again gives the same text', () => {
  const once = renderProject(normalizeYaml(FILE), 'yaml');
  const twice = renderProject(normalizeYaml(once), 'yaml');
  assert.equal(twice, once);
});
