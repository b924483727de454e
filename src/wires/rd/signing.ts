/**
 * Application-level signatures of TS 102 657 §8.3 / §8.4.3.4: the signer puts its signature over
 * DER(RetainedDataHeader) ‖ DER(RetainedDataPayload) into retainedDataDigest. The agency signs
 * requests on HI-A; the CSP signs its answers "so that responses coming from the CSP are certified by
 * the CSP" (§8.3). §8.4.3.2 names DSA (FIPS PUB 186-4); FIPS 186-5 (2023) withdrew DSA for signing and
 * added EdDSA, so we sign with Ed25519 — the key type every other signer of this project uses.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { rdSignedBytes, type RetainedDataMessage, type RetainedDataMessageInput } from '../../standards/rd/index.ts';

/** The message with retainedDataDigest set to the Ed25519 signature of its header and payload. */
export function signRdMessage(msg: RetainedDataMessageInput, privateKey: KeyObject): RetainedDataMessageInput {
  const { retainedDataDigest: _, ...unsigned } = msg;
  return { ...unsigned, retainedDataDigest: new Uint8Array(sign(null, rdSignedBytes(unsigned), privateKey)) };
}

/** True when retainedDataDigest is present and verifies under `publicKey`. */
export function rdDigestVerifies(msg: RetainedDataMessage, publicKey: KeyObject): boolean {
  if (msg.retainedDataDigest === undefined) return false;
  try {
    return verify(null, rdSignedBytes(msg), publicKey, msg.retainedDataDigest);
  } catch {
    return false; // a malformed signature is a failed verification, never an exception to the caller
  }
}
