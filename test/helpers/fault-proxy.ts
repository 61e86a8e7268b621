/**
 * An HTTP proxy in front of a test registry that misbehaves on purpose: drops the
 * connection halfway through a blob, corrupts a blob, slows blobs down, or demands a
 * Bearer token from its own fake token service. Listens on 127.0.0.1 only.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BlobFault = 'pass' | 'drop-half' | 'corrupt' | 'slow' | 'extend';

export interface ProxyOptions {
  /** decides per blob GET; called with the request count for that path so far */
  readonly blobFault?: (path: string, count: number) => BlobFault;
  /** require `Authorization: Bearer` tokens issued by this proxy's /token for these credentials */
  readonly bearer?: { readonly username: string; readonly password: string };
  /** answer with this status instead of forwarding (for any path), when it returns one */
  readonly statusFault?: (method: string, path: string, count: number) => number | undefined;
  /** bytes per 10ms for 'slow' */
  readonly slowRate?: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly requests: { method: string; path: string; range?: string; authorization?: string }[];
  readonly tokenRequests: { scope: string[]; authorization?: string }[];
  close(): Promise<void>;
}

const TOKEN = 'berth-test-token';

export async function startFaultProxy(target: string, options: ProxyOptions = {}): Promise<FaultProxy> {
  const counts = new Map<string, number>();
  const requests: FaultProxy['requests'] = [];
  const tokenRequests: FaultProxy['tokenRequests'] = [];
  let host = '';

  const forward = (req: IncomingMessage, res: ServerResponse, fault: BlobFault): void => {
    const [h, port] = target.split(':');
    const headers = { ...req.headers, host: target };
    delete headers.authorization;
    const up = request({ host: h, port: Number(port), path: req.url, method: req.method, headers }, (upRes) => {
      const out = { ...upRes.headers };
      // the registry hands out absolute upload locations naming itself
      if (typeof out.location === 'string') out.location = out.location.replace(`//${target}`, `//${host}`);
      // 'extend' sends 1 KB more than the blob, without a length
      if (fault === 'extend' && upRes.statusCode === 200) delete out['content-length'];
      res.writeHead(upRes.statusCode ?? 502, out);
      if (fault === 'pass' || upRes.statusCode !== 200) return void upRes.pipe(res);
      const total = Number(upRes.headers['content-length'] ?? 0);
      let sent = 0;
      upRes.on('data', (chunk: Buffer) => {
        if (fault === 'drop-half') {
          const room = Math.floor(total / 2) - sent;
          if (room <= 0) return;
          res.write(chunk.subarray(0, room));
          sent += Math.min(room, chunk.length);
          if (sent >= Math.floor(total / 2)) setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        if (fault === 'corrupt' && sent === 0) chunk = Buffer.concat([Buffer.from([chunk[0]! ^ 0xff]), chunk.subarray(1)]);
        if (fault === 'slow') {
          upRes.pause();
          setTimeout(() => upRes.resume(), Math.ceil(chunk.length / (options.slowRate ?? 65536)) * 10);
        }
        sent += chunk.length;
        res.write(chunk);
      });
      upRes.on('end', () => res.end(fault === 'extend' ? Buffer.alloc(1024, 0x20) : undefined));
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      tokenRequests.push({ scope: url.searchParams.getAll('scope'), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const want = options.bearer ? `Basic ${Buffer.from(`${options.bearer.username}:${options.bearer.password}`).toString('base64')}` : '';
      if (req.headers.authorization !== want) return void res.writeHead(401).end('{"details":"bad credentials"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
      return;
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, ...(req.headers.range ? { range: req.headers.range } : {}), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (options.bearer && req.headers.authorization !== `Bearer ${TOKEN}`) {
      const repo = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(url.pathname)?.[1];
      const scope = repo ? `,scope="repository:${repo}:pull"` : '';
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="berth-test"${scope}`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (options.statusFault) {
      const key = `${req.method} ${url.pathname}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const status = options.statusFault(req.method ?? 'GET', url.pathname, n);
      if (status !== undefined) return void res.writeHead(status, { 'content-type': 'text/plain' }).end('injected failure');
    }
    let fault: BlobFault = 'pass';
    if (req.method === 'GET' && /\/blobs\/sha256:/.test(url.pathname) && options.blobFault) {
      const n = (counts.get(url.pathname) ?? 0) + 1;
      counts.set(url.pathname, n);
      fault = options.blobFault(url.pathname, n);
    }
    forward(req, res, fault);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    tokenRequests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
