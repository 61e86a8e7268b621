#!/usr/bin/env node
// Where a Compose tool's time goes on the Engine: runs a command with DOCKER_HOST pointing at a
// logging proxy in front of the Engine's socket and prints each API call it made, with when it
// was sent (ms after the command started), how long the Engine took and on which connection.
// Works for any client that honours DOCKER_HOST (Berth, docker-compose, the docker CLI).
// Usage: node bench/docker-trace.mjs [--bodies] -- <command> [args...]
//   e.g. node bench/docker-trace.mjs -- node dist/cli/compose.cjs --backend docker up -d
//        node bench/docker-trace.mjs -- docker-compose up -d
// --bodies also prints the JSON body of each POST (create bodies, network options...).
// DOCKER_SOCKET overrides the Engine socket the proxy forwards to (default /var/run/docker.sock).
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const flags = split === -1 ? [] : args.slice(0, split);
const command = split === -1 ? args : args.slice(split + 1);
if (!command.length) {
  console.error('usage: node bench/docker-trace.mjs [--bodies] -- <command> [args...]');
  process.exit(2);
}
const engineSocket = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';
const dir = mkdtempSync(join(tmpdir(), 'bt-trace-'));
const socketPath = join(dir, 'docker.sock');

const calls = [];
let connections = 0;
const upstream = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const sent = performance.now();
  req.socket.traceId ??= ++connections;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const out = http.request(
      { socketPath: engineSocket, method: req.method, path: req.url, headers: req.headers, agent: upstream },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () =>
          calls.push({
            sent,
            took: performance.now() - sent,
            conn: req.socket.traceId,
            method: req.method,
            url: req.url ?? '',
            status: answer.statusCode,
            body: req.method === 'POST' && body.length ? body.toString() : undefined,
          }),
        );
      },
    );
    out.on('error', (err) => res.writeHead(502).end(String(err)));
    out.end(body);
  });
});
// attach/exec hijack the connection: pass those through untimed
server.on('upgrade', (req, socket) => socket.destroy());

await new Promise((resolve) => server.listen(socketPath, resolve));
const started = performance.now();
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, DOCKER_HOST: `unix://${socketPath}` } });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
const ended = performance.now();
server.close();
upstream.destroy();
rmSync(dir, { recursive: true, force: true });

const shortPath = (url) => url.replace(/\?.*/, '').replace(/[0-9a-f]{64}/g, (id) => id.slice(0, 12));
process.stderr.write('\n  sent    took    done  conn  call\n');
for (const c of calls.sort((a, b) => a.sent - b.sent)) {
  const at = c.sent - started;
  process.stderr.write(
    `${at.toFixed(0).padStart(6)}  ${c.took.toFixed(0).padStart(6)}  ${(at + c.took).toFixed(0).padStart(6)}  ${String(c.conn).padStart(4)}  ${c.method} ${shortPath(c.url)} ${c.status}\n`,
  );
  if (flags.includes('--bodies') && c.body) process.stderr.write(`        ${c.body}\n`);
}
process.stderr.write(`${(ended - started).toFixed(0).padStart(6)}  exit (${calls.length} calls on ${connections} connections)\n`);
process.exitCode = code;
