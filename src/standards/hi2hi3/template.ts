/**
 * Hot-path PS-PDU encoder for mediation. Per task the constant part of the PSHeader (domain ID,
 * LIID, authorization country, CID = NID + CIN + DCC, interception point, TS 102 232-1 §5.2.2-5.2.4)
 * is encoded once; per PDU only the sequence number (§5.2.5), timestamp (§5.2.6) and payload are
 * written, straight into one output buffer. The bytes equal those of the generic encodePsPdu (tested).
 */
import { encodeBer, encodeGeneralizedTime, encodeInteger, encodeRelativeOid, lengthLength, writeLength, type BerNode } from '../ber/index.ts';
import { checkRange, encodeFail } from './ber-util.ts';
import { microSecondTimeStampNode } from './codec-common.ts';
import { headerPrefixNodes, headerTailNodes } from './codec-header.ts';
import { IP_CC_OBJ_ID, IPMM_CC_OBJ_ID } from './constants.ts';
import { payloadNode } from './pdu.ts';
import type { MicroSecondTimeStamp, Payload, PSHeader } from './types.ts';

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
const enc = (nodes: BerNode[]): Uint8Array => concat(nodes.map((n) => encodeBer(n)));
const enumTlv = (tag: number, v: number): Uint8Array => concat([Uint8Array.of(0x80 | tag), Uint8Array.of(encodeInteger(v).length), encodeInteger(v)]);

/** GeneralizedTime contents for a millisecond time, as the generic encoder writes them (DER: trailing zeros dropped). */
class TimeCache {
  private second = NaN;
  private prefix: Uint8Array = EMPTY;
  bytes(time: number): Uint8Array {
    // A Date holds whole milliseconds (ECMA-262 TimeClip truncates): so does the generic encoder.
    const ms = Math.trunc(time);
    const sec = Math.floor(ms / 1000);
    if (ms < 0 || !Number.isFinite(ms)) return encodeGeneralizedTime(new Date(ms));
    if (sec !== this.second) {
      this.second = sec;
      const full = encodeGeneralizedTime(new Date(sec * 1000)); // YYYYMMDDHHMMSSZ
      this.prefix = full.subarray(0, full.length - 1);
    }
    const frac = ms - sec * 1000;
    if (frac === 0) return concat([this.prefix, Uint8Array.of(0x5a)]);
    let digits = String(frac).padStart(3, '0').replace(/0+$/, '');
    digits = `.${digits}Z`;
    const out = new Uint8Array(this.prefix.length + digits.length);
    out.set(this.prefix, 0);
    for (let i = 0; i < digits.length; i++) out[this.prefix.length + i] = digits.charCodeAt(i);
    return out;
  }
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
    const after: Uint8Array[] = [];
    if (options.frameType !== undefined) after.push(enumTlv(2, options.frameType));
    if (options.streamIdentifier) after.push(enc([{ cls: 2, tag: 3, value: options.streamIdentifier }]));
    if (options.mMCCprotocol !== undefined) after.push(enumTlv(4, options.mMCCprotocol));
    return this.write(
      sequenceNumber,
      timeStamp,
      undefined,
      [...this.ccLayers(options), { tag: 0xac, before: this.ipmmccObjId, after: concat(after) }],
      { tag: 0x81, leaf: packet },
    );
  }

  /** CC as a TS 33.128 CCPayload carried opaque in threeGPP33128DefinedCC [23]. */
  encode33128CC(sequenceNumber: number, timeStamp: TimeInput, ccPayloadBer: Uint8Array, options: FastCCOptions = {}): Uint8Array {
    return this.write(sequenceNumber, timeStamp, undefined, this.ccLayers(options), { tag: 0x97, leaf: ccPayloadBer });
  }

  /** IRI as a TS 33.128 IRIPayload carried opaque in threeGPP33128DefinedIRI [19]. */
  encode33128IRI(sequenceNumber: number, timeStamp: TimeInput, iRIType: number | undefined, iriPayloadBer: Uint8Array, iriTimeStamp?: TimeInput): Uint8Array {
    const before: Uint8Array[] = [];
    if (iRIType !== undefined) before.push(enumTlv(0, iRIType));
    if (iriTimeStamp !== undefined) before.push(this.timeTlv(0x81, iriTimeStamp));
    return this.write(sequenceNumber, timeStamp, undefined, [{ tag: 0xa2 }, { tag: 0xa0 }, { tag: 0x30, before: concat(before) }, { tag: 0xa2 }], {
      tag: 0x93,
      leaf: iriPayloadBer,
    });
  }

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
    const ts = timeStamp === undefined ? EMPTY : this.timeTlv(0x85, timeStamp);
    const microBytes = micro ? enc([microSecondTimeStampNode(7, micro)]) : EMPTY;
    const headerContent = this.prefix.length + 2 + seqLen + ts.length + this.beforeMicro.length + microBytes.length + this.afterMicro.length;
    const headerTlv = 1 + lengthLength(headerContent) + headerContent;

    // Sizes inside-out.
    const leafSize = leaf.tag === 0 ? leaf.leaf.length : 1 + lengthLength(leaf.leaf.length) + leaf.leaf.length;
    const contentLens = new Array<number>(layers.length);
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
    const out = new Uint8Array(total);

    out[0] = 0x30;
    let p = writeLength(out, 1, pduContent);
    out[p++] = 0xa1;
    p = writeLength(out, p, headerContent);
    out.set(this.prefix, p);
    p += this.prefix.length;
    out[p++] = 0x84;
    out[p++] = seqLen;
    for (let i = seqLen - 1; i >= 0; i--) out[p++] = Math.floor(seq / 256 ** i) & 0xff;
    out.set(ts, p);
    p += ts.length;
    out.set(this.beforeMicro, p);
    p += this.beforeMicro.length;
    out.set(microBytes, p);
    p += microBytes.length;
    out.set(this.afterMicro, p);
    p += this.afterMicro.length;

    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      out[p++] = l.tag;
      p = writeLength(out, p, contentLens[i]!);
      if (l.before) {
        out.set(l.before, p);
        p += l.before.length;
      }
    }
    if (leaf.tag !== 0) {
      out[p++] = leaf.tag;
      p = writeLength(out, p, leaf.leaf.length);
    }
    out.set(leaf.leaf, p);
    p += leaf.leaf.length;
    for (let i = layers.length - 1; i >= 0; i--) {
      const a = layers[i]!.after;
      if (a) {
        out.set(a, p);
        p += a.length;
      }
    }
    if (p !== total) throw encodeFail('internal size mismatch in the PS-PDU template');
    return out;
  }
}
