import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonReporter } from '../../src/progress/json.js';
import { PlainReporter } from '../../src/progress/plain.js';
import { QuietReporter } from '../../src/progress/quiet.js';
import { chooseRenderer } from '../../src/progress/select.js';
import { renderTable } from '../../src/progress/tty.js';
import type { ProgressEvent } from '../../src/progress/events.js';

const events: ProgressEvent[] = [
  { resource: 'Network p_default', status: 'working', text: 'Creating' },
  { resource: 'Network p_default', status: 'done', text: 'Created' },
  { resource: 'Container p-web-1', status: 'done', text: 'Started' },
];

function collect(make: (w: (t: string) => void) => { event(e: ProgressEvent): void; warn(m: string): void }) {
  let out = '';
  const r = make((t) => (out += t));
  for (const e of events) r.event(e);
  r.warn('careful');
  return out;
}

test('plain: one line per state change, warnings marked', () => {
  assert.equal(
    collect((w) => new PlainReporter(w)),
    'Network p_default  Creating\nNetwork p_default  Created\nContainer p-web-1  Started\nWARN: careful\n',
  );
});

test('json: one object per line', () => {
  const lines = collect((w) => new JsonReporter(w, () => new Date(0))).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[1], { time: '1970-01-01T00:00:00.000Z', id: 'Network p_default', status: 'done', text: 'Created' });
  assert.deepEqual(lines[3], { time: '1970-01-01T00:00:00.000Z', status: 'warning', text: 'careful' });
});

test('quiet: warnings only', () => {
  assert.equal(collect((w) => new QuietReporter(w)), 'WARN: careful\n');
});

test('tty table shows each resource once with its latest state', () => {
  const states = new Map(events.map((e) => [e.resource, e]));
  assert.equal(renderTable(states), '✔ Network p_default  Created\n✔ Container p-web-1  Started');
});

test('auto: live on a terminal, plain when not a terminal or under CI; explicit modes win', () => {
  assert.equal(chooseRenderer('auto', true, {}), 'tty');
  assert.equal(chooseRenderer('auto', false, {}), 'plain');
  assert.equal(chooseRenderer('auto', true, { CI: 'true' }), 'plain');
  assert.equal(chooseRenderer('json', true, {}), 'json');
});
