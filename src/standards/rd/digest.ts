/**
 * TS 102 657 §8.4.3.4: when a RetainedDataMessage is signed, "the RetainedDataHeader and
 * RetainedDataPayload will be each separately BER encoded … A hash will be computed over the combined
 * BER encoded fields (RetainedDataHeader and RetainedDataPayload, in this order). The hash will be
 * digitally signed and be used to populate the retainedDataDigest field."
 *
 * The bytes to sign are therefore the header as a universal SEQUENCE followed by the payload (a CHOICE:
 * its alternative's own tag). Hashing is "an area for national implementations" (§8.4.3.1): we fix the
 * encoding to DER, so that the signer and the verifier agree on one byte string for one message (the
 * decoder accepts any BER, and a verifier re-encodes what it decoded).
 */
import { encodeBer } from '../ber/index.ts';
import { encodeNode } from './codec.ts';
import { RetainedDataHeader, RetainedDataPayload, type RetainedDataMessage } from './types-message.ts';

/** DER(RetainedDataHeader) ‖ DER(RetainedDataPayload): what §8.4.3.4 hashes and signs. */
export function rdSignedBytes(msg: Pick<RetainedDataMessage, 'retainedDataHeader' | 'retainedDataPayload'>): Uint8Array {
  const header = encodeBer(encodeNode(RetainedDataHeader, msg.retainedDataHeader, 'RetainedDataHeader'));
  const payload = encodeBer(encodeNode(RetainedDataPayload, msg.retainedDataPayload, 'RetainedDataPayload'));
  const out = new Uint8Array(header.length + payload.length);
  out.set(header, 0);
  out.set(payload, header.length);
  return out;
}
