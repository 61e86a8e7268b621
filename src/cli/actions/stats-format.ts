/**
 * `compose stats` output, as the docker CLI prints it: sizes in its units, one row per
 * container, as a table, JSON lines, or a small Go-template subset ({{.Field}}, {{json .}},
 * {{json .Field}}, a leading "table" for a header, \t and \n escapes).
 */
import { UsageError } from '../../errors.js';
import type { ContainerStats } from '../../runtime/runtime.js';

/** Go's %.<precision>g: shortest of fixed or exponent form, trailing zeros dropped */
export function goG(value: number, precision: number): string {
  if (value === 0) return '0';
  const text = value.toPrecision(precision);
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  if (exponent === undefined) return trimmed;
  const n = Number(exponent);
  return `${trimmed}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

function scaled(bytes: number, base: number, units: readonly string[], precision: number): string {
  let v = bytes;
  let i = 0;
  while (v >= base && i < units.length - 1) (v /= base), i++;
  return `${goG(v, precision)}${units[i]}`;
}

/** memory, as docker's units.BytesSize: binary units, 4 significant digits ("1.5MiB") */
export const binarySize = (bytes: number) => scaled(bytes, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'], 4);

/** network and block I/O, as docker's units.HumanSizeWithPrecision(n, 3): decimal units ("1.45kB") */
export const decimalSize = (bytes: number) => scaled(bytes, 1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB'], 3);

export const FIELDS = ['ID', 'Container', 'Name', 'CPUPerc', 'MemUsage', 'MemPerc', 'NetIO', 'BlockIO', 'PIDs'] as const;
export type Field = (typeof FIELDS)[number];
export type StatsRow = Readonly<Record<Field, string>>;

export const HEADERS: Readonly<Record<Field, string>> = {
  ID: 'CONTAINER ID',
  Container: 'CONTAINER',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
};

export const DEFAULT_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

export function statsRow(c: { readonly id: string; readonly name: string }, s: ContainerStats, noTrunc: boolean): StatsRow {
  const id = noTrunc ? c.id : c.id.slice(0, 12);
  const memPercent = s.memoryLimit > 0 ? (s.memoryUsage / s.memoryLimit) * 100 : 0;
  return {
    ID: id,
    Container: id,
    Name: c.name,
    CPUPerc: `${s.cpuPercent.toFixed(2)}%`,
    MemUsage: `${binarySize(s.memoryUsage)} / ${binarySize(s.memoryLimit)}`,
    MemPerc: `${memPercent.toFixed(2)}%`,
    NetIO: `${decimalSize(s.netRx)} / ${decimalSize(s.netTx)}`,
    BlockIO: `${decimalSize(s.blockRead)} / ${decimalSize(s.blockWrite)}`,
    PIDs: String(s.pids),
  };
}

/** the docker CLI's JSON: keys in alphabetical order, as Go marshals a map */
export function rowJson(row: StatsRow): string {
  const sorted = Object.fromEntries([...FIELDS].sort().map((k) => [k, row[k]]));
  return JSON.stringify(sorted);
}

type Piece = { readonly text: string } | { readonly field: Field | '.'; readonly json: boolean };

export interface Template {
  readonly table: boolean;
  readonly pieces: readonly Piece[];
}

/** `table`, `json`, or a template; an unknown field is a usage error naming it */
export function parseFormat(format: string): Template {
  const spec = format === 'table' || format === '' ? DEFAULT_TABLE : format === 'json' ? '{{json .}}' : format;
  const table = spec.startsWith('table');
  const body = (table ? spec.slice('table'.length) : spec).trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const pieces: Piece[] = [];
  const re = /\{\{\s*(json\s+)?(\.[A-Za-z]*)\s*\}\}/g;
  let at = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m.index > at) pieces.push({ text: body.slice(at, m.index) });
    const name = (m[2] as string).slice(1);
    if (name === '') pieces.push({ field: '.', json: true });
    else if ((FIELDS as readonly string[]).includes(name)) pieces.push({ field: name as Field, json: m[1] !== undefined });
    else throw new UsageError(`invalid --format "${format}": no field .${name} (fields: ${FIELDS.map((f) => `.${f}`).join(', ')})`);
    at = m.index + m[0].length;
  }
  if (at < body.length) pieces.push({ text: body.slice(at) });
  if (/\{\{/.test(pieces.map((p) => ('text' in p ? p.text : '')).join(''))) {
    throw new UsageError(`invalid --format "${format}": only {{.Field}}, {{json .}} and {{json .Field}} are supported`);
  }
  return { table, pieces };
}

function render(t: Template, value: (f: Field) => string, whole: () => string): string {
  return t.pieces
    .map((p) => ('text' in p ? p.text : p.field === '.' ? whole() : p.json ? JSON.stringify(value(p.field)) : value(p.field)))
    .join('');
}

/** cells split on tabs into columns as the docker CLI's tabwriter (min width 10, padding 3) lays them out */
export function alignTabs(lines: readonly string[]): string[] {
  const rows = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 10, cell.length + 3)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('').trimEnd());
}

/** one sample: the lines to print (header first for a table) */
export function formatSample(t: Template, rows: readonly StatsRow[]): string[] {
  const lines = rows.map((r) => render(t, (f) => r[f], () => rowJson(r)));
  if (!t.table) return lines;
  const header = render(t, (f) => HEADERS[f], () => '');
  return alignTabs([header, ...lines]);
}
