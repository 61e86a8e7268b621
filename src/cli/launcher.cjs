#!/bin/sh
':' //; [ -z "${NODE_EXTRA_CA_CERTS-}" ] || { BERTH_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export BERTH_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; }; exec node "$0" "$@"
'use strict';
// The `compose` bin: runs the bundled CLI (compose-bundle.cjs, next to this file) from V8's
// code cache when it can. Node 20 compiles every start from source and has no built-in
// compile cache for user code, so without this `compose config` spends a good part of its
// start-up parsing and compiling the bundle; with it, the functions a common run needs
// come back compiled. The cache is an optimisation only: when it is missing or V8 rejects it
// (another Node version or V8 flags), the bundle compiles from source as usual and a fresh
// cache is written at exit, if this directory is writable.
// CommonJS on purpose: an ES module entry would load Node's ESM loader first.
// The first two lines are read by both sh and node. Node loads and parses NODE_EXTRA_CA_CERTS
// at start-up, before any code of ours runs: with a system-size bundle (as CI images often set)
// that is ~40 ms of every run, though most commands never open a TLS connection. So the shell
// hands the variable over under another name and execs node; below, it goes back into the
// environment (child processes see it as it was) and the TLS clients add those certificates
// themselves when they connect (src/tls/extra-ca.ts). Run as `node compose.cjs`, the shell
// line is a string and a comment, and node loads the variable as usual.
const handedOver = process.env.BERTH_EXTRA_CA_CERTS;
if (handedOver !== undefined) {
  delete process.env.BERTH_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = handedOver;
  process[Symbol.for('berth.deferredExtraCaCerts')] = handedOver;
}

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, 'compose-bundle.cjs');
const cacheFile = path.join(__dirname, 'compose-bundle.cache');

let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// the build writes the bundle as an ASCII function expression (scripts/bundle-cli.mjs)
const script = new vm.Script(fs.readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
const status = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
if (process.env.BERTH_CODE_CACHE_REPORT === '1') process.stderr.write(`berth: code cache ${status}\n`);

if (status !== 'accepted' && process.env.BERTH_CODE_CACHE !== 'off') {
  // at exit, so that the cache also holds the functions this run compiled lazily
  process.once('exit', () => {
    // a run that changed V8 flags (src/cli/heap.ts) would write a cache no start accepts
    if (process[Symbol.for('berth.v8FlagsChanged')]) return;
    const tmp = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  });
}

const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, __dirname);
