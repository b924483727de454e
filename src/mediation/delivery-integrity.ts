/**
 * The Annex J integrity chains over what the MDF delivers (TS 102 232-1 Annex J): per destination,
 * LIID, network element, CIN and data type, a Hash check every `hashEvery` data PDUs or
 * `hashIntervalMs`, a Signature after every 10 Hash PDUs, when a chain with unsigned Hashes has been
 * idle that long, and at the chain's end. Integrity PDUs go into the same outbox, right behind the
 * data they cover, and are released with it.
 */
import type { KeyObject } from 'node:crypto';
import { DataType, decodePsPdu, IntegrityChain, type IntegrityCheck } from '../standards/hi2hi3/index.ts';
import { IntegrityPduEncoder, type IntegrityPduHeader } from '../standards/hi2hi3/integrity-pdu.ts';
import type { ConvertedRecord } from './convert.ts';
import { sequenceKey, type SequenceStore } from './sequence-store.ts';

export interface IntegrityOptions {
  /** MDF's signing key for Annex J Signature checks (Ed25519 or ECDSA); optional. */
  integrityKey?: KeyObject;
  hashEvery?: number;
  hashIntervalMs?: number;
  sequences?: SequenceStore;
  /** Appends an integrity PDU to the destination's outbox. */
  append: (did: string, bytes: Uint8Array) => void;
}

interface ChainState {
  chain: IntegrityChain;
  header: IntegrityPduHeader;
  /** Built at the chain's first integrity PDU: the header's constant octets, encoded once. */
  encoder: IntegrityPduEncoder | undefined;
  /** What identifies the chain (Annex J.1) as the records carry it: compared with the next record. */
  liid: string;
  operator: string;
  ne: string;
  cin: number;
  dataType: number;
  hashSeq: number;
  /** The persisted counter of this chain's integrity PDUs (Annex J.1: each Chain has its own). */
  hashKey: string;
  lastHashAt: number;
  did: string;
}

export class IntegrityChains {
  /**
   * Per destination, by the record's counter key (sequence-store.ts: LIID, operator, NE, CIN and IRI
   * or CC — the chain's identity, Annex J.1, with the data type the channel gives): the record carries
   * that string already, so interleaved calls and LIIDs find their chain without building a key.
   */
  private readonly chains = new Map<string, Map<string, ChainState>>();
  /** The chain of the last record: consecutive records of one call find it without a key string. */
  private last: ChainState | undefined;

  constructor(private readonly o: IntegrityOptions) {}

  /** A data record was appended to `did`'s outbox. */
  track(did: string, rec: ConvertedRecord): void {
    const dataType = rec.channel === 'HI2' ? DataType.iRI : DataType.cC;
    let st = this.last;
    if (!st || st.did !== did || st.liid !== rec.liid || st.cin !== rec.cin || st.ne !== rec.ne || st.operator !== rec.operator || st.dataType !== dataType) {
      st = this.chainOf(did, rec, dataType);
      this.last = st;
    }
    st.chain.dataSent(rec.sequenceNumber, rec.bytes);
    if (st.chain.unhashedCount >= (this.o.hashEvery ?? 100)) this.emit(st);
  }

  private chainOf(did: string, rec: ConvertedRecord, dataType: number): ChainState {
    let ofDid = this.chains.get(did);
    if (!ofDid) this.chains.set(did, (ofDid = new Map<string, ChainState>()));
    let st = ofDid.get(rec.sequenceKey);
    if (!st) {
      // The chain is identified by the PSHeader of the data PDU (Annex J.1): decode it once per chain.
      const { sequenceNumber: _s, timeStamp: _t, ...header } = decodePsPdu(rec.bytes).pSHeader;
      // After a restart the chain is new (its unhashed tail died with the process) but its integrity
      // PDUs continue the persisted numbering, so no number of the chain is used twice.
      const hashKey = sequenceKey(rec.liid, rec.operator, rec.ne, rec.cin, rec.channel === 'HI2' ? 'J-IRI' : 'J-CC');
      st = { chain: new IntegrityChain(dataType), header, encoder: undefined, liid: rec.liid, operator: rec.operator, ne: rec.ne, cin: rec.cin, dataType, hashSeq: this.o.sequences?.get(hashKey) ?? 0, hashKey, lastHashAt: Date.now(), did };
      ofDid.set(rec.sequenceKey, st);
    }
    return st;
  }

  /**
   * A Hash over the chain's unhashed tail; a Signature after 10 Hash PDUs, or with `sign` over any
   * unsigned ones (idle chain, chain end): a Hash PDU never signed would leave the LEMF waiting for a
   * Signature that never comes.
   */
  private emit(st: ChainState, sign = false): void {
    const check = st.chain.takeHash();
    st.lastHashAt = Date.now();
    if (!check && !sign) return;
    if (check) {
      const seq = st.hashSeq++;
      const bytes = integrityPdu(st, seq, check);
      this.o.append(st.did, bytes);
      st.chain.hashSent(seq, bytes);
    }
    const unsigned = st.chain.unsignedCount;
    if (this.o.integrityKey && (unsigned >= 10 || (sign && unsigned > 0))) {
      const sig = st.chain.takeSignature(this.o.integrityKey);
      if (sig) this.o.append(st.did, integrityPdu(st, st.hashSeq++, sig));
    }
    this.o.sequences?.set(st.hashKey, st.hashSeq);
  }

  /** Chains idle for `hashIntervalMs` get their Hash (and Signature). */
  periodic(): void {
    const now = Date.now();
    const interval = this.o.hashIntervalMs ?? 5000;
    for (const ofDid of this.chains.values()) {
      for (const st of ofDid.values()) {
        if (now - st.lastHashAt < interval) continue;
        if (st.chain.unhashedCount > 0) this.emit(st);
        else if (this.o.integrityKey && st.chain.unsignedCount > 0) this.emit(st, true);
      }
    }
  }

  /** Ends the chains of a LIID (deactivation, expiry) with a final Hash and Signature. */
  closeLiid(liid: string): void {
    for (const ofDid of this.chains.values()) {
      for (const [k, st] of ofDid) {
        if (st.header.lawfulInterceptionIdentifier !== liid) continue;
        this.emit(st, true);
        ofDid.delete(k);
        if (this.last === st) this.last = undefined;
      }
    }
  }

  /** Closes every chain's tail (flush, stop): delivered from the outbox, after a restart if need be. */
  closeAll(): void {
    for (const ofDid of this.chains.values()) for (const st of ofDid.values()) if (st.chain.unhashedCount > 0 || st.chain.unsignedCount > 0) this.emit(st, true);
  }

  /** A destination is gone: its chains go with it. */
  forgetDestination(did: string): void {
    this.chains.delete(did);
    if (this.last?.did === did) this.last = undefined;
  }
}

/**
 * A TRI IntegrityCheck PS-PDU of a chain (Annex J), numbered in the chain's own sequence: the data
 * PDU's header with its own number and time, the octets of encodePsPdu (integrity-pdu.test.ts).
 */
function integrityPdu(st: ChainState, sequenceNumber: number, check: IntegrityCheck): Uint8Array {
  st.encoder ??= new IntegrityPduEncoder(st.header);
  return st.encoder.encode(sequenceNumber, new Date(), check);
}
