/** The `web-1  | ` prefix of multiplexed logs. Pure, apart from chalk's colouring. */
import { Chalk } from 'chalk';
import { PREFIX_COLOURS } from './exit-code.js';

export interface PrefixOptions {
  readonly color: boolean;
  readonly prefix: boolean;
  readonly timestamps: boolean;
}

/** `p-web-1` in project `p` shows as `web-1`; a custom container_name shows as itself. */
export function shortName(project: string, container: string): string {
  return container.startsWith(`${project}-`) ? container.slice(project.length + 1) : container;
}

export function makeFormatter(names: readonly string[], o: PrefixOptions) {
  const chalk = new Chalk({ level: o.color ? 1 : 0 });
  const width = Math.max(0, ...names.map((n) => n.length));
  const colours = new Map(names.map((n, i) => [n, PREFIX_COLOURS[i % PREFIX_COLOURS.length] ?? 'cyan']));
  return (name: string, text: string, time?: Date): string => {
    const stamp = o.timestamps && time ? `${time.toISOString()} ` : '';
    if (!o.prefix) return `${stamp}${text}\n`;
    const colour = colours.get(name) ?? 'cyan';
    return `${chalk[colour](`${name.padEnd(width)}  | `)}${stamp}${text}\n`;
  };
}
