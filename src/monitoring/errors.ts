/**
 * Errors and alarm codes of the reference monitoring centre (LEMF). TS 102 232-1 defines no error
 * codes of its own for the receiving end, so `standardCode` is never set; where a lower layer's
 * typed error caused ours (a PsPduDecodeError, a PsPduIntegrityError) it is chained as `cause` and
 * its code is kept in `details.cause`. Messages never carry target identities or content.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'MONITORING_BAD_OPTION', meaning: 'An option given to the monitoring centre or its store is invalid (e.g. a retention date that is not a date).' },
  { code: 'MONITORING_UNKNOWN_LIID', meaning: 'The store holds nothing for this LIID (never received, or destroyed at the end of its retention).' },
  { code: 'MONITORING_UNKNOWN_CALL', meaning: 'No call content (RTP) is held for this LIID and CIN, so no audio can be rebuilt.' },
  { code: 'MONITORING_RETENTION_ENDED', meaning: 'The retention period of this LIID has ended: its content may no longer be accessed, only destroyed.' },
  { code: 'MONITORING_UNDECODABLE_PDU', meaning: 'Alarm: a PS-PDU was framed soundly but its contents do not decode (TS 102 232-1 Annex A); kept as raw evidence.' },
  { code: 'MONITORING_MALFORMED_STREAM', meaning: 'Alarm: the BER framing of an HI2/HI3 stream broke (TS 102 232-1 §6.4); the connection was closed.' },
  { code: 'MONITORING_TRUNCATED_STREAM', meaning: 'Alarm: an HI2/HI3 connection closed in the middle of a PS-PDU (the partial bytes are kept as raw evidence), or an evidence append was cut by a crash (a torn last chunk, never acknowledged, dropped at start: the MDF resends it).' },
  { code: 'MONITORING_PEER_REFUSED', meaning: 'Alarm: a mutually authenticated peer that is not a configured mediation function connected; it was disconnected.' },
  { code: 'MONITORING_WRONG_CHANNEL', meaning: 'Alarm: IRI arrived on the HI3 port or CC on the HI2 port (TS 102 232-1 §5.2.8 payload type; docs/profile.md: HI2 carries IRI, HI3 carries CC).' },
  { code: 'MONITORING_DUPLICATE_PDU', meaning: 'Alarm: a PS-PDU sequence number was received twice in its sequence-number context (TS 102 232-1 §5.2.5).' },
  { code: 'MONITORING_CIN_RESET', meaning: 'Alarm: the MDF sent a TRI cINReset (TS 102 232-1 §6.2.2): sequence checks for the LIID (or all, for LIID "-") restart in a new context.' },
  { code: 'MONITORING_INTEGRITY_FAILED', meaning: 'Alarm: an Annex J IntegrityCheck (hash or signature) did not verify over the PDUs received — they differ from what was hashed or signed (alteration), or the check cannot be verified (TS 102 232-1 Annex J). A check naming a PDU never received is MONITORING_INTEGRITY_PDU_MISSING instead.' },
  { code: 'MONITORING_INTEGRITY_PDU_MISSING', meaning: 'Alarm: an Annex J IntegrityCheck names a PDU (a Data PDU for a Hash, a Hash PDU for a Signature) this LEMF never received — held neither in memory nor, after a restart, in its evidence files: a loss (counted as missing), not an alteration (TS 102 232-1 Annex J).' },
  { code: 'MONITORING_BAD_INDEX_LINE', meaning: 'Alarm: a line of a records.jsonl index could not be read back at start; it was skipped (the raw evidence is untouched).' },
  { code: 'MONITORING_EVIDENCE_CORRUPT', meaning: 'A sealed evidence file does not read back: a chunk before the last one has no valid header, does not continue the previous chunk, or does not authenticate (altered, or sealed under another key). The file is left as found; only a torn last chunk (a crash in the middle of an append) is dropped.' },
  { code: 'MONITORING_EVIDENCE_KEY', meaning: "The LEMF's evidence key is not 32 octets, or a LIID's wrapped data key or the sealed retention table does not open with it (another master key, or the file was altered): the evidence stays unread and the LEMF does not start." },
  { code: 'MONITORING_PURGE_COMPLETED', meaning: 'Alarm: at start, a LIID directory of sealed files whose data key is gone — a purge cut by a crash after its destruction event was logged and its key shredded — was removed (the destruction is completed, not logged twice).' },
  { code: 'MONITORING_EVIDENCE_WRITE_FAILED', meaning: 'Alarm: writing received bytes or the index to disk failed; the PDU is still indexed in memory.' },
];

export class MonitoringError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}
