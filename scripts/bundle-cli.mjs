#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js) into dist/cli/compose.mjs, the file
// package.json's `bin` runs. Node 20's ESM loader pays per module, so `compose config`
// loading ~80 small modules cost more than the work itself; one file (plus lazily loaded
// chunks for the heavy verbs) takes that away. See bench/config.mjs for the figures.
//
// Why these choices:
//  - input is tsc's output, not src/: the bundle runs exactly the JavaScript the tests run,
//    and modules that locate files next to themselves (import.meta.url) still find them in
//    dist/src/, because each such use is rewritten to the URL of the module's own compiled file.
//  - splitting: modules reached only through `await import()` (the runtimes, the executor,
//    the progress UI) land in chunks loaded when a verb needs them; one copy of each module
//    exists, so `instanceof` on our error classes holds across chunks.
//  - EAGER: the modules `compose config` needs are imported statically into the entry, so
//    the common path reads one file instead of a chain of chunks.
//  - dockerode (and so ssh2 with its optional native bindings) and ajv's compiler stay
//    external: they load from node_modules, only when a verb asks for them.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { dirname, relative, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist/src/cli/main.js');
export const outdir = join(root, 'dist/cli');
// which modules went into which output file; test/cli/bundle.test.ts reads it
export const metafilePath = join(root, 'dist/cli-bundle-meta.json');

// `await import('<specifier>')` in these modules becomes a static import in the bundle
const EAGER = new Map([
  ['dist/src/cli/commands/config.js', ['../config-action.js']],
  ['dist/src/cli/config-action.js', ['../parser/index.js', '../parser/render/index.js']],
]);

const relativeUrls = {
  name: 'relative-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const own = relative(outdir, args.path).split('\\').join('/');
      if (text.includes('import.meta.url')) {
        text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`);
      }
      const eager = EAGER.get(relative(root, args.path).split('\\').join('/'));
      if (eager) text = hoistImports(text, eager, args.path);
      return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

function hoistImports(text, specifiers, file) {
  let out = text;
  const header = [];
  specifiers.forEach((spec, i) => {
    const call = `await import(${JSON.stringify(spec)})`;
    const quoted = `await import('${spec}')`;
    const found = out.includes(call) ? call : out.includes(quoted) ? quoted : undefined;
    if (!found) throw new Error(`bundle-cli: ${file} no longer has ${quoted}; update EAGER`);
    header.push(`import * as __eager${i} from ${JSON.stringify(spec)};`);
    out = out.replaceAll(found, `__eager${i}`);
  });
  // after the hashbang, if any; ESM hoists imports regardless of position otherwise
  const bang = out.startsWith('#!') ? out.indexOf('\n') + 1 : 0;
  return out.slice(0, bang) + header.join('\n') + '\n' + out.slice(bang);
}

export async function bundleCli() {
  if (!existsSync(entry)) return undefined;
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { compose: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    external: ['dockerode', 'ajv', 'ajv/*'],
    plugins: [relativeUrls],
    // bundled CommonJS (commander) calls require() for built-ins; ESM output has none
    banner: { js: "import { createRequire as __berthRequire } from 'node:module';\nconst require = __berthRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const bin = join(outdir, 'compose.mjs');
  chmodSync(bin, 0o755);
  writeFileSync(metafilePath, JSON.stringify(result.metafile));
  return { bin, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
