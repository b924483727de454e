/**
 * DNS messages (RFC 1035 §4.1): header, questions and resource records, with name compression
 * (§4.1.4) on output and pointer-loop protection on input. A, AAAA, CNAME rdata are decoded; other
 * types are kept raw.
 */
import { PayloadError, need } from '../errors.ts';
import { formatIpv4Address, formatIpv6Address, parseIpv4Address, parseIpv6Address } from '../ip/checksum.ts';

export const DNS_TYPE_A = 1;
export const DNS_TYPE_CNAME = 5;
export const DNS_TYPE_AAAA = 28;
export const DNS_CLASS_IN = 1;

export interface DnsQuestion {
  name: string;
  type: number;
  class?: number;
}

export interface DnsRecord {
  name: string;
  type: number;
  class?: number;
  ttl: number;
  /** Address text for A/AAAA, a name for CNAME, otherwise raw rdata bytes. */
  data: string | Uint8Array;
}

export interface DnsMessage {
  id: number;
  /** QR bit: true for a response. */
  response: boolean;
  opcode?: number;
  authoritative?: boolean;
  truncated?: boolean;
  recursionDesired?: boolean;
  recursionAvailable?: boolean;
  rcode?: number;
  questions: DnsQuestion[];
  answers?: DnsRecord[];
  authorities?: DnsRecord[];
  additionals?: DnsRecord[];
}

class Writer {
  private readonly chunks: number[] = [];
  private readonly names = new Map<string, number>();
  get length(): number {
    return this.chunks.length;
  }
  u8(v: number): void {
    this.chunks.push(v & 0xff);
  }
  u16(v: number): void {
    this.chunks.push((v >> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    this.u16((v >>> 16) & 0xffff);
    this.u16(v & 0xffff);
  }
  patchU16(at: number, v: number): void {
    this.chunks[at] = (v >> 8) & 0xff;
    this.chunks[at + 1] = v & 0xff;
  }
  bytes(b: Uint8Array): void {
    for (const x of b) this.chunks.push(x);
  }
  name(name: string): void {
    const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length > 0);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const pointer = this.names.get(suffix);
      if (pointer !== undefined) {
        this.u16(0xc000 | pointer);
        return;
      }
      if (this.length < 0x3fff) this.names.set(suffix, this.length);
      const label = new TextEncoder().encode(labels[i]);
      if (label.length > 63) throw new PayloadError('DNS_BAD_NAME', `label longer than 63 octets in ${name}`);
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(r.type);
  w.u16(r.class ?? DNS_CLASS_IN);
  w.u32(r.ttl);
  let rdata: Uint8Array;
  if (r.type === DNS_TYPE_A && typeof r.data === 'string') rdata = parseIpv4Address(r.data);
  else if (r.type === DNS_TYPE_AAAA && typeof r.data === 'string') rdata = parseIpv6Address(r.data);
  else if (r.type === DNS_TYPE_CNAME && typeof r.data === 'string') {
    const lengthAt = w.length;
    w.u16(0); // RDLENGTH, patched once the (possibly compressed) name is written
    w.name(r.data);
    w.patchU16(lengthAt, w.length - lengthAt - 2);
    return;
  } else if (r.data instanceof Uint8Array) rdata = r.data;
  else throw new PayloadError('PAYLOAD_BAD_VALUE', `DNS record type ${r.type} needs raw rdata bytes`);
  w.u16(rdata.length);
  w.bytes(rdata);
}

export function buildDns(message: DnsMessage): Uint8Array {
  const w = new Writer();
  w.u16(message.id);
  w.u8(
    (message.response ? 0x80 : 0) |
      (((message.opcode ?? 0) & 0xf) << 3) |
      (message.authoritative ? 0x04 : 0) |
      (message.truncated ? 0x02 : 0) |
      (message.recursionDesired === false ? 0 : 0x01),
  );
  w.u8((message.recursionAvailable ? 0x80 : 0) | ((message.rcode ?? 0) & 0xf));
  const answers = message.answers ?? [];
  const authorities = message.authorities ?? [];
  const additionals = message.additionals ?? [];
  w.u16(message.questions.length);
  w.u16(answers.length);
  w.u16(authorities.length);
  w.u16(additionals.length);
  for (const q of message.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class ?? DNS_CLASS_IN);
  }
  for (const r of [...answers, ...authorities, ...additionals]) writeRecord(w, r);
  return w.done();
}

function readName(bytes: Uint8Array, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next = -1;
  let jumps = 0;
  let length = 0;
  for (;;) {
    need(bytes, offset, 1, 'DNS name');
    const len = bytes[offset] ?? 0;
    if ((len & 0xc0) === 0xc0) {
      need(bytes, offset, 2, 'DNS name pointer');
      if (next < 0) next = offset + 2;
      const target = ((len & 0x3f) << 8) | (bytes[offset + 1] ?? 0);
      if (++jumps > 64 || target >= offset) throw new PayloadError('DNS_BAD_NAME', 'DNS name pointer loop or forward pointer');
      offset = target;
      continue;
    }
    if (len & 0xc0) throw new PayloadError('DNS_BAD_NAME', `reserved DNS label type 0x${len.toString(16)}`);
    if (len === 0) {
      if (next < 0) next = offset + 1;
      break;
    }
    need(bytes, offset + 1, len, 'DNS label');
    length += len + 1;
    if (length > 255) throw new PayloadError('DNS_BAD_NAME', 'DNS name longer than 255 octets');
    labels.push(new TextDecoder().decode(bytes.subarray(offset + 1, offset + 1 + len)));
    offset += 1 + len;
  }
  return { name: labels.join('.'), next };
}

function readRecord(bytes: Uint8Array, view: DataView, offset: number): { record: DnsRecord; next: number } {
  const { name, next } = readName(bytes, offset);
  need(bytes, next, 10, 'DNS resource record');
  const type = view.getUint16(next);
  const rclass = view.getUint16(next + 2);
  const ttl = view.getUint32(next + 4);
  const rdLength = view.getUint16(next + 8);
  const rdStart = next + 10;
  need(bytes, rdStart, rdLength, 'DNS rdata');
  const raw = bytes.subarray(rdStart, rdStart + rdLength);
  let data: string | Uint8Array;
  if (type === DNS_TYPE_A && rdLength === 4) data = formatIpv4Address(raw);
  else if (type === DNS_TYPE_AAAA && rdLength === 16) data = formatIpv6Address(raw);
  else if (type === DNS_TYPE_CNAME) data = readName(bytes, rdStart).name;
  else data = raw.slice();
  return { record: { name, type, class: rclass, ttl, data }, next: rdStart + rdLength };
}

export function parseDns(bytes: Uint8Array): Required<DnsMessage> {
  need(bytes, 0, 12, 'DNS header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags1 = bytes[2] ?? 0;
  const flags2 = bytes[3] ?? 0;
  const counts = [view.getUint16(4), view.getUint16(6), view.getUint16(8), view.getUint16(10)] as const;
  let offset = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(bytes, offset);
    need(bytes, next, 4, 'DNS question');
    questions.push({ name, type: view.getUint16(next), class: view.getUint16(next + 2) });
    offset = next + 4;
  }
  const sections: DnsRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const { record, next } = readRecord(bytes, view, offset);
      sections[s]!.push(record);
      offset = next;
    }
  }
  return {
    id: view.getUint16(0),
    response: (flags1 & 0x80) !== 0,
    opcode: (flags1 >> 3) & 0xf,
    authoritative: (flags1 & 0x04) !== 0,
    truncated: (flags1 & 0x02) !== 0,
    recursionDesired: (flags1 & 0x01) !== 0,
    recursionAvailable: (flags2 & 0x80) !== 0,
    rcode: flags2 & 0xf,
    questions,
    answers: sections[0]!,
    authorities: sections[1]!,
    additionals: sections[2]!,
  };
}
