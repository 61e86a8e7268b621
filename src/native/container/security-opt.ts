/**
 * `security_opt` as the native backend reads it. Docker accepts `key=value` and the older
 * `key:value`; seccomp is applied, no-new-privileges is always on for unprivileged containers,
 * SELinux labels and AppArmor profiles have no implementation here and are reported, not hidden.
 */
import { RuntimeError } from '../../errors.js';

export type SeccompChoice = { readonly kind: 'default' } | { readonly kind: 'unconfined' } | { readonly kind: 'profile'; readonly path: string };

export interface SecurityOptions {
  readonly seccomp: SeccompChoice;
  /** things the user asked for that this backend does not do, worded for a warning */
  readonly notApplied: readonly string[];
}

function splitOption(opt: string): [string, string | undefined] {
  const eq = opt.indexOf('=');
  const colon = opt.indexOf(':');
  // the first separator wins: `label=type:svirt_t` keeps its colon in the value
  const at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
  return at < 0 ? [opt, undefined] : [opt.slice(0, at), opt.slice(at + 1)];
}

export function parseSecurityOptions(service: { readonly name: string; readonly security_opt: readonly string[] }): SecurityOptions {
  let seccomp: SeccompChoice = { kind: 'default' };
  const notApplied: string[] = [];
  for (const raw of service.security_opt) {
    const opt = raw.trim();
    const [key, value] = splitOption(opt);
    switch (key) {
      case 'seccomp':
        if (!value) throw new RuntimeError(`service ${service.name}: security_opt ${opt}: seccomp needs a value (unconfined or a profile file)`);
        seccomp = value === 'unconfined' ? { kind: 'unconfined' } : { kind: 'profile', path: value };
        break;
      case 'no-new-privileges':
        if (value !== undefined && value !== 'true' && value !== 'false')
          throw new RuntimeError(`service ${service.name}: security_opt ${opt}: expected true or false`);
        // unprivileged containers always run with no_new_privs; only turning it off is not honoured
        if (value === 'false') notApplied.push(`${opt} (no_new_privs stays on for unprivileged containers)`);
        break;
      case 'label':
      case 'apparmor':
        if (!value) throw new RuntimeError(`service ${service.name}: security_opt ${opt}: ${key} needs a value`);
        notApplied.push(`${opt} (${key === 'label' ? 'SELinux labels' : 'AppArmor profiles'} are not applied by the native backend)`);
        break;
      case 'systempaths':
        if (value !== 'unconfined') throw new RuntimeError(`service ${service.name}: security_opt ${opt}: only systempaths=unconfined exists`);
        notApplied.push(`${opt} (/proc and /sys paths stay masked)`);
        break;
      default:
        throw new RuntimeError(`service ${service.name}: security_opt ${opt}: unknown option`);
    }
  }
  return { seccomp, notApplied };
}

/** what `security_opt` asks for that the native backend does not do, as warnings for the executor */
export function securityWarnings(service: { readonly name: string; readonly security_opt: readonly string[] }): string[] {
  try {
    return parseSecurityOptions(service).notApplied.map((what) => `services.${service.name}.security_opt: ${what}`);
  } catch {
    return []; // the same error, with its message, fails the container's create
  }
}
