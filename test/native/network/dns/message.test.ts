import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildError, buildQuery, buildReply, parseQuery, RCODE, readAnswers, TYPE } from '../../../../src/native/network/dns/message.js';

test('a query round-trips: name lower-cased, type, id and RD kept', () => {
  const q = parseQuery(buildQuery(0x1234, 'Web.Example', TYPE.AAAA))!;
  assert.equal(q.id, 0x1234);
  assert.equal(q.name, 'web.example');
  assert.equal(q.type, TYPE.AAAA);
  assert.equal(q.klass, 1);
  assert.equal(q.flags & 0x0100, 0x0100);
});

test('a reply carries the question and A records in wire format', () => {
  const query = buildQuery(7, 'db', TYPE.A);
  const q = parseQuery(query)!;
  const reply = buildReply(query, q, RCODE.noError, ['10.9.8.2', '10.9.8.3']);
  assert.equal(reply.readUInt16BE(0), 7);
  const flags = reply.readUInt16BE(2);
  assert.equal(flags & 0x8000, 0x8000, 'QR');
  assert.equal(flags & 0x0400, 0x0400, 'AA');
  assert.equal(flags & 0x0100, 0x0100, 'RD echoed');
  assert.equal(reply.readUInt16BE(4), 1);
  assert.equal(reply.readUInt16BE(6), 2);
  assert.deepEqual(reply.subarray(12, q.end), query.subarray(12, q.end));
  assert.deepEqual(readAnswers(reply, q), { rcode: 0, addresses: ['10.9.8.2', '10.9.8.3'] });
  // the record itself: name pointer, type A, class IN, ttl 0, rdlength 4
  assert.deepEqual([...reply.subarray(q.end, q.end + 12)], [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4]);
});

test('NODATA and NXDOMAIN replies have no answers', () => {
  const query = buildQuery(9, 'db', TYPE.AAAA);
  const q = parseQuery(query)!;
  assert.deepEqual(readAnswers(buildReply(query, q, RCODE.noError, []), q), { rcode: 0, addresses: [] });
  assert.equal(readAnswers(buildReply(query, q, RCODE.nxDomain, []), q).rcode, 3);
});

test('malformed messages and replies are not taken for queries', () => {
  assert.equal(parseQuery(Buffer.from([1, 2, 3])), undefined);
  const reply = buildReply(buildQuery(1, 'a', 1), parseQuery(buildQuery(1, 'a', 1))!, 0, []);
  assert.equal(parseQuery(reply), undefined);
  const truncated = buildQuery(1, 'abc', 1).subarray(0, 14);
  assert.equal(parseQuery(truncated), undefined);
  const err = buildError(Buffer.from([0xab, 0xcd, 0]), RCODE.formErr);
  assert.equal(err.readUInt16BE(0), 0xabcd);
  assert.equal(err.readUInt16BE(2) & 0xf, 1);
});
