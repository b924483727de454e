/**
 * The one way to read a LEMF's sealed evidence outside the running LEMF (tools, tests, the demo's
 * verdict, `warranted inspect evidence`): with the LEMF's master key, read-only (nothing on disk is
 * created, cut or changed). Content reads of a LIID whose retention has ended are refused
 * (MONITORING_RETENTION_ENDED) like the store's; once it is purged its data key is gone and nothing
 * can be read at all.
 */
import { MonitoringError } from '../errors.ts';
import { EvidenceFiles, liidDirName, type MALFORMED_DIR, type UNDECODABLE_DIR } from '../evidence.ts';
import { parseRetention, readRetentionText, retentionKey } from './retention-table.ts';
import type { Channel } from '../types.ts';

export interface EvidenceReader {
  /** LIIDs with evidence on disk. */
  liids(): string[];
  /** The plaintext PS-PDU stream of a LIID's channel, byte for byte as received (TS 102 232-1 §6.4). */
  readChannel(liid: string, channel: Channel): Uint8Array;
  /** The lines of a LIID's index (`records.jsonl`) or Annex J verdicts (`integrity.jsonl`). */
  readIndex(liid: string, file: 'records.jsonl' | 'integrity.jsonl'): string[];
  /** Bytes kept under no LIID: `_undecodable/hi2.ber` … , `_malformed/hi3.bin` … */
  readOrphans(dir: typeof UNDECODABLE_DIR | typeof MALFORMED_DIR, file: string): Uint8Array;
  retentionEnd(liid: string): Date | undefined;
  close(): void;
}

export function openEvidence(dataDir: string, masterKey: Uint8Array, now: () => Date = () => new Date()): EvidenceReader {
  const files = new EvidenceFiles(dataDir, { key: masterKey, readOnly: true });
  const found = readRetentionText(dataDir, retentionKey(masterKey));
  const retention = found ? parseRetention(found.text) : new Map<string, Date>();
  const open = (liid: string): void => {
    const until = retention.get(liid);
    if (until && now().getTime() >= until.getTime()) throw new MonitoringError('MONITORING_RETENTION_ENDED', `retention ended at ${until.toISOString()}`);
    if (!files.liids().includes(liid)) throw new MonitoringError('MONITORING_UNKNOWN_LIID', 'no evidence is held for this LIID');
    // The LIID's data key must open with this master key (MONITORING_EVIDENCE_KEY otherwise), even
    // for a channel with no file yet: another key never reads as "nothing held".
    if (!files.keyring.keyOf(liidDirName(liid), false)) throw new MonitoringError('MONITORING_UNKNOWN_LIID', 'no data key is held for this LIID (destroyed at the end of its retention?)');
  };
  return {
    liids: () => files.liids(),
    readChannel: (liid, channel) => {
      open(liid);
      return files.readFile(liid, channel === 'HI2' ? 'hi2.ber' : 'hi3.ber');
    },
    readIndex: (liid, file) => {
      open(liid);
      return files.readLines(liid, file);
    },
    readOrphans: (dir, file) => files.readFile('', file, dir),
    retentionEnd: (liid) => retention.get(liid),
    close: () => files.close(),
  };
}
