/**
 * Small conveniences over the PDU model: attribute look-up with the "first occurrence wins" rule of
 * TS 103 221-2 §5.3.1, timestamps (§5.3.10), and the Proprietary Payload structure (§5.4.5 Table 8).
 */
import { X2X3DecodeError, X2X3EncodeError } from './errors.ts';
import { isAscii } from './text.ts';
import type { X2X3AttributeKind, X2X3AttributeOf, X2X3Pdu, X2X3Timestamp } from './types.ts';

/**
 * The first attribute of a kind, or undefined. §5.3.1: for attributes not marked "multiple
 * occurrences" in Table 5, the MDF shall use the first occurrence and ignore later ones.
 */
export function firstAttribute<K extends X2X3AttributeKind>(
  pdu: Pick<X2X3Pdu, 'attributes'>,
  kind: K,
): X2X3AttributeOf<K> | undefined {
  for (const a of pdu.attributes) if (a.kind === kind) return a as X2X3AttributeOf<K>;
  return undefined;
}

/** Every attribute of a kind, in wire order (for the Table 5 "multiple occurrences: Yes" kinds). */
export function attributesOf<K extends X2X3AttributeKind>(
  pdu: Pick<X2X3Pdu, 'attributes'>,
  kind: K,
): X2X3AttributeOf<K>[] {
  return pdu.attributes.filter((a): a is X2X3AttributeOf<K> => a.kind === kind);
}

/** Milliseconds since the epoch → §5.3.10 timespec (sub-millisecond part zero). */
export function timestampFromMillis(ms: number): X2X3Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanoseconds: Math.round((ms - seconds * 1000) * 1_000_000) };
}

/** §5.3.10 timespec → milliseconds since the epoch (nanoseconds below 1 ms are dropped). */
export function timestampToMillis(t: X2X3Timestamp): number {
  return t.seconds * 1000 + Math.floor(t.nanoseconds / 1_000_000);
}

/** §5.4.5 Table 8: Payload Owner Length (8 bits), Payload Owner (ASCII FQDN, non-empty), Payload Value. */
export interface ProprietaryPayload {
  owner: string;
  value: Uint8Array;
}

/** Splits a Proprietary Payload (format 4); `value` is a view of `payload`. Throws X2X3_BAD_PROPRIETARY_PAYLOAD. */
export function decodeProprietaryPayload(payload: Uint8Array): ProprietaryPayload {
  const ownerLength = payload.length > 0 ? payload[0]! : 0;
  if (ownerLength === 0 || 1 + ownerLength > payload.length) {
    throw new X2X3DecodeError('X2X3_BAD_PROPRIETARY_PAYLOAD', 'Payload Owner is empty or overruns the payload (Table 8)', {
      details: { ownerLength, payloadLength: payload.length },
    });
  }
  let owner = '';
  for (let i = 1; i <= ownerLength; i++) {
    const c = payload[i]!;
    if (c > 0x7f) {
      throw new X2X3DecodeError('X2X3_BAD_PROPRIETARY_PAYLOAD', 'Payload Owner is not ASCII (Table 8)', {
        details: { offset: i },
      });
    }
    owner += String.fromCharCode(c);
  }
  return { owner, value: payload.subarray(1 + ownerLength) };
}

/** Builds a Proprietary Payload (format 4). Throws X2X3_INVALID_PDU for an empty/long/non-ASCII owner. */
export function encodeProprietaryPayload(p: ProprietaryPayload): Uint8Array {
  if (p.owner.length === 0 || p.owner.length > 255 || !isAscii(p.owner)) {
    throw new X2X3EncodeError('X2X3_INVALID_PDU', 'Payload Owner must be 1..255 ASCII characters (Table 8)');
  }
  const out = new Uint8Array(1 + p.owner.length + p.value.length);
  out[0] = p.owner.length;
  for (let i = 0; i < p.owner.length; i++) out[1 + i] = p.owner.charCodeAt(i);
  out.set(p.value, 1 + p.owner.length);
  return out;
}
