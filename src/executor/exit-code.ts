/**
 * Exit-code rules of attached `up`, as Docker Compose documents them. Pure: fed the
 * containers' exits in the order they happen, it says when to stop everything and
 * what the command exits with.
 */
export interface ExitRule {
  readonly abortOnExit: boolean;
  readonly abortOnFailure: boolean;
  /** implies abortOnExit; the command exits with this service's code */
  readonly exitCodeFrom?: string;
}

export interface ExitTracker {
  /** records an exit; true when this exit means every container must now stop */
  exit(service: string, code: number): boolean;
  /** the command's exit code once every watched container has exited */
  code(): number;
}

export function trackExits(rule: ExitRule): ExitTracker {
  let trigger: number | undefined;
  const byService = new Map<string, number>();
  return {
    exit(service, code) {
      if (!byService.has(service)) byService.set(service, code);
      if (trigger !== undefined) return false;
      const abort =
        rule.exitCodeFrom !== undefined || rule.abortOnExit || (rule.abortOnFailure && code !== 0);
      if (abort) trigger = code;
      return abort;
    },
    code() {
      if (rule.exitCodeFrom !== undefined) return byService.get(rule.exitCodeFrom) ?? 1;
      return trigger ?? 0;
    },
  };
}

/** Colour of a service's log prefix: a stable cycle in order of first appearance. */
export const PREFIX_COLOURS = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'redBright', 'cyanBright', 'yellowBright', 'greenBright', 'magentaBright', 'blueBright'] as const;
