/**
 * Errors of the retained-data wire (TS 102 657 §7.3 direct TCP, over mutual TLS per §8.2). The
 * standard defines no transport error codes (§6.4 errors are RDHI messages, carried as such); these
 * are ours. Documented in docs/errors/rd-wire.md.
 */
import { WarrantedError } from '../../platform/errors.ts';

export class RdWireError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'RD_WIRE_UNAVAILABLE', meaning: 'The peer could not be reached, refused the TLS handshake, or closed the connection before its final answer.' },
  { code: 'RD_WIRE_TIMEOUT', meaning: 'No final answer (ResponseMessage other than responseIncomplete, or ErrorMessage) within the client timeout.' },
  { code: 'RD_WIRE_PROTOCOL', meaning: 'An answer that does not belong to the request (another RequestID), does not decode, or is not an answer at all (a request sent back).' },
  { code: 'RD_WIRE_BAD_DIGEST', meaning: 'retainedDataDigest is absent where a signature is required, or does not verify under the peer key (TS 102 657 §8.4.3.4).' },
];
