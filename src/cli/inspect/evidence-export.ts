/**
 * `warranted inspect --evidence DIR --key FILE --liid LIID [--channel HI2|HI3] [--export OUT]`:
 * the LEMF's evidence is sealed at rest (docs/monitoring.md "At rest"); whoever holds the LEMF's
 * evidence key reads a LIID's PS-PDU stream back here — decoded to JSON lines like any PS-PDU file,
 * or, with --export, written out as the plain BER stream (mode 0600) for other tools, e.g.
 * ../shared/validators/decode-ps-pdu.sh (TS 102 232-1 §6.4: PDUs back to back, as received).
 *
 * Refused once the LIID's retention has ended (MONITORING_RETENTION_ENDED), and impossible once it
 * is purged (its data key is destroyed). Each read is appended to the LEMF's access log
 * (`DIR/access.jsonl`, the same lines the lemf role writes): reading evidence is itself on the record.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openEvidence } from '../../monitoring/index.ts';
import { readSecretKeyFile } from '../../platform/sealed.ts';
import { inspectPsPduStream, type JsonRecord } from './decoders.ts';
import { InspectError } from './errors.ts';
import { errorJson } from './json.ts';

export interface EvidenceExportOptions {
  /** The LEMF's data directory (agencies[].lemf.dir). */
  dir: string;
  /** The LEMF's evidence key file (agencies[].lemf.evidenceKey). */
  key: string;
  liid: string;
  channel?: string;
  /** Write the plain PS-PDU stream here instead of decoding it. */
  export?: string;
  /** Recorded in the access log (default: the operating-system user). */
  who?: string;
}

/** Returns the exit status (0 ok, 1 refused or not decoded, 2 usage). */
export function inspectEvidence(o: EvidenceExportOptions, out: { write(chunk: string): unknown }): number {
  const emit = (r: JsonRecord): void => void out.write(`${JSON.stringify(r)}\n`);
  const channel = (o.channel ?? 'HI3').toUpperCase();
  if (channel !== 'HI2' && channel !== 'HI3') {
    emit({ error: errorJson(new InspectError('INSPECT_USAGE', `--channel must be HI2 or HI3, got "${o.channel}"`)) });
    return 2;
  }
  const who = o.who ?? `${userInfo().username} (warranted inspect)`;
  const what = `evidence ${channel} ${o.export !== undefined ? 'export' : 'decode'} (warranted inspect)`;
  const logAccess = (detail: string) => appendFileSync(join(o.dir, 'access.jsonl'), `${JSON.stringify({ event: 'access', who, liid: o.liid, what: detail, at: new Date().toISOString() })}\n`, { mode: 0o600 });
  let bytes: Uint8Array;
  try {
    const reader = openEvidence(o.dir, readSecretKeyFile(o.key, 'evidence key'));
    try {
      bytes = reader.readChannel(o.liid, channel);
    } finally {
      reader.close();
    }
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    logAccess(`${what} refused: ${code ?? 'error'}`);
    emit({ liid: o.liid, channel, error: errorJson(cause instanceof Error ? cause : new InspectError('INSPECT_FILE_UNREADABLE', String(cause))) });
    return 1;
  }
  logAccess(what);
  if (o.export !== undefined) {
    try {
      // 'wx': never over an existing file (it may be someone else's evidence).
      const fd = openSync(o.export, 'wx', 0o600);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (cause) {
      emit({ liid: o.liid, channel, error: errorJson(new InspectError('INSPECT_FILE_UNREADABLE', `cannot write ${o.export}: ${(cause as Error).message}`, { cause })) });
      return 1;
    }
    emit({ liid: o.liid, channel, exported: o.export, octets: bytes.length });
    return 0;
  }
  return inspectPsPduStream([bytes], { liid: o.liid, channel, format: 'pspdu' }, emit) ? 0 : 1;
}
