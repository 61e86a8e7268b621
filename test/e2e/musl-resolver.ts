/**
 * A tiny resolver client linked statically against musl, so the name tests also cover
 * musl's resolver (Alpine-style images), which queries differently from glibc: it asks A and
 * AAAA at once and gives up on the first answer it dislikes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = String.raw`
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
int main(int argc, char **argv) {
  struct addrinfo hints, *res, *p;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  int rc = getaddrinfo(argv[1], NULL, &hints, &res);
  if (rc != 0) { fprintf(stderr, "%s\n", gai_strerror(rc)); return 2; }
  for (p = res; p; p = p->ai_next) {
    char buf[64];
    if (p->ai_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, buf, sizeof buf);
    else inet_ntop(AF_INET6, &((struct sockaddr_in6 *)p->ai_addr)->sin6_addr, buf, sizeof buf);
    printf("%s\n", buf);
  }
  return 0;
}
`;

/** builds the client into out with musl-gcc; returns why it cannot, or undefined */
export function buildMuslResolver(out: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'berth-musl-'));
  try {
    writeFileSync(join(dir, 'resolve.c'), SOURCE);
    const r = spawnSync('musl-gcc', ['-static', '-O1', '-o', out, join(dir, 'resolve.c')], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `musl-gcc (Debian's musl-tools) to build a musl resolver client: ${r.error?.message ?? r.stderr.trim()}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
