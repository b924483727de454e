/**
 * Errors raised by the payload codecs (SIP, SDP, RTP, G.711, IP/UDP/TCP, DNS, TLS, HTTP, SMS TPDU).
 * Decoders raise only these (never a bare RangeError) so a caller can tell bad input from a bug.
 */
import { WarrantedError } from '../../platform/errors.ts';
import type { WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'PAYLOAD_TRUNCATED', meaning: 'The input ends before a field the format requires.' },
  { code: 'PAYLOAD_BAD_VALUE', meaning: 'A value given to an encoder is outside the range the format allows.' },
  { code: 'SIP_BAD_START_LINE', meaning: 'The SIP start line is neither a Request-Line nor a Status-Line (RFC 3261 §7.1, §7.2).' },
  { code: 'SIP_BAD_HEADER', meaning: 'A SIP header line is not `name: value` (RFC 3261 §7.3).' },
  { code: 'SIP_BAD_CONTENT_LENGTH', meaning: 'Content-Length is missing, not a number, or disagrees with the body (RFC 3261 §20.14).' },
  { code: 'SIP_MESSAGE_TOO_LARGE', meaning: 'A SIP message in a stream exceeds the parser limit without completing.' },
  { code: 'SDP_BAD_LINE', meaning: 'An SDP line is not `<type>=<value>` (RFC 4566 §5).' },
  { code: 'RTP_BAD_VERSION', meaning: 'The RTP version field is not 2 (RFC 3550 §5.1).' },
  { code: 'RTP_BAD_PADDING', meaning: 'The RTP padding count exceeds the payload (RFC 3550 §5.1).' },
  { code: 'IP_BAD_VERSION', meaning: 'The IP version nibble is not the expected 4 or 6 (RFC 791 §3.1, RFC 8200 §3).' },
  { code: 'IP_BAD_HEADER_LENGTH', meaning: 'IHL below 5 or total length inconsistent with the packet (RFC 791 §3.1).' },
  { code: 'IP_BAD_CHECKSUM', meaning: 'An IPv4 header, UDP or TCP checksum does not verify (RFC 791, RFC 768, RFC 9293).' },
  { code: 'IP_UNSUPPORTED_PROTOCOL', meaning: 'The transport protocol is neither UDP (17) nor TCP (6).' },
  { code: 'DNS_BAD_NAME', meaning: 'A DNS name has a bad label length, pointer or exceeds 255 octets (RFC 1035 §3.1, §4.1.4).' },
  { code: 'TLS_NOT_CLIENT_HELLO', meaning: 'The bytes are not a TLS handshake record carrying a ClientHello (RFC 8446 §4.1.2).' },
  { code: 'TLS_BAD_LENGTH', meaning: 'A TLS length field disagrees with the data (RFC 8446 §5.1, §4.2).' },
  { code: 'SMS_BAD_TPDU', meaning: 'An SMS TPDU is malformed or of an unsupported type (3GPP TS 23.040 §9.2).' },
  { code: 'SMS_NOT_GSM7', meaning: 'The text has a character outside the GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1).' },
  { code: 'HTTP_BAD_MESSAGE', meaning: 'An HTTP/1.1 start line or header is malformed (RFC 9112 §3, §4, §5).' },
  { code: 'WAV_BAD_FILE', meaning: 'A WAV file is not 8 kHz mono G.711 in a RIFF/WAVE container.' },
  { code: 'PCAP_BAD_FILE', meaning: 'A pcap file has a bad magic number or truncated record.' },
];

export class PayloadError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Throws PAYLOAD_TRUNCATED unless `need` bytes are available at `offset`. */
export function need(bytes: Uint8Array, offset: number, count: number, what: string): void {
  if (offset < 0 || offset + count > bytes.length) {
    throw new PayloadError('PAYLOAD_TRUNCATED', `${what}: need ${count} bytes at offset ${offset}, have ${bytes.length}`);
  }
}
