/**
 * PS-PDU encode/decode (TS 102 232-1 Annex A):
 * `PS-PDU ::= SEQUENCE { pSHeader [1] PSHeader, payload [2] Payload }`.
 * Output is DER-shaped (definite lengths, minimal integers, fields in order, no defaults), which
 * Annex G NOTE 1 asks for so that hashes and signatures verify on the LEMF side.
 */
import { BerDecodeError, ctxCons, decodeBer, encodeBer, sequence, type BerDecodeOptions, type BerNode } from '../ber/index.ts';
import { explicitInner, fieldsOf, noExtraFields, req } from './ber-util.ts';
import { decodePsHeader, psHeaderNode } from './codec-header.ts';
import { decodePayloadAlternative, payloadAlternativeNode } from './codec-payload.ts';
import { PsPduDecodeError } from './errors.ts';
import { fastDecodePsPdu } from './fast-decode.ts';
import type { Payload, PsPdu } from './types.ts';

/** `payload [2] Payload`: the explicit [2] around the chosen alternative. */
export function payloadNode(p: Payload): BerNode {
  return ctxCons(2, [payloadAlternativeNode(p)]);
}

export function psPduNode(pdu: PsPdu): BerNode {
  return sequence([psHeaderNode(pdu.pSHeader), payloadNode(pdu.payload)]);
}

/** Encodes one PS-PDU. Throws PsPduEncodeError (HI2HI3_ENCODE) on values outside the ASN.1 constraints. */
export function encodePsPdu(pdu: PsPdu): Uint8Array {
  return encodeBer(psPduNode(pdu));
}

/** Encodes only the Payload (with its explicit [2]), e.g. to hash or compare payloads. */
export function encodePayload(p: Payload): Uint8Array {
  return encodeBer(payloadNode(p));
}

/** Runs a decoder, turning BER-layer errors into PsPduDecodeError with the BER error as cause. */
export function withBerErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof BerDecodeError) {
      const code = cause.code === 'BER_BAD_VALUE' ? 'HI2HI3_BAD_VALUE' : cause.code === 'BER_TOO_LARGE' ? 'HI2HI3_TOO_LARGE' : 'HI2HI3_BAD_BER';
      throw new PsPduDecodeError(code, `PS-PDU: ${cause.message}`, { cause, details: { berCode: cause.code } });
    }
    throw cause;
  }
}

export type PsPduDecodeOptions = BerDecodeOptions;

/**
 * Decodes exactly one PS-PDU (trailing bytes are an error). Throws PsPduDecodeError only. The common
 * shapes the MDF emits are read by offset (fast-decode.ts); anything else, and every error, is the
 * generic decoder's. Options only matter when they could refuse: maxSize, or a negative maxDepth.
 */
export function decodePsPdu(bytes: Uint8Array, options: PsPduDecodeOptions = {}): PsPdu {
  if ((options.maxSize === undefined || bytes.length <= options.maxSize) && (options.maxDepth === undefined || options.maxDepth >= 0)) {
    const fast = fastDecodePsPdu(bytes);
    if (fast) return fast;
  }
  return decodePsPduGeneric(bytes, options);
}

/** The generic path: the lazy BER element decoder and the schema readers (the reference for fast-decode.ts). */
export function decodePsPduGeneric(bytes: Uint8Array, options: PsPduDecodeOptions = {}): PsPdu {
  return withBerErrors(() => {
    const el = decodeBer(bytes, options);
    const f = fieldsOf(el, 'PS-PDU');
    noExtraFields(f, 2, 'PS-PDU');
    const pSHeader = decodePsHeader(req(f, 1, 'PS-PDU', 'pSHeader'));
    const payload = decodePayloadAlternative(explicitInner(req(f, 2, 'PS-PDU', 'payload'), 'Payload'), 'Payload');
    return { pSHeader, payload };
  });
}
