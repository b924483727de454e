/**
 * Hot-path PS-PDU encoder for mediation. Per task the constant part of the PSHeader (domain ID,
 * LIID, authorization country, CID = NID + CIN + DCC, interception point, TS 102 232-1 §5.2.2-5.2.4)
 * is encoded once; per PDU only the sequence number (§5.2.5), timestamp (§5.2.6) and payload are
 * written, straight into one output buffer. The bytes equal those of the generic encodePsPdu (tested).
 */
import { encodeBer, encodeGeneralizedTime, encodeInteger, encodeRelativeOid, lengthLength as berLengthLength, writeLength as berWriteLength, type BerNode } from '../ber/index.ts';
import { checkRange as importedCheckRange, encodeFail } from './ber-util.ts';
import { ipAddressNode, microSecondTimeStampNode } from './codec-common.ts';
import { headerPrefixNodes, headerTailNodes } from './codec-header.ts';
import { IP_CC_OBJ_ID, IPMM_CC_OBJ_ID, IPMM_IRI_OBJ_ID } from './constants.ts';
import { payloadNode } from './pdu.ts';
import type { IPAddress, MicroSecondTimeStamp, Payload, PSHeader } from './types.ts';

// Module-local copies of the functions called per PDU: under tsx an imported binding is a getter
// (through ber/index.ts's re-export, two), and in a profile of this encoder alone they took a third
// of its time.
const lengthLength = berLengthLength;
const writeLength = berWriteLength;
const checkRange = importedCheckRange;

/** The PSHeader fields that stay constant for every PDU of one task and sequence number context. */
export type PsHeaderConstants = Omit<PSHeader, 'sequenceNumber' | 'timeStamp' | 'microSecondTimeStamp'>;

/** A time as a Date or milliseconds since the epoch; undefined leaves PSHeader.timeStamp out. */
export type TimeInput = Date | number | undefined;

/** One constructed level: identifier octet, constant contents before and after the inner part. */
interface Layer {
  tag: number;
  before?: Uint8Array;
  after?: Uint8Array;
}

const EMPTY: Uint8Array = new Uint8Array(0);
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
/** The BER encodings of `nodes`, back to back (constant parts of a template; integrity-pdu.ts too). */
export const encodeNodes = (nodes: BerNode[]): Uint8Array => concat(nodes.map((n) => encodeBer(n)));
const enc = encodeNodes;
const enumTlvOf = (tag: number, v: number): Uint8Array => concat([Uint8Array.of(0x80 | tag), Uint8Array.of(encodeInteger(v).length), encodeInteger(v)]);
/** [tag] ENUMERATED TLVs of the small values (IRIType, directions, frame types), built once; read only. */
const ENUM_TLVS: Uint8Array[][] = Array.from({ length: 8 }, (_, tag) => Array.from({ length: 32 }, (_, v) => enumTlvOf(tag, v)));
const enumTlv = (tag: number, v: number): Uint8Array => (tag < 8 && Number.isInteger(v) && v >= 0 && v < 32 ? ENUM_TLVS[tag]![v]! : enumTlvOf(tag, v));

/**
 * GeneralizedTime contents for a millisecond time, as the generic encoder writes them (DER: trailing
 * zeros of the fraction dropped). The last millisecond's contents are kept (consecutive records of a
 * stream share it); within the same second only the fraction is written, arithmetically.
 */
class TimeCache {
  private second = NaN;
  private prefix: Uint8Array = EMPTY;
  private lastMs = NaN;
  private last: Uint8Array = EMPTY;
  bytes(time: number): Uint8Array {
    // A Date holds whole milliseconds (ECMA-262 TimeClip truncates): so does the generic encoder.
    const ms = Math.trunc(time);
    if (ms === this.lastMs) return this.last;
    if (ms < 0 || !Number.isFinite(ms)) return encodeGeneralizedTime(new Date(ms));
    const sec = Math.floor(ms / 1000);
    if (sec !== this.second) {
      this.second = sec;
      const full = encodeGeneralizedTime(new Date(sec * 1000)); // YYYYMMDDHHMMSSZ
      this.prefix = full.subarray(0, full.length - 1);
    }
    const frac = ms - sec * 1000;
    // ".d", ".dd" or ".ddd": the fraction's digits without trailing zeros (X.690 §11.7.3).
    const digits = frac === 0 ? 0 : frac % 100 === 0 ? 1 : frac % 10 === 0 ? 2 : 3;
    const n = this.prefix.length;
    const out = new Uint8Array(n + (digits === 0 ? 0 : 1 + digits) + 1);
    out.set(this.prefix, 0);
    let o = n;
    if (digits > 0) {
      out[o++] = 0x2e;
      out[o++] = 0x30 + Math.floor(frac / 100);
      if (digits > 1) out[o++] = 0x30 + (Math.floor(frac / 10) % 10);
      if (digits > 2) out[o++] = 0x30 + (frac % 10);
    }
    out[o] = 0x5a;
    this.lastMs = ms;
    this.last = out;
    return out;
  }
}

/**
 * Output slabs. Each PS-PDU is a view of a shared slab instead of a buffer of its own: one native
 * allocation per ~200 records rather than one per record (an ArrayBuffer per PDU, off the V8 heap,
 * cost about as much as the encoding itself). A slab is never reused: when one is full a new one is
 * allocated, and the old one is freed by the GC once no record views it any more, so a record's bytes
 * never change after it is returned. A record's `.buffer` holds other records too: code that keeps or
 * sends a record uses the view (offset and length), never the whole `.buffer`. PDUs larger than
 * SLAB_MAX_RECORD get their own buffer, so one big record never pins a slab.
 */
const SLAB_SIZE = 64 * 1024;
const SLAB_MAX_RECORD = 4096;
let slab = new Uint8Array(0);
let slabUsed = 0;

function allocate(n: number): Uint8Array {
  if (n > SLAB_MAX_RECORD) return new Uint8Array(n);
  if (slab.length - slabUsed < n) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  // The constructor, not subarray (which looks up Symbol.species): a tenth of this encoder's time.
  const out = new Uint8Array(slab.buffer, slabUsed, n);
  slabUsed += n;
  return out;
}

/** Options of the CC fast paths: CCPayload fields other than cCContents. */
export interface FastCCOptions {
  payloadDirection?: number;
  /** CCPayload.timeStamp, for aggregated payloads only (§6.2.3). */
  ccTimeStamp?: TimeInput;
  microSecondTimeStamp?: MicroSecondTimeStamp;
}

export interface FastIPMMCCOptions extends FastCCOptions {
  frameType?: number;
  streamIdentifier?: Uint8Array;
  mMCCprotocol?: number;
}

export class PsPduTemplate {
  private readonly prefix: Uint8Array;
  private readonly beforeMicro: Uint8Array;
  private readonly afterMicro: Uint8Array;
  private readonly times = new TimeCache();
  private readonly ipccObjId = enc([{ cls: 2, tag: 0, value: encodeRelativeOid(IP_CC_OBJ_ID) }]);
  /** IPCC layers of the common case (see simpleCcLayers), by payloadDirection. */
  private readonly simpleIpccLayers = new Map<number | undefined, Layer[]>();
  private readonly ipmmccObjId = enc([{ cls: 2, tag: 0, value: encodeRelativeOid(IPMM_CC_OBJ_ID) }]);
  private readonly ipmmiriObjId = enc([{ cls: 2, tag: 0, value: encodeRelativeOid(IPMM_IRI_OBJ_ID) }]);
  /** IPMMCC layers of the common case, by smallKey(payloadDirection, frameType, mMCCprotocol). */
  private readonly simpleIpmmccLayers = new Map<number, Layer[]>();
  /** write()'s per-layer content lengths (layers are at most 7 deep). */
  private readonly lens = new Float64Array(8);

  constructor(constants: PsHeaderConstants) {
    this.prefix = enc(headerPrefixNodes(constants));
    const tail = headerTailNodes(constants);
    this.beforeMicro = enc(tail.beforeMicro);
    this.afterMicro = enc(tail.afterMicro);
  }

  /** Any payload: the payload goes through the generic tree encoder, the header is patched. */
  encode(sequenceNumber: number, timeStamp: TimeInput, payload: Payload, microSecondTimeStamp?: MicroSecondTimeStamp): Uint8Array {
    const p = encodeBer(payloadNode(payload));
    return this.write(sequenceNumber, timeStamp, microSecondTimeStamp, [], { tag: 0, leaf: p });
  }

  /** CC of IP access: `cCPayloadSequence { CCPayload { payloadDirection, cCContents iPCC { iPPackets } } }` (TS 102 232-3). */
  encodeIPCC(sequenceNumber: number, timeStamp: TimeInput, packet: Uint8Array, options: FastCCOptions = {}): Uint8Array {
    const simple = options.ccTimeStamp === undefined && options.microSecondTimeStamp === undefined;
    let layers = simple ? this.simpleIpccLayers.get(options.payloadDirection) : undefined;
    if (!layers) {
      layers = [...this.ccLayers(options), { tag: 0xa2, before: this.ipccObjId }, { tag: 0xa1 }];
      if (simple && this.simpleIpccLayers.size < 16) this.simpleIpccLayers.set(options.payloadDirection, layers);
    }
    return this.write(sequenceNumber, timeStamp, undefined, layers, { tag: 0x80, leaf: packet });
  }

  /** CC of IP multimedia: one RTP/RTCP/MSRP/UDPTL packet in iPMMCC [12] (TS 102 232-5 §5.5). */
  encodeIPMMCC(sequenceNumber: number, timeStamp: TimeInput, packet: Uint8Array, options: FastIPMMCCOptions = {}): Uint8Array {
    // The common case (no stream identifier, no CC timestamps): layers built once per combination.
    const simple = options.streamIdentifier === undefined && options.ccTimeStamp === undefined && options.microSecondTimeStamp === undefined;
    const key = simple ? smallKey(options.payloadDirection, options.frameType, options.mMCCprotocol) : -1;
    let layers = key >= 0 ? this.simpleIpmmccLayers.get(key) : undefined;
    if (!layers) {
      const after: Uint8Array[] = [];
      if (options.frameType !== undefined) after.push(enumTlv(2, options.frameType));
      if (options.streamIdentifier) after.push(enc([{ cls: 2, tag: 3, value: options.streamIdentifier }]));
      if (options.mMCCprotocol !== undefined) after.push(enumTlv(4, options.mMCCprotocol));
      layers = [...this.ccLayers(options), { tag: 0xac, before: this.ipmmccObjId, after: concat(after) }];
      if (key >= 0 && this.simpleIpmmccLayers.size < 64) this.simpleIpmmccLayers.set(key, layers);
    }
    return this.write(sequenceNumber, timeStamp, undefined, layers, { tag: 0x81, leaf: packet });
  }

  /** CC as a TS 33.128 CCPayload carried opaque in threeGPP33128DefinedCC [23]. */
  encode33128CC(sequenceNumber: number, timeStamp: TimeInput, ccPayloadBer: Uint8Array, options: FastCCOptions = {}): Uint8Array {
    return this.write(sequenceNumber, timeStamp, undefined, this.ccLayers(options), { tag: 0x97, leaf: ccPayloadBer });
  }

  /** IRI as a TS 33.128 IRIPayload carried opaque in threeGPP33128DefinedIRI [19]. */
  encode33128IRI(sequenceNumber: number, timeStamp: TimeInput, iRIType: number | undefined, iriPayloadBer: Uint8Array, iriTimeStamp?: TimeInput): Uint8Array {
    return this.write(sequenceNumber, timeStamp, undefined, [{ tag: 0xa2 }, { tag: 0xa0 }, { tag: 0x30, before: this.iriHead(iRIType, iriTimeStamp) }, { tag: 0xa2 }], {
      tag: 0x93,
      leaf: iriPayloadBer,
    });
  }

  /**
   * IRI of IP multimedia: one SIP message, `iRIPayloadSequence { IRIPayload { iRIType, timeStamp,
   * iRIContents iPMMIRI [11] { iPMMIRIObjId, iPMMIRIContents sIPMessage [1] { iPSourceAddress,
   * iPDestinationAddress, sIPContent } } } }` (TS 102 232-5 §5.2). The two addresses are encoded by
   * the generic IPAddress encoder and kept while the next record has the same ones (a call's do).
   */
  encodeSipIRI(sequenceNumber: number, timeStamp: TimeInput, iRIType: number | undefined, iriTimeStamp: TimeInput, source: IPAddress, destination: IPAddress, sip: Uint8Array): Uint8Array {
    const k = this.sipKey;
    if (!(k !== undefined && textAddress(source, k[0], k[1]) && textAddress(destination, k[2], k[3]))) {
      // Throws as the generic encoder does for an address it refuses (before anything is cached).
      this.sipAddresses = enc([ipAddressNode(0, source), ipAddressNode(1, destination)]);
      // Kept only for plain text addresses, as values (a caller may reuse its objects).
      this.sipKey =
        textAddress(source, source.iPType, textOf(source)) && textAddress(destination, destination.iPType, textOf(destination))
          ? [source.iPType, textOf(source), destination.iPType, textOf(destination)]
          : undefined;
    }
    // The per-record parts of the layers are set on one array (write() reads it and keeps nothing).
    const layers = this.sipLayers;
    layers[2]!.before = this.iriHead(iRIType, iriTimeStamp);
    layers[6]!.before = this.sipAddresses;
    return this.write(sequenceNumber, timeStamp, undefined, layers, { tag: 0x82, leaf: sip });
  }

  private readonly sipLayers: Layer[] = [{ tag: 0xa2 }, { tag: 0xa0 }, { tag: 0x30 }, { tag: 0xa2 }, { tag: 0xab, before: this.ipmmiriObjId }, { tag: 0xa1 }, { tag: 0xa1 }];

  /** IRIPayload's iRIType [0] and timeStamp [1] TLVs, in one array. */
  private iriHead(iRIType: number | undefined, iriTimeStamp: TimeInput): Uint8Array {
    const type = iRIType === undefined ? EMPTY : enumTlv(0, iRIType);
    if (iriTimeStamp === undefined) return type;
    const tv = this.times.bytes(typeof iriTimeStamp === 'number' ? iriTimeStamp : iriTimeStamp.getTime());
    const out = new Uint8Array(type.length + 2 + tv.length);
    out.set(type, 0);
    out[type.length] = 0x81;
    out[type.length + 1] = tv.length;
    out.set(tv, type.length + 2);
    return out;
  }

  /** iPType and text of the source and destination whose encoding sipAddresses holds. */
  private sipKey: [number, string, number, string] | undefined;
  private sipAddresses: Uint8Array = EMPTY;

  /** CC layers of the common case (a payloadDirection or none, no CC timestamps), built once. */
  private readonly simpleCcLayers = new Map<number | undefined, Layer[]>();

  private ccLayers(o: FastCCOptions): Layer[] {
    if (o.ccTimeStamp === undefined && o.microSecondTimeStamp === undefined) {
      let l = this.simpleCcLayers.get(o.payloadDirection);
      if (!l) {
        const before = o.payloadDirection === undefined ? EMPTY : enumTlv(0, o.payloadDirection);
        l = [{ tag: 0xa2 }, { tag: 0xa1 }, { tag: 0x30, before }, { tag: 0xa2 }];
        if (this.simpleCcLayers.size < 16) this.simpleCcLayers.set(o.payloadDirection, l);
      }
      return l;
    }
    const before: Uint8Array[] = [];
    if (o.payloadDirection !== undefined) before.push(enumTlv(0, o.payloadDirection));
    if (o.ccTimeStamp !== undefined) before.push(this.timeTlv(0x81, o.ccTimeStamp));
    const after = o.microSecondTimeStamp ? enc([microSecondTimeStampNode(3, o.microSecondTimeStamp)]) : EMPTY;
    // payload [2] { cCPayloadSequence [1] { CCPayload SEQUENCE { ..., cCContents [2] { alternative } , ... } } }
    return [{ tag: 0xa2 }, { tag: 0xa1 }, { tag: 0x30, before: concat(before), after }, { tag: 0xa2 }];
  }

  private timeTlv(identifier: number, t: Date | number): Uint8Array {
    const v = this.times.bytes(typeof t === 'number' ? t : t.getTime());
    return concat([Uint8Array.of(identifier, v.length), v]);
  }

  /**
   * Writes `SEQUENCE { [1] header, <payload layers> leaf }`. With `leaf.tag === 0` the leaf is a
   * complete encoding appended as is (the generic-payload case).
   */
  private write(seq: number, timeStamp: TimeInput, micro: MicroSecondTimeStamp | undefined, layers: Layer[], leaf: { tag: number; leaf: Uint8Array }): Uint8Array {
    checkRange(seq, 0, 0xffffffff, 'PSHeader.sequenceNumber');
    // [4] sequenceNumber: minimal two's complement, 1..5 octets (X.690 §8.3.2).
    const seqLen = seq < 0x80 ? 1 : seq < 0x8000 ? 2 : seq < 0x800000 ? 3 : seq < 0x80000000 ? 4 : 5;
    // [5] timeStamp: GeneralizedTime contents (at most 24 octets: a one-octet length).
    const tv = timeStamp === undefined ? undefined : this.times.bytes(typeof timeStamp === 'number' ? timeStamp : timeStamp.getTime());
    const tsLen = tv === undefined ? 0 : 2 + tv.length;
    const microBytes = micro ? enc([microSecondTimeStampNode(7, micro)]) : EMPTY;
    const headerContent = this.prefix.length + 2 + seqLen + tsLen + this.beforeMicro.length + microBytes.length + this.afterMicro.length;
    const headerTlv = 1 + lengthLength(headerContent) + headerContent;

    // Sizes inside-out.
    const leafSize = leaf.tag === 0 ? leaf.leaf.length : 1 + lengthLength(leaf.leaf.length) + leaf.leaf.length;
    const contentLens = layers.length <= this.lens.length ? this.lens : new Float64Array(layers.length);
    let inner = leafSize;
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i]!;
      const c = (l.before?.length ?? 0) + inner + (l.after?.length ?? 0);
      contentLens[i] = c;
      inner = 1 + lengthLength(c) + c;
    }
    const pduContent = headerTlv + inner;
    const total = 1 + lengthLength(pduContent) + pduContent;
    if (!Number.isSafeInteger(total)) throw encodeFail('PS-PDU too large');
    const out = allocate(total);

    out[0] = 0x30;
    let p = writeLength(out, 1, pduContent);
    out[p++] = 0xa1;
    p = writeLength(out, p, headerContent);
    p = put(out, this.prefix, p);
    out[p++] = 0x84;
    out[p++] = seqLen;
    // Big-endian; the fifth (leading) octet of a number >= 2^31 is 0.
    if (seqLen === 5) out[p++] = 0;
    for (let i = Math.min(seqLen, 4) - 1; i >= 0; i--) out[p++] = (seq >>> (8 * i)) & 0xff;
    if (tv !== undefined) {
      out[p++] = 0x85;
      out[p++] = tv.length;
      p = put(out, tv, p);
    }
    p = put(out, this.beforeMicro, p);
    p = put(out, microBytes, p);
    p = put(out, this.afterMicro, p);

    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      out[p++] = l.tag;
      p = writeLength(out, p, contentLens[i]!);
      if (l.before) p = put(out, l.before, p);
    }
    if (leaf.tag !== 0) {
      out[p++] = leaf.tag;
      p = writeLength(out, p, leaf.leaf.length);
    }
    p = put(out, leaf.leaf, p);
    for (let i = layers.length - 1; i >= 0; i--) {
      const a = layers[i]!.after;
      if (a) p = put(out, a, p);
    }
    if (p !== total) throw encodeFail('internal size mismatch in the PS-PDU template');
    return out;
  }
}

/**
 * Copies `src` into `out` at `p`; returns the offset after it. TypedArray#set costs about 20 ns even
 * for no octets, a loop over a few octets less: most parts written per record are short TLVs.
 */
function put(out: Uint8Array, src: Uint8Array, p: number): number {
  const n = src.length;
  if (n > 24) out.set(src, p);
  else for (let i = 0; i < n; i++) out[p + i] = src[i]!;
  return p + n;
}

/** Whether `a` is a text address of that type and text and nothing else (what the MDF sends). */
function textAddress(a: IPAddress, type: number, text: string): boolean {
  return (
    a.iPType === type && a.iPValue.kind === 'iPTextAddress' && a.iPValue.value === text &&
    a.iPAssignment === undefined && a.iPv6PrefixLength === undefined && a.iPv4SubnetMask === undefined && a.iPNATTranslated === undefined
  );
}

function textOf(a: IPAddress): string {
  return a.iPValue.kind === 'iPTextAddress' ? a.iPValue.value : '';
}

/** One number for up to three small optional codes (enumerations < 255), or -1 when one is larger. */
function smallKey(a: number | undefined, b: number | undefined, c: number | undefined): number {
  const f = (v: number | undefined) => (v === undefined ? 0 : Number.isInteger(v) && v >= 0 && v < 255 ? v + 1 : -1);
  const x = f(a);
  const y = f(b);
  const z = f(c);
  return x < 0 || y < 0 || z < 0 ? -1 : (x << 16) | (y << 8) | z;
}
