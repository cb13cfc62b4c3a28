/**
 * The few parts of the DNS wire format (RFC 1035) the pods' resolver needs: a query's id, flags and
 * first question, and an answer to it with A or PTR records.
 */

export const TYPE_A = 1;
export const TYPE_PTR = 12;
export const TYPE_AAAA = 28;
export const TYPE_ANY = 255;
export const RCODE_NOERROR = 0;
export const RCODE_FORMERR = 1;
export const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;

export interface DnsQuestion {
  id: number;
  /** The query's flags word (opcode and RD are echoed in the answer). */
  flags: number;
  /** Lower case, without the trailing dot. */
  name: string;
  type: number;
  cls: number;
  /** Offset just past the question, where an answer's records begin. */
  end: number;
}

export type DnsRecord = { type: typeof TYPE_A; address: string } | { type: typeof TYPE_PTR; target: string };

const HEADER = 12;
const TTL_SECONDS = 5;

/** The first question of a standard query, or undefined when `msg` is not one this resolver can read. */
export function parseQuery(msg: Buffer): DnsQuestion | undefined {
  if (msg.length < HEADER + 5) return undefined;
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000 || msg.readUInt16BE(4) < 1) return undefined; // an answer, or no question
  const labels: string[] = [];
  let at = HEADER;
  for (;;) {
    if (at >= msg.length) return undefined;
    const len = msg[at]!;
    if (len === 0) break;
    if (len > 63 || at + 1 + len > msg.length) return undefined; // compression in a query, or cut short
    labels.push(msg.toString('latin1', at + 1, at + 1 + len).toLowerCase());
    at += 1 + len;
  }
  at += 1;
  if (at + 4 > msg.length) return undefined;
  return { id: msg.readUInt16BE(0), flags, name: labels.join('.'), type: msg.readUInt16BE(at), cls: msg.readUInt16BE(at + 2), end: at + 4 };
}

/** An authoritative answer to `query` (the first question of `msg`) with `records` and `rcode`. */
export function answer(msg: Buffer, query: DnsQuestion, rcode: number, records: readonly DnsRecord[] = []): Buffer {
  const rrs = records.map(encodeRecord);
  const head = Buffer.alloc(HEADER);
  head.writeUInt16BE(query.id, 0);
  // QR, the query's opcode and RD, AA, RA, rcode.
  head.writeUInt16BE(0x8000 | (query.flags & 0x7900) | 0x0400 | 0x0080 | rcode, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(rrs.length, 6);
  return Buffer.concat([head, msg.subarray(HEADER, query.end), ...rrs]);
}

/** A header-only error answer for a message that could not be read (keeps its id). */
export function formatError(msg: Buffer): Buffer | undefined {
  if (msg.length < 2) return undefined;
  const head = Buffer.alloc(HEADER);
  head.writeUInt16BE(msg.readUInt16BE(0), 0);
  head.writeUInt16BE(0x8000 | 0x0080 | RCODE_FORMERR, 2);
  return head;
}

function encodeRecord(r: DnsRecord): Buffer {
  const data = r.type === TYPE_A ? Buffer.from(r.address.split('.').map(Number)) : encodeName(r.target);
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); // the question's name
  rr.writeUInt16BE(r.type, 2);
  rr.writeUInt16BE(1, 4); // IN
  rr.writeUInt32BE(TTL_SECONDS, 6);
  rr.writeUInt16BE(data.length, 10);
  return Buffer.concat([rr, data]);
}

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}
