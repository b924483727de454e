/**
 * Typed errors of the classic pcap reader. The pcap format (draft-ietf-opsawg-pcap) has no error
 * codes of its own. Packets that are not IPv4/IPv6 TCP, or whose IP/TCP headers are malformed, are
 * skipped rather than raised: a capture holds other traffic too.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../../platform/errors.ts';

export const ERROR_CODES = [
  { code: 'PCAP_BAD_MAGIC', meaning: 'The file does not start with a classic pcap magic number (0xa1b2c3d4 or 0xa1b23c4d, either byte order); pcapng is not supported.' },
  { code: 'PCAP_TRUNCATED', meaning: 'The file ends inside the 24-octet file header, a 16-octet record header or a record\'s captured data.' },
  { code: 'PCAP_UNSUPPORTED_LINKTYPE', meaning: 'TCP payloads were asked for from a link type other than NULL/LOOP (0, 108), Ethernet (1), raw IP (12, 101, 228, 229), Linux SLL (113) or SLL2 (276).' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type PcapErrorCode = (typeof ERROR_CODES)[number]['code'];

export class PcapError extends WarrantedError {
  declare readonly code: PcapErrorCode;
  constructor(code: PcapErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}
