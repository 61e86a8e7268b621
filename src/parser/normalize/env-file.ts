/**
 * Reads `env_file:` files in the dotenv dialect Compose uses: `KEY=VALUE`, optional
 * `export `, `#` comments, single quotes literal, double quotes with escapes, and
 * `${VAR}`/`$VAR` expanded from earlier lines, then from the environment.
 */

function expand(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, dflt, bare) => {
    const v = lookup((braced ?? bare) as string);
    if ((v === undefined || v === '') && dflt !== undefined) return dflt as string;
    return v ?? '';
  });
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** variables in file order; a bare `KEY` maps to undefined (taken from the environment if set) */
export function parseEnvFile(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const lookup = (name: string): string | undefined => (name in out ? out[name] : env[name]);
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\s*export\s+/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) {
      out[line] = env[line];
      continue;
    }
    const key = line.slice(0, eq).trim();
    let raw = line.slice(eq + 1).trimStart();
    const quote = raw[0];
    if (quote === "'" || quote === '"') {
      // a quoted value may span lines
      let close = raw.indexOf(quote, 1);
      while (close < 0 && i + 1 < lines.length) {
        raw += `\n${lines[++i]}`;
        close = raw.indexOf(quote, 1);
      }
      const body = raw.slice(1, close < 0 ? undefined : close);
      out[key] = quote === "'" ? body : expand(unescapeDouble(body), lookup);
    } else {
      const hash = raw.search(/\s#/);
      out[key] = expand((hash >= 0 ? raw.slice(0, hash) : raw).trim(), lookup);
    }
  }
  return out;
}
