/**
 * Which verb a command line runs, read before commander parses it: only that verb's
 * command is then declared (declaring all of them was a noticeable part of `compose
 * config`'s start-up). Anything this does not understand returns undefined, and every
 * command is declared, so help, suggestions and errors stay commander's own.
 */
import type { Option } from 'commander';

export function verbOf(args: readonly string[], globalOptions: readonly Option[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg === '--') return undefined;
    const long = arg.startsWith('--');
    const name = long ? arg.split('=', 1)[0]! : arg.slice(0, 2);
    const option = globalOptions.find((o) => (long ? o.long === name : o.short === name));
    if (!option) return undefined;
    // a value in the same argument (`--file=x`, `-fx`) or in the next one
    const takesValue = option.required || option.optional;
    const attached = long ? arg.includes('=') : arg.length > 2;
    if (!takesValue && attached) return undefined;
    if (takesValue && !attached) i++;
  }
  return undefined;
}
