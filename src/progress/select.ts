/**
 * Chooses the renderer once: `--progress` wins; `auto` means live on a terminal and
 * plain lines when stderr is not one or CI is set (no redraws in logs).
 */
import type { ProgressMode } from '../cli/global-options.js';
import type { Reporter } from './events.js';
import { JsonReporter } from './json.js';
import { PlainReporter } from './plain.js';
import { QuietReporter } from './quiet.js';

export type Renderer = 'tty' | 'plain' | 'json' | 'quiet';

export function chooseRenderer(mode: ProgressMode, isTty: boolean, env: Readonly<Record<string, string | undefined>>): Renderer {
  if (mode !== 'auto') return mode;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  return isTty && !ci && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export async function openReporter(
  mode: ProgressMode,
  title: string,
  env: Readonly<Record<string, string | undefined>>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<Reporter> {
  const write = (text: string) => void stream.write(text);
  switch (chooseRenderer(mode, stream.isTTY === true, env)) {
    case 'json':
      return new JsonReporter(write);
    case 'quiet':
      return new QuietReporter(write);
    case 'plain':
      return new PlainReporter(write);
    case 'tty': {
      const { TtyReporter } = await import('./tty.js');
      return new TtyReporter(title, stream);
    }
  }
}
