/**
 * One decoder per inspectable format. Each turns a file's octets (or a TCP flow's chunks) into JSON
 * records via `emit`, and returns false when anything failed to decode. Codec errors keep their own
 * typed codes; only the stream-level gaps that no codec owns use INSPECT_… codes.
 */
import { decodeX1Request, decodeX1Response } from '../../standards/x1/index.ts';
import { decodeHI1Message, withoutReceivedBytes } from '../../standards/hi1/index.ts';
import { PAYLOAD_FORMATS, PDU_TYPE_NAMES, PayloadFormat, PduType, X2X3Framer, type DecodedX2X3Pdu } from '../../standards/x2x3/index.ts';
import { PsPduStreamReader, type PsPdu } from '../../standards/hi2hi3/index.ts';
import { decodeCCPayload, decodeIRIPayload, decodeLINotificationPayload, decodeXIRIPayload } from '../../standards/ts33128/index.ts';
import { errorJson, toJson, type JsonValue } from './json.ts';
import { InspectError } from './errors.ts';
import { ts33128PayloadType, xmlRootNamespace, type Ts33128PayloadType } from './detect.ts';

export type JsonRecord = Record<string, JsonValue>;
export type Emit = (record: JsonRecord) => void;

/** Runs a decode step; a thrown error becomes an error record. Returns the value or undefined. */
function attempt<T>(emit: Emit, where: JsonRecord, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    emit({ ...where, error: errorJson(err) });
    return undefined;
  }
}

/** X1 (TS 103 221-1 §6.1): one record per message in the container (or the top-level error). */
export function inspectX1(bytes: Uint8Array, where: JsonRecord, emit: Emit): boolean {
  const root = xmlRootNamespace(bytes)?.localName;
  if (root === 'X1Request') {
    const c = attempt(emit, { ...where, container: 'X1Request' }, () => decodeX1Request(bytes));
    if (!c) return false;
    c.x1RequestMessage.forEach((m, index) => {
      emit({ ...where, container: 'X1Request', index, messageType: m.messageType, message: toJson(m) });
    });
    return true;
  }
  const doc = attempt(emit, { ...where, container: root ?? null }, () => decodeX1Response(bytes));
  if (!doc) return false;
  if (doc.kind === 'X1TopLevelErrorResponse') {
    emit({ ...where, container: doc.kind, message: toJson(doc) });
  } else {
    doc.x1ResponseMessage.forEach((m, index) => {
      emit({ ...where, container: doc.kind, index, messageType: m.messageType, message: toJson(m) });
    });
  }
  return true;
}

/** HI-1 (TS 103 120 §6): one record per HI1Message; the received bytes are left out. */
export function inspectHi1(bytes: Uint8Array, where: JsonRecord, emit: Emit): boolean {
  const m = attempt(emit, where, () => decodeHI1Message(bytes));
  if (!m) return false;
  emit({ ...where, message: toJson(withoutReceivedBytes(m)) });
  return true;
}

const X2X3_OMIT = new Set(['raw', 'xidBytes']);

/** TS 103 221-2 §5.4 payload format 2: xIRI (XIRIPayload) on X2, CC (CCPayload) on X3. */
function x2x3Record(pdu: DecodedX2X3Pdu, where: JsonRecord): { record: JsonRecord; ok: boolean } {
  const record: JsonRecord = {
    ...where,
    pduTypeName: PDU_TYPE_NAMES[pdu.pduType],
    payloadFormatName: (PAYLOAD_FORMATS as Partial<Record<number, { name: string }>>)[pdu.payloadFormat]?.name ?? null,
    pdu: toJson(pdu, X2X3_OMIT),
  };
  let ok = true;
  if (pdu.payloadFormat === PayloadFormat.Ts33128DefinedPayload && pdu.payload.length > 0) {
    const type = pdu.pduType === PduType.X3 ? 'CCPayload' : 'XIRIPayload';
    try {
      const value = type === 'CCPayload' ? decodeCCPayload(pdu.payload) : decodeXIRIPayload(pdu.payload);
      record.ts33128 = { type, value: toJson(value) };
    } catch (err) {
      record.ts33128 = { type, error: errorJson(err) };
      ok = false;
    }
  }
  return { record, ok };
}

/**
 * A stream of X2/X3 PDUs (TS 103 221-2 §6.2) through the resumable framer, chunk by chunk as it
 * was received. Framer errors are fatal for the stream (its position is lost), as on a live socket.
 */
export function inspectX2X3Stream(chunks: Iterable<Uint8Array>, where: JsonRecord, emit: Emit): boolean {
  const framer = new X2X3Framer({ maxPduSize: 64 * 1024 * 1024 });
  let index = 0;
  let offset = 0;
  let ok = true;
  try {
    for (const chunk of chunks) {
      for (const pdu of framer.push(chunk)) {
        const r = x2x3Record(pdu, { ...where, index, offset });
        emit(r.record);
        ok &&= r.ok;
        index++;
        offset += pdu.raw.length;
      }
    }
    framer.finish();
  } catch (err) {
    emit({ ...where, index, offset, error: errorJson(err) });
    return false;
  }
  return ok;
}

/** Every TS 33.128 payload carried opaque inside a PS-PDU, decoded (TS 102 232-1 IRIContents [19], CCContents [23]). */
function ts33128Inside(pdu: PsPdu): { records: JsonValue[]; ok: boolean } {
  const records: JsonValue[] = [];
  let ok = true;
  const add = (path: string, type: 'IRIPayload' | 'CCPayload', bytes: Uint8Array): void => {
    try {
      const value = type === 'IRIPayload' ? decodeIRIPayload(bytes) : decodeCCPayload(bytes);
      records.push({ path, type, value: toJson(value) });
    } catch (err) {
      records.push({ path, type, error: errorJson(err) });
      ok = false;
    }
  };
  const p = pdu.payload;
  if (p.kind === 'iRIPayloadSequence') {
    p.value.forEach((iri, i) => {
      if (iri.iRIContents.kind === 'threeGPP33128DefinedIRI') add(`payload.value[${i}].iRIContents`, 'IRIPayload', iri.iRIContents.value);
    });
  } else if (p.kind === 'cCPayloadSequence') {
    p.value.forEach((cc, i) => {
      if (cc.cCContents.kind === 'threeGPP33128DefinedCC') add(`payload.value[${i}].cCContents`, 'CCPayload', cc.cCContents.value);
    });
  }
  return { records, ok };
}

/**
 * A stream of PS-PDUs (TS 102 232-1 §6.4, back to back) through the PS-PDU stream reader. A PDU
 * with a bad inside is reported and the stream goes on (its length was sound); broken framing stops it.
 */
export function inspectPsPduStream(chunks: Iterable<Uint8Array>, where: JsonRecord, emit: Emit): boolean {
  const reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 * 1024 });
  let index = 0;
  let offset = 0;
  let ok = true;
  try {
    for (const chunk of chunks) {
      for (const item of reader.push(chunk)) {
        const at = { ...where, index, offset };
        if (item.error) {
          emit({ ...at, error: errorJson(item.error) });
          ok = false;
        } else {
          const record: JsonRecord = { ...at, pdu: toJson(item.pdu) };
          const inner = ts33128Inside(item.pdu);
          if (inner.records.length > 0) record.ts33128 = inner.records;
          ok &&= inner.ok;
          emit(record);
        }
        index++;
        offset += item.bytes.length;
      }
    }
  } catch (err) {
    emit({ ...where, index, offset, error: errorJson(err) });
    return false;
  }
  if (reader.pending > 0) {
    const err = new InspectError('INSPECT_STREAM_TRUNCATED', `PS-PDU stream ends inside a PDU (${reader.pending} octets held)`, {
      details: { offset, pending: reader.pending },
    });
    emit({ ...where, index, offset, error: errorJson(err) });
    return false;
  }
  return ok;
}

const TS33128_DECODERS: Record<Ts33128PayloadType, (b: Uint8Array) => unknown> = {
  XIRIPayload: decodeXIRIPayload,
  IRIPayload: decodeIRIPayload,
  CCPayload: decodeCCPayload,
  LINotificationPayload: decodeLINotificationPayload,
};

/** One bare TS 33.128 payload; the type comes from its OID (XIRIPayload when the OID is unrecognisable). */
export function inspectTs33128(bytes: Uint8Array, where: JsonRecord, emit: Emit): boolean {
  const type = ts33128PayloadType(bytes) ?? 'XIRIPayload';
  const value = attempt(emit, { ...where, type }, () => TS33128_DECODERS[type](bytes));
  if (value === undefined) return false;
  emit({ ...where, type, value: toJson(value) });
  return true;
}
