/**
 * Starting and signalling the resident DNS server from the CLI. The server outlives the
 * command that started it; any later command restarts it if it died (a crash, a reboot).
 * `ensureDns` returns once the server listens on every gateway asked for, so a container
 * started right after can resolve at once.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../../../errors.js';
import { networkDir } from '../state.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

export function dnsPid(root: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(networkDir(root), 'dns.pid'), 'utf8').trim());
    if (!pid) return undefined;
    // the pid must still be our server, not a process that reused the number
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(SERVER) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function boundGateways(root: string, pid: number): string[] {
  try {
    const s = JSON.parse(readFileSync(join(networkDir(root), 'dns.status'), 'utf8')) as { pid: number; bound: string[] };
    return s.pid === pid ? s.bound : [];
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** how long a server started here may take to write its pid file before another is started */
const RESTART_AFTER_MS = 1000;

/** Starts the server unless it runs; it then binds every gateway the state lists. */
export function startDns(root: string): void {
  if (dnsPid(root)) return;
  {
    const log = openSync(join(networkDir(root), 'dns.log'), 'a');
    // a small heap: the server holds one state file and a few sockets
    const child = spawn(process.execPath, ['--max-old-space-size=32', SERVER, root], {
      detached: true,
      stdio: ['ignore', log, log],
      // it opens no TLS connection: spare its start-up the parse of an extra CA bundle
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    });
    closeSync(log);
    child.unref();
  }
}

/**
 * Starts the server if needed and returns once it listens on every gateway asked for. The
 * signal makes a running server re-read the state now rather than at its next poll.
 */
export async function ensureDns(root: string, gateways: readonly string[], timeoutMs = 5000): Promise<number> {
  let pid = dnsPid(root);
  // when the server was started here: a new one needs a moment to write its pid file
  let startedAt = Number.NEGATIVE_INFINITY;
  if (pid) process.kill(pid, 'SIGHUP');
  else {
    startDns(root);
    startedAt = Date.now();
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    pid = dnsPid(root);
    if (pid) {
      const bound = boundGateways(root, pid);
      if (gateways.every((g) => bound.includes(g))) return pid;
    } else if (Date.now() - startedAt > RESTART_AFTER_MS) {
      // A server that had just seen the last network go (a `down` before this `up`) exits
      // even though it was signalled: start another.
      startDns(root);
      startedAt = Date.now();
    }
    await sleep(15);
  }
  let tail = '';
  try {
    tail = readFileSync(join(networkDir(root), 'dns.log'), 'utf8').slice(-500);
  } catch {
    /* no log */
  }
  throw new RuntimeError(`the DNS server for ${root} did not listen on ${gateways.join(', ')} within ${timeoutMs} ms${tail ? `: ${tail}` : ''}`);
}

/** Asks the server to re-read the state now; a dead server is left for the next ensureDns. */
export function notifyDns(root: string): void {
  const pid = dnsPid(root);
  if (pid) process.kill(pid, 'SIGHUP');
}

/** Stops the server (used when the last network is removed by force, and by tests). */
export function stopDns(root: string): void {
  const pid = dnsPid(root);
  if (pid) process.kill(pid, 'SIGTERM');
}
