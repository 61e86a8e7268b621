/** The status line and headers of an HTTP/1.1 response, read from the start of a buffer. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  /** lower-case names; repeated headers joined with ", " */
  readonly headers: ReadonlyMap<string, string>;
  /** bytes up to and including the blank line; the body starts here */
  readonly size: number;
}

const END = Buffer.from('\r\n\r\n');

export function parseHead(buf: Buffer): ResponseHead | 'incomplete' | 'invalid' {
  const end = buf.indexOf(END);
  if (end < 0) return 'incomplete';
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return 'invalid';
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'invalid';
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const prev = headers.get(name);
    headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
  }
  return { status: Number(status[1]), statusText: status[2] ?? '', headers, size: end + END.length };
}
