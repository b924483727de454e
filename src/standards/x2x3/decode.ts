/**
 * X2/X3 PDU decoder (TS 103 221-2 §5). Reads with a DataView; the payload, XID octets and raw PDU
 * are `subarray` views of the input, never copies (the last two made when asked for).
 */
import {
  PayloadDirection,
  PduType,
  X2X3_LENGTH_PREFIX,
  X2X3_MAJOR_VERSION,
  X2X3_MANDATORY_HEADER_LENGTH,
} from './constants.ts';
import { readAttributes } from './attribute-read.ts';
import { X2X3DecodeError } from './errors.ts';
import { formatUuid } from './text.ts';
import type { DecodedX2X3Pdu, X2X3Attribute } from './types.ts';

// Module-local copies of imported constants: under tsx, imported bindings are getters, and this
// is the per-PDU path.
const X2 = PduType.X2;
const KEEPALIVE_ACK = PduType.KeepaliveAcknowledgement;
const KEEPALIVE = PduType.Keepalive;
const MAX_DIRECTION = PayloadDirection.NotApplicable;
const PREFIX = X2X3_LENGTH_PREFIX;
const MAJOR = X2X3_MAJOR_VERSION;
const MANDATORY = X2X3_MANDATORY_HEADER_LENGTH;

/** What the first 12 octets of a PDU say (enough to frame it). */
export interface X2X3LengthPrefix {
  version: number;
  pduType: number;
  headerLength: number;
  payloadLength: number;
  /** headerLength + payloadLength. */
  totalLength: number;
}

/**
 * Reads and checks the 12-octet prefix at `offset` (Version, PDU Type, Header Length, Payload
 * Length) so a stream reader knows the PDU's size before buffering it. `base` is added to offsets
 * in error details. Throws X2X3_BAD_VERSION / X2X3_BAD_PDU_TYPE / X2X3_BAD_LENGTH / X2X3_BAD_KEEPALIVE.
 */
export function readX2X3LengthPrefix(view: DataView, offset: number, base = offset): X2X3LengthPrefix {
  const totalLength = checkX2X3LengthPrefix(view, offset, base);
  return { version: view.getUint16(offset), pduType: view.getUint16(offset + 2), headerLength: view.getUint32(offset + 4), payloadLength: view.getUint32(offset + 8), totalLength };
}

/**
 * The checks of readX2X3LengthPrefix without the object: returns Header Length + Payload Length.
 * The framer's per-PDU path calls this and decodeFramedX2X3Pdu reads the fields again from the view.
 */
export function checkX2X3LengthPrefix(view: DataView, offset: number, base = offset): number {
  const version = view.getUint16(offset);
  if (version >> 8 !== MAJOR) {
    throw new X2X3DecodeError('X2X3_BAD_VERSION', `X2/X3 major version ${version >> 8} (Version ${version}) is not 0 (§5.2.1)`, {
      details: { version, offset: base },
    });
  }
  const pduType = view.getUint16(offset + 2);
  if (pduType < X2 || pduType > KEEPALIVE_ACK) {
    throw new X2X3DecodeError('X2X3_BAD_PDU_TYPE', `PDU Type ${pduType} is not in Table 2 (§5.2.2)`, {
      details: { pduType, offset: base + 2 },
    });
  }
  const headerLength = view.getUint32(offset + 4);
  if (headerLength < MANDATORY) {
    throw new X2X3DecodeError('X2X3_BAD_LENGTH', `Header Length ${headerLength} is below 40 (§5.2.3)`, {
      details: { headerLength, offset: base + 4 },
    });
  }
  const payloadLength = view.getUint32(offset + 8);
  if (payloadLength !== 0 && (pduType === KEEPALIVE || pduType === KEEPALIVE_ACK)) {
    throw new X2X3DecodeError('X2X3_BAD_KEEPALIVE', `keepalive PDU with Payload Length ${payloadLength} (§5.2.4)`, {
      details: { payloadLength, offset: base + 8 },
    });
  }
  return headerLength + payloadLength;
}

function truncated(have: number, need: number, offset: number): X2X3DecodeError {
  return new X2X3DecodeError('X2X3_TRUNCATED', `X2/X3 PDU truncated: ${have} octets, needs ${need}`, {
    details: { have, need, offset },
  });
}

// Caches: a connection carries long runs of PDUs with the same XID and Correlation ID — or, with many
// tasks, PDUs of a few hundred XIDs interleaved — so re-using a text/bigint saves a string build and a
// BigInt allocation per PDU, and the same XID string (its hash computed once) is what every per-XID
// map lookup downstream gets.
const XID_SLOTS = 256;
const xidWords = new Uint32Array(XID_SLOTS * 4);
const xidTexts: (string | undefined)[] = new Array<string | undefined>(XID_SLOTS).fill(undefined);
let cachedCorrelationHi = 0;
let cachedCorrelationLo = 0;
let cachedCorrelation = 0n;

/** The XID at `o` as text: from a direct-mapped cache of XID_SLOTS entries keyed by its four words. */
function readXid(bytes: Uint8Array, view: DataView, o: number): string {
  const a = view.getUint32(o);
  const b = view.getUint32(o + 4);
  const c = view.getUint32(o + 8);
  const d = view.getUint32(o + 12);
  const slot = (Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35), 0x27d4eb2f) >>> 24) & (XID_SLOTS - 1);
  const w = slot * 4;
  const cached = xidTexts[slot];
  if (cached !== undefined && xidWords[w] === a && xidWords[w + 1] === b && xidWords[w + 2] === c && xidWords[w + 3] === d) return cached;
  const text = formatUuid(bytes, o);
  xidWords[w] = a;
  xidWords[w + 1] = b;
  xidWords[w + 2] = c;
  xidWords[w + 3] = d;
  xidTexts[slot] = text;
  return text;
}

function readCorrelationId(view: DataView, o: number): bigint {
  const hi = view.getUint32(o);
  const lo = view.getUint32(o + 4);
  if (hi !== cachedCorrelationHi || lo !== cachedCorrelationLo) {
    cachedCorrelation = view.getBigUint64(o);
    cachedCorrelationHi = hi;
    cachedCorrelationLo = lo;
  }
  return cachedCorrelation;
}

/**
 * A decoded PDU. `raw` and `xidBytes` are made when asked for: the MDF's per-PDU path reads neither,
 * and two views fewer per PDU are two allocations fewer on the X2/X3 hot path (docs/performance.md
 * "Line rate"). Both are views of the same input octets as before (no copy).
 */
class FramedX2X3Pdu implements DecodedX2X3Pdu {
  readonly #bytes: Uint8Array;
  readonly #start: number;
  constructor(
    bytes: Uint8Array,
    start: number,
    public version: number,
    public pduType: PduType,
    public payloadFormat: number,
    public payloadDirection: PayloadDirection,
    public xid: string,
    public correlationId: bigint,
    public attributes: X2X3Attribute[],
    public payload: Uint8Array,
    public headerLength: number,
    public payloadLength: number,
  ) {
    this.#bytes = bytes;
    this.#start = start;
  }

  get xidBytes(): Uint8Array {
    return this.#bytes.subarray(this.#start + 16, this.#start + 32);
  }

  get raw(): Uint8Array {
    return this.#bytes.subarray(this.#start, this.#start + this.headerLength + this.payloadLength);
  }
}

/**
 * Decodes the PDU at `start` of `bytes` (its length prefix at the same offset of `view`). The caller
 * has checked the prefix (checkX2X3LengthPrefix) and that all its octets are present.
 */
export function decodeFramedX2X3Pdu(bytes: Uint8Array, view: DataView, start: number): DecodedX2X3Pdu {
  const payloadDirection = view.getUint16(start + 14);
  if (payloadDirection > MAX_DIRECTION) {
    throw new X2X3DecodeError('X2X3_BAD_DIRECTION', `Payload Direction ${payloadDirection} is not in Table 3 (§5.2.6)`, {
      details: { payloadDirection, offset: 14 },
    });
  }
  const headerLength = view.getUint32(start + 4);
  const payloadLength = view.getUint32(start + 8);
  const headerEnd = start + headerLength;
  const attributes = readAttributes(bytes, view, start, headerEnd);
  return new FramedX2X3Pdu(
    bytes,
    start,
    view.getUint16(start),
    view.getUint16(start + 2) as PduType,
    view.getUint16(start + 12),
    payloadDirection as PayloadDirection,
    readXid(bytes, view, start + 16),
    readCorrelationId(view, start + 32),
    attributes,
    bytes.subarray(headerEnd, headerEnd + payloadLength),
    headerLength,
    payloadLength,
  );
}

/**
 * Decodes exactly one PDU that fills `bytes`. Throws X2X3DecodeError: X2X3_TRUNCATED if bytes are
 * missing, X2X3_TRAILING_BYTES if more follow (a stream needs `X2X3Framer`), or a header/attribute code.
 */
export function decodeX2X3Pdu(bytes: Uint8Array): DecodedX2X3Pdu {
  if (bytes.length < MANDATORY) {
    // Check the prefix first where present, so a garbage stream reports what is wrong with it.
    if (bytes.length >= PREFIX) {
      readX2X3LengthPrefix(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
    }
    throw truncated(bytes.length, MANDATORY, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = readX2X3LengthPrefix(view, 0);
  if (bytes.length < prefix.totalLength) throw truncated(bytes.length, prefix.totalLength, 0);
  if (bytes.length > prefix.totalLength) {
    throw new X2X3DecodeError('X2X3_TRAILING_BYTES', `${bytes.length - prefix.totalLength} octets follow the PDU`, {
      details: { pduLength: prefix.totalLength, have: bytes.length },
    });
  }
  return decodeFramedX2X3Pdu(bytes, view, 0);
}

/**
 * Decodes every PDU of a buffer holding whole PDUs back to back (e.g. one file, one TCP payload).
 * Throws X2X3_TRUNCATED if the last PDU is incomplete.
 */
export function decodeX2X3Pdus(bytes: Uint8Array): DecodedX2X3Pdu[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: DecodedX2X3Pdu[] = [];
  let o = 0;
  while (o < bytes.length) {
    const left = bytes.length - o;
    if (left < PREFIX) throw truncated(left, MANDATORY, o);
    const prefix = readX2X3LengthPrefix(view, o);
    if (left < prefix.totalLength) throw truncated(left, prefix.totalLength, o);
    out.push(decodeFramedX2X3Pdu(bytes, view, o));
    o += prefix.totalLength;
  }
  return out;
}
