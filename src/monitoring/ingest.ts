/**
 * What happens to each PS-PDU the LEMF receives: its bytes are appended to the LIID's evidence file
 * first (byte for byte, before anything is interpreted), then it is decoded and indexed, its
 * sequence number checked per (LIID, CIN), and it is fed to the Annex J verifier, which gives a
 * verdict for every IntegrityCheck over the bytes as received (TS 102 232-1 Annex J).
 */
import { dataTypeOf, IntegrityVerifier, type PsPdu } from '../standards/hi2hi3/index.ts';
import type { KeyObject } from 'node:crypto';
import { decodeRecords } from './decode.ts';
import { MALFORMED_DIR, UNDECODABLE_DIR } from './evidence.ts';
import type { IntegrityWatermark } from './integrity-watermark.ts';
import { sequenceContextKey, type SequenceContextMode } from './sequence.ts';
import type { MonitoringStore } from './store.ts';
import type { Alarm, Channel, EvidenceRef, MonitoringRecord } from './types.ts';

export interface IngestCounters {
  pdus: Record<Channel, number>;
  bytes: Record<Channel, number>;
  keepalives: number;
  undecodable: number;
  malformedStreams: number;
  truncatedStreams: number;
  refusedPeers: number;
  wrongChannel: number;
  evidenceWriteFailures: number;
  /** PDUs received again after a reconnect (TS 102 232-1 §6.3.3 NOTE 2) and not stored twice. */
  resent: number;
}

export function newCounters(): IngestCounters {
  return {
    pdus: { HI2: 0, HI3: 0 },
    bytes: { HI2: 0, HI3: 0 },
    keepalives: 0,
    undecodable: 0,
    malformedStreams: 0,
    truncatedStreams: 0,
    refusedPeers: 0,
    wrongChannel: 0,
    evidenceWriteFailures: 0,
    resent: 0,
  };
}

export interface IngestOptions {
  store: MonitoringStore;
  integrityPublicKey?: KeyObject;
  maxHeldIntegrityPdus?: number;
  alarm: (a: Omit<Alarm, 'at'>) => void;
  now: () => Date;
  sequenceContext?: SequenceContextMode;
  /** Follows what the verifier holds by evidence position, for the next start's replay. */
  watermark?: IntegrityWatermark;
}

const FILE: Record<Channel, EvidenceRef['file']> = { HI2: 'hi2.ber', HI3: 'hi3.ber' };
/** PDUs the Annex J verifier holds at most awaiting a check (bounds memory on a hostile stream). */
export const DEFAULT_MAX_HELD_INTEGRITY_PDUS = 200_000;

export class PduIngest {
  readonly counters = newCounters();
  private readonly verifier: IntegrityVerifier;
  /** cINReset messages seen per LIID ('-' resets every LIID, TS 102 232-1 §6.2.2). */
  private readonly resets = new Map<string, number>();

  constructor(private readonly o: IngestOptions) {
    this.verifier = new IntegrityVerifier({
      ...(o.integrityPublicKey ? { publicKey: o.integrityPublicKey } : {}),
      maxHeldPdus: o.maxHeldIntegrityPdus ?? DEFAULT_MAX_HELD_INTEGRITY_PDUS,
    });
  }

  pdu(channel: Channel, bytes: Uint8Array, pdu: PsPdu, peer: string, connection = 0): void {
    const h = pdu.pSHeader;
    const liid = h.lawfulInterceptionIdentifier;
    const at = this.o.now().toISOString();
    this.counters.pdus[channel]++;
    this.counters.bytes[channel] += bytes.length;
    const dataType = dataTypeOf(pdu);
    const key = dataType === undefined ? undefined : this.contextKey(pdu);
    // §6.3.3 NOTE 2: after a reconnect the MDF resends what the LEMF did not acknowledge; a PDU already
    // stored from an earlier connection (same sequence context and number, same bytes) is recognised
    // and kept once. The same PDU twice on one connection is not a resend: it is stored and alarmed.
    if (key !== undefined ? this.o.store.isResend(liid, key, h.sequenceNumber, bytes, connection) : !this.firstCheck(pdu)) {
      this.counters.resent++;
      return;
    }
    let evidence: EvidenceRef;
    try {
      evidence = this.o.store.keepPdu(liid, FILE[channel], bytes);
    } catch (e) {
      this.counters.evidenceWriteFailures++;
      this.o.alarm({ code: 'MONITORING_EVIDENCE_WRITE_FAILED', detail: (e as Error).message, channel, peer, liid });
      evidence = { file: FILE[channel], offset: -1, length: bytes.length };
    }
    const p = pdu.payload;
    if ((p.kind === 'iRIPayloadSequence' && channel === 'HI3') || (p.kind === 'cCPayloadSequence' && channel === 'HI2')) {
      this.counters.wrongChannel++;
      this.o.alarm({ code: 'MONITORING_WRONG_CHANNEL', detail: `${p.kind} received on ${channel}`, channel, peer, liid });
    }
    const verdict = this.verifier.observe(bytes, pdu);
    this.o.watermark?.observe(pdu, liid, FILE[channel], evidence.offset, bytes.length);
    if (verdict) {
      const c = verdict.check;
      const cin = h.communicationIdentifier.communicationIdentityNumber;
      // A check naming a PDU held neither in memory nor (after a restart) in the evidence is a loss
      // the MDF's Hash reveals, not an alteration: counted and alarmed apart (TS 102 232-1 Annex J).
      const missing = !verdict.ok && verdict.error.code === 'HI2HI3_INTEGRITY_MISSING_PDU';
      const missingSeq = missing ? verdict.error.details?.sequenceNumber : undefined;
      this.o.store.addVerdict({
        liid,
        channel,
        ...(cin !== undefined ? { cin } : {}),
        ...(c.dataType !== undefined ? { dataType: c.dataType } : {}),
        checkType: c.checkType,
        includedSequenceNumbers: [...c.includedSequenceNumbers],
        ok: verdict.ok,
        outcome: verdict.ok ? 'verified' : missing ? 'missing' : 'failed',
        ...(verdict.ok ? {} : { error: verdict.error.code }),
        ...(typeof missingSeq === 'number' ? { missingSequenceNumber: missingSeq } : {}),
        ...(checkChainOf(pdu) !== undefined ? { chain: checkChainOf(pdu), checkSequenceNumber: h.sequenceNumber } : {}),
        at,
        evidence,
      });
      if (missing) this.o.alarm({ code: 'MONITORING_INTEGRITY_PDU_MISSING', detail: `${verdict.error.code}: ${verdict.error.message} (never received: lost, not altered)`, channel, peer, liid });
      else if (!verdict.ok) this.o.alarm({ code: 'MONITORING_INTEGRITY_FAILED', detail: `${verdict.error.code}: ${verdict.error.message}`, channel, peer, liid });
      return;
    }
    if (p.kind === 'tRIPayload' && p.value.kind === 'cINReset') {
      this.resets.set(liid, (this.resets.get(liid) ?? 0) + 1);
      this.o.alarm({ code: 'MONITORING_CIN_RESET', detail: 'the MDF lost its CIN state: sequence checks restart', channel, peer, liid });
    }
    const cin = h.communicationIdentifier.communicationIdentityNumber;
    const records: MonitoringRecord[] = decodeRecords(pdu).map((d) => ({ ...d, id: 0, channel, receivedAt: at, peer, inSequence: key !== undefined, ...(key !== undefined ? { sequenceContext: key } : {}), evidence }));
    const duplicate = this.o.store.add(records, key !== undefined ? { liid, cin, key, sequenceNumber: h.sequenceNumber } : undefined, true, connection);
    if (duplicate) this.o.alarm({ code: 'MONITORING_DUPLICATE_PDU', detail: `sequence number ${h.sequenceNumber} of CIN ${cin ?? '-'} received again`, channel, peer, liid });
  }

  /** The sequence context of a data PDU (sequence.ts), under the LIID's current cINReset epoch. */
  private contextKey(pdu: PsPdu): string {
    const h = pdu.pSHeader;
    const liid = h.lawfulInterceptionIdentifier;
    const ci = h.communicationIdentifier;
    return sequenceContextKey(
      this.o.sequenceContext ?? 'ts102232',
      { liid, operator: ci.networkIdentifier.operatorIdentifier, networkElement: ci.networkIdentifier.networkElementIdentifier, cin: ci.communicationIdentityNumber, deliveryCountryCode: ci.deliveryCountryCode, payloadKind: pdu.payload.kind },
      (this.resets.get(liid) ?? 0) + (this.resets.get('-') ?? 0),
    );
  }

  /** Records an IntegrityCheck PDU's number in its chain; false when that number was stored before (a resend). Other PDUs: true. */
  private firstCheck(pdu: PsPdu): boolean {
    const chain = checkChainOf(pdu);
    return chain === undefined || this.o.store.firstCheck(chain, pdu.pSHeader.sequenceNumber);
  }

  /**
   * A PDU read back from the evidence at start (integrity-recovery.ts): it goes to the Annex J
   * verifier only, so the chains stand as they stood when the previous process stopped. Its verdicts
   * (for checks received then) were recorded then and are not recorded again.
   */
  replay(bytes: Uint8Array, pdu: PsPdu, at: { liid: string; file: EvidenceRef['file']; offset: number }): void {
    this.firstCheck(pdu);
    this.verifier.observe(bytes, pdu);
    this.o.watermark?.observe(pdu, at.liid, at.file, at.offset, bytes.length);
  }

  /** PDUs the verifier holds awaiting an IntegrityCheck. */
  get heldIntegrityPdus(): number {
    return this.verifier.heldCount;
  }

  keepalive(): void {
    this.counters.keepalives++;
  }

  undecodable(channel: Channel, bytes: Uint8Array, error: Error, peer: string): void {
    this.counters.undecodable++;
    const ref = this.keepOrphan(UNDECODABLE_DIR, FILE[channel], bytes, channel, peer);
    const code = (error as { code?: string }).code ?? 'HI2HI3_BAD_PDU';
    this.o.alarm({ code: 'MONITORING_UNDECODABLE_PDU', detail: `${code}: ${error.message} (kept at ${UNDECODABLE_DIR}/${FILE[channel]} offset ${ref ?? '?'})`, channel, peer });
  }

  broken(channel: Channel, kind: 'malformed' | 'truncated', bytes: Uint8Array, detail: string, peer: string): void {
    if (kind === 'malformed') this.counters.malformedStreams++;
    else this.counters.truncatedStreams++;
    this.keepOrphan(MALFORMED_DIR, `${channel.toLowerCase()}.bin`, bytes, channel, peer);
    this.o.alarm({ code: kind === 'malformed' ? 'MONITORING_MALFORMED_STREAM' : 'MONITORING_TRUNCATED_STREAM', detail, channel, peer });
  }

  refused(channel: Channel, peer: string): void {
    this.counters.refusedPeers++;
    this.o.alarm({ code: 'MONITORING_PEER_REFUSED', detail: `peer "${peer}" is not a configured mediation function`, channel, peer });
  }

  private keepOrphan(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string, bytes: Uint8Array, channel: Channel, peer: string): number | undefined {
    try {
      return this.o.store.keepOrphan(dir, file, bytes).offset;
    } catch (e) {
      this.counters.evidenceWriteFailures++;
      this.o.alarm({ code: 'MONITORING_EVIDENCE_WRITE_FAILED', detail: (e as Error).message, channel, peer });
      return undefined;
    }
  }
}

/** The Annex J chain an IntegrityCheck PDU belongs to (J.1: per LIID, network element, CIN and data type); undefined for other PDUs. */
function checkChainOf(pdu: PsPdu): string | undefined {
  const p = pdu.payload;
  if (p.kind !== 'tRIPayload' || p.value.kind !== 'integrityCheck') return undefined;
  const h = pdu.pSHeader;
  const ci = h.communicationIdentifier;
  return JSON.stringify([h.lawfulInterceptionIdentifier, ci.networkIdentifier.operatorIdentifier, ci.networkIdentifier.networkElementIdentifier ?? null, ci.communicationIdentityNumber ?? null, p.value.value.dataType ?? null]);
}
