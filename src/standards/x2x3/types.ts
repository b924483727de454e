/**
 * The X2/X3 PDU model (ETSI TS 103 221-2 §5). One object shape serves both directions: the encoder
 * reads it, the decoder returns it (plus the lengths and the raw octets, see `DecodedX2X3Pdu`).
 */
import type { PayloadDirection, PduType } from './constants.ts';

/** TS 103 221-2 §5.3.10: POSIX timespec, two 32-bit unsigned integers. */
export interface X2X3Timestamp {
  seconds: number;
  nanoseconds: number;
}

/**
 * One conditional attribute (§5.3 Table 5), discriminated by `kind`. The decoder keeps the order
 * of the wire and every occurrence (the "use the first occurrence" rule of §5.3.1 is the reader's
 * job: see `firstAttribute`). Attribute types newer than Table 5 come back as `unknown` with their
 * octets, and are re-encoded unchanged.
 */
export type X2X3Attribute =
  /** Type 1, §5.3.2: an attribute defined by ETSI TS 102 232-1 (octets as given). */
  | { kind: 'etsi102232'; value: Uint8Array }
  /** Type 2, §5.3.3: an attribute defined by 3GPP TS 33.128. */
  | { kind: 'ts33128'; value: Uint8Array }
  /** Type 3, §5.3.4: an attribute defined by 3GPP TS 33.108. */
  | { kind: 'ts33108'; value: Uint8Array }
  /** Type 4, §5.3.5 Table 6: owner FQDN (ASCII, non-empty, <= 255 octets) and owner-defined value. */
  | { kind: 'proprietary'; owner: string; value: Uint8Array }
  /** Type 5, §5.3.6: Domain ID, format left to the LI architecture. */
  | { kind: 'domainId'; value: Uint8Array }
  /** Type 6, §5.3.7: Network Function ID, format left to the LI architecture. */
  | { kind: 'networkFunctionId'; value: Uint8Array }
  /** Type 7, §5.3.8: Interception Point ID, format left to the LI architecture. */
  | { kind: 'interceptionPointId'; value: Uint8Array }
  /** Type 8, §5.3.9: 32-bit sequence number per (XID, DID, NFID, IPID, Correlation ID) and X2/X3. */
  | { kind: 'sequenceNumber'; value: number }
  /** Type 9, §5.3.10: time of interception. */
  | { kind: 'timestamp'; value: X2X3Timestamp }
  /** Type 10, §5.3.11: dotted-quad text, e.g. "192.0.2.1". */
  | { kind: 'sourceIpv4Address'; value: string }
  /** Type 11, §5.3.12. */
  | { kind: 'destinationIpv4Address'; value: string }
  /** Type 12, §5.3.13: RFC 5952 text, e.g. "2001:db8::1". */
  | { kind: 'sourceIpv6Address'; value: string }
  /** Type 13, §5.3.14. */
  | { kind: 'destinationIpv6Address'; value: string }
  /** Type 14, §5.3.15: TCP/UDP port. */
  | { kind: 'sourcePort'; value: number }
  /** Type 15, §5.3.16. */
  | { kind: 'destinationPort'; value: number }
  /** Type 16, §5.3.17: IANA protocol number (8 bits). */
  | { kind: 'ipProtocol'; value: number }
  /** Type 17, §5.3.18: TS 103 221-1 TargetIdentifier contents as UTF-8, e.g. "<imsi>204081234567890</imsi>". */
  | { kind: 'matchedTargetIdentifier'; value: string }
  /** Type 18, §5.3.19: same format as type 17. */
  | { kind: 'otherTargetIdentifier'; value: string }
  /** Type 19, §5.3.20: RFC 2045 §5 Content-Type. */
  | { kind: 'mimeContentType'; value: string }
  /** Type 20, §5.3.21: RFC 2045 §6 Content-Transfer-Encoding. */
  | { kind: 'mimeContentTransferEncoding'; value: string }
  /** Type 21, §5.3.22: XID (16) + Correlation ID (8) + optional Sequence Number (4). */
  | {
      kind: 'additionalXidRelatedInformation';
      value: { xid: string; correlationId: bigint; sequenceNumber?: number };
    }
  /** Type 22, §5.3.23: RFC 4566 SDP as UTF-8. */
  | { kind: 'sdpSessionDescription'; value: string }
  /** Any attribute type not in Table 5 of V1.6.1 (kept, never interpreted). */
  | { kind: 'unknown'; type: number; value: Uint8Array };

export type X2X3AttributeKind = X2X3Attribute['kind'];
/** The attribute object of one kind, e.g. `X2X3AttributeOf<'timestamp'>`. */
export type X2X3AttributeOf<K extends X2X3AttributeKind> = Extract<X2X3Attribute, { kind: K }>;

/** One X2/X3 PDU (§5.1 Table 1). */
export interface X2X3Pdu {
  /** §5.2.1: 5 for V1.6.1 (major 0, minor 5). */
  version: number;
  /** §5.2.2 Table 2. */
  pduType: PduType;
  /** §5.2.5: a Table 7 value (see `PayloadFormat`); other values (a later minor version) pass through. */
  payloadFormat: number;
  /** §5.2.6 Table 3. */
  payloadDirection: PayloadDirection;
  /** §5.2.7: the X1 task's XID, a UUID as lowercase 8-4-4-4-12 text (all zero in keepalives). */
  xid: string;
  /** §5.2.8: 64-bit Correlation ID (0 = not correlated). */
  correlationId: bigint;
  /** §5.3: conditional attributes in wire order. */
  attributes: X2X3Attribute[];
  /** §5.4: the payload octets (empty for keepalives). */
  payload: Uint8Array;
}

/**
 * A PDU as decoded from octets. `payload`, `raw` and `xidBytes` are views into the input (no copy):
 * do not overwrite the input buffer while these are in use.
 */
export interface DecodedX2X3Pdu extends X2X3Pdu {
  /** §5.2.3, as received. */
  headerLength: number;
  /** §5.2.4, as received. */
  payloadLength: number;
  /** The XID's 16 octets as received. */
  xidBytes: Uint8Array;
  /** The whole PDU's octets as received (mediation hashes these). */
  raw: Uint8Array;
}
