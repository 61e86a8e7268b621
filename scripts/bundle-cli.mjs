#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js) into one CommonJS file,
// dist/cli/compose-bundle.cjs, started by dist/cli/compose.cjs (src/cli/launcher.cjs), the
// file package.json's `bin` runs. Then runs it once so that the launcher writes V8's code
// cache for it (dist/cli/compose-bundle.cache). See bench/config.mjs for the figures.
//
// Why these choices:
//  - input is tsc's output, not src/: the bundle runs exactly the JavaScript the tests run,
//    and modules that locate files next to themselves (import.meta.url) still find them in
//    dist/src/, because each such use is rewritten to the URL of the module's own compiled file.
//  - one file, CommonJS: Node 20 loads an ES module graph through its ESM loader and can
//    cache compiled code only for scripts (vm.Script), so one CommonJS script is what a code
//    cache can cover. Modules reached only through `await import()` (the runtimes, the
//    executor, the progress UI) are still evaluated only when a verb needs them: esbuild
//    wraps them in lazy initialisers. One copy of each module exists, so `instanceof` on our
//    error classes holds everywhere.
//  - the schema validator ajv generated at build time is bundled in (so the code cache covers
//    it); dockerode (and so ssh2 with its optional native bindings), ajv's compiler and the
//    yaml library stay external: they load from node_modules, only when something needs them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { dirname, relative, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist/src/cli/main.js');
export const outdir = join(root, 'dist/cli');
// which modules went into the bundle; test/cli/bundle.test.ts reads it
export const metafilePath = join(root, 'dist/cli-bundle-meta.json');
export const binPath = join(outdir, 'compose.cjs');
export const bundlePath = join(outdir, 'compose-bundle.cjs');
export const cachePath = join(outdir, 'compose-bundle.cache');

// runtime requires (createRequire) that become bundled requires, so the bundle holds the file
const BUNDLED_REQUIRES = new Map([['dist/src/parser/validate/compiled.js', ["requireHere('./compose-validator.cjs')"]]]);

const rewrites = {
  name: 'berth-rewrites',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const own = relative(outdir, args.path).split('\\').join('/');
      if (text.includes('import.meta.url')) {
        // __filename is the bundle's path (the launcher passes it)
        text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, require("node:url").pathToFileURL(__filename)).href`);
      }
      for (const call of BUNDLED_REQUIRES.get(relative(root, args.path).split('\\').join('/')) ?? []) {
        if (!text.includes(call)) throw new Error(`bundle-cli: ${args.path} no longer has ${call}; update BUNDLED_REQUIRES`);
        text = text.replaceAll(call, call.replace(/^requireHere/, 'require'));
      }
      return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
    });
    // commander requires node:child_process at load time for executable subcommands, which
    // Berth does not use; loading it (with net, dgram and the stream modules) at every start
    // cost more than all of commander. It is required on first use instead.
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(eager)) throw new Error(`bundle-cli: ${args.path} no longer has ${eager}`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

export async function bundleCli() {
  if (!existsSync(entry)) return undefined;
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { 'compose-bundle': entry },
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() becomes a lazy require: the launcher runs the bundle as a script, where a
    // dynamic import would need a loader of its own
    supported: { 'dynamic-import': false },
    outExtension: { '.js': '.cjs' },
    external: ['dockerode', 'ajv', 'yaml'],
    plugins: [rewrites],
    // every start reads and decodes the whole file: whitespace and comments cost time;
    // identifiers stay, so stack traces and error class names still read
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  // Written as the function the launcher calls, so it compiles the file as read (no copy
  // into a wrapper), and ASCII only, so it can be read as latin1 (no UTF-8 decoding).
  // The entry's hashbang would be valid only at the start of a file.
  let text = readFileSync(bundlePath, 'utf8');
  if (text.startsWith('#!')) text = `//${text.slice(2)}`;
  const wide = /[^\x00-\x7f]/.exec(text);
  if (wide) throw new Error(`bundle-cli: non-ASCII ${JSON.stringify(wide[0])} in the bundle near ${JSON.stringify(text.slice(wide.index - 40, wide.index))}; write it as an escape`);
  writeFileSync(bundlePath, `(function (exports, require, module, __filename, __dirname) {${text}\n})`);
  copyFileSync(join(root, 'src/cli/launcher.cjs'), binPath);
  chmodSync(binPath, 0o755);
  writeFileSync(metafilePath, JSON.stringify(result.metafile));
  writeCodeCache();
  return { bin: binPath, metafile: result.metafile };
}

/** one run of the common path (`config` on the demo stack); the launcher writes the cache at its exit */
function writeCodeCache() {
  rmSync(cachePath, { force: true });
  const r = spawnSync(process.execPath, [binPath, 'config'], { cwd: join(root, 'examples/demo'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root } });
  if (r.status !== 0 || !existsSync(cachePath)) throw new Error(`bundle-cli: the training run did not write ${cachePath}: ${r.stderr}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
