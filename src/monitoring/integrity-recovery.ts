/**
 * Annex J chains across a restart of the LEMF (TS 102 232-1 Annex J). The verifier holds every Data
 * PDU and Hash PDU of a Chain (LIID, communicationIdentifier, dataType) until an IntegrityCheck covers
 * it; that is memory. A LEMF killed and started again would otherwise hold none of the PDUs the
 * MDF's next Hash names, and report alteration where nothing was altered.
 *
 * But every PDU the LEMF received is in its evidence files (`hi2.ber` / `hi3.ber`, byte for byte, in
 * order of receipt, sealed at rest and read back through evidence.ts): so at start, before any port is open, each LIID's files are read back — from the
 * position integrity-watermark.ts recorded, before which every PDU was already covered by a check —
 * and every PDU is fed to the verifier again, in the same order. The verifier then holds what the
 * previous process held when it stopped; the checks received back then consume what they covered,
 * and their verdicts, recorded then, are not recorded again. A PDU a later check names and that is
 * neither in memory nor in the evidence was never received (or lost in the last moment before a
 * kill): a `missing` verdict, never a `failed` one.
 *
 * A file whose last PDU was cut by the kill (a torn append) would make every later append unreadable:
 * its tail is moved to `_malformed/` (kept, not destroyed), the file cut back to its last whole PDU,
 * and MONITORING_TRUNCATED_STREAM raised. Replaying a LIID is an access event of the LEMF itself.
 */
import { PsPduStreamReader, type PsPdu } from '../standards/hi2hi3/index.ts';
import { MALFORMED_DIR } from './evidence.ts';
import type { IntegrityWatermark } from './integrity-watermark.ts';
import type { MonitoringStore } from './store.ts';
import type { Alarm, Channel, EvidenceRef } from './types.ts';

export interface IntegrityRecoveryReport {
  /** LIIDs whose evidence was looked at (retention not ended). */
  liids: number;
  /** PDUs and bytes read back (from each file's recorded position on). */
  pdus: number;
  bytes: number;
  /** Evidence bytes skipped: before the recorded positions, covered by checks already. */
  skippedBytes: number;
  /** PDUs the verifier holds afterwards, awaiting an IntegrityCheck. */
  held: number;
  /** Evidence files whose torn last PDU was moved to `_malformed/`. */
  tornTails: number;
}

export interface IntegrityRecoveryOptions {
  store: MonitoringStore;
  watermark: IntegrityWatermark;
  replay: (bytes: Uint8Array, pdu: PsPdu, at: { liid: string; file: EvidenceRef['file']; offset: number }) => void;
  held: () => number;
  alarm: (a: Omit<Alarm, 'at'>) => void;
  maxPduSize?: number;
}

const FILES: [Channel, EvidenceRef['file']][] = [['HI2', 'hi2.ber'], ['HI3', 'hi3.ber']];

export function recoverIntegrityChains(o: IntegrityRecoveryOptions): IntegrityRecoveryReport {
  const { files, liids, accessed } = o.store.evidenceForRecovery();
  const saved = o.watermark.load();
  if (saved.problem) o.alarm({ code: 'MONITORING_BAD_INDEX_LINE', detail: `${saved.problem}: every evidence file is replayed from its start` });
  const report: IntegrityRecoveryReport = { liids: 0, pdus: 0, bytes: 0, skippedBytes: 0, held: 0, tornTails: 0 };
  for (const liid of liids) {
    report.liids++;
    for (const [channel, file] of FILES) {
      const size = files.sizeOf(liid, file);
      if (size === 0) continue; // no evidence on this channel
      // A position past the end: bytes counted then but never written (the kill came first).
      const from = Math.min(o.watermark.positionOf(saved.positions, liid, file), size);
      report.skippedBytes += from;
      if (from < size) accessed(liid, `evidence ${file} replay from offset ${from} at start (Annex J chains)`);
      const broken = (detail: string) => o.alarm({ code: 'MONITORING_MALFORMED_STREAM', detail: `${file}: ${detail}; Annex J chains rebuilt only up to there`, channel, liid });
      const reader = new PsPduStreamReader(o.maxPduSize !== undefined ? { maxPduSize: o.maxPduSize } : {});
      const pending = replayFile(files.stream(liid, file, from), reader, from, size, (bytes, pdu, offset) => o.replay(bytes, pdu, { liid, file, offset }), report, broken);
      const end = size - pending;
      if (pending > 0) {
        // Sealed files keep whole appends (a torn chunk is dropped at open); a partial PDU here is
        // the tail of a plain file of an earlier version, sealed as it was.
        const tail = files.read(liid, { file, offset: end, length: pending });
        files.appendOrphan(MALFORMED_DIR, `${channel.toLowerCase()}.bin`, tail);
        files.flush();
        files.truncate(liid, file, end);
        report.tornTails++;
        o.alarm({ code: 'MONITORING_TRUNCATED_STREAM', detail: `${file} ended in a partial PDU (${tail.length} bytes at offset ${end}, an append cut by a crash): moved to ${MALFORMED_DIR}/`, channel, liid });
      }
      o.watermark.replayed(liid, file, end);
    }
  }
  report.held = o.held();
  o.watermark.save(true);
  return report;
}

type Feed = (bytes: Uint8Array, pdu: PsPdu, offset: number) => void;

/** Feeds every whole PDU from `from` to the end; returns the bytes of a partial last PDU (0 if none). */
function replayFile(chunks: Iterable<Buffer>, reader: PsPduStreamReader, from: number, size: number, feed: Feed, report: IntegrityRecoveryReport, broken: (detail: string) => void): number {
  let read = from;
  let at = from;
  for (const buf of chunks) {
    read += buf.length;
    let frames;
    try {
      frames = reader.push(buf);
    } catch (e) {
      // Not a stream any more (damaged): leave the file as found, say so.
      broken(`framing broken after offset ${at}: ${(e as Error).message}`);
      return 0;
    }
    for (const f of frames) {
      report.pdus++;
      report.bytes += f.bytes.length;
      // Only PDUs that decoded were filed under a LIID; anything else cannot belong to a chain.
      if (f.pdu) feed(f.bytes, f.pdu, at);
      at += f.bytes.length;
    }
  }
  return Math.min(read, size) - at;
}
