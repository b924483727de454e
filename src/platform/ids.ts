/**
 * Deterministic identifiers: a UUID in the version-4 layout (TS 103 221-1 §5.1.2 wants v4 XIDs/DIDs)
 * whose bits come from SHA-256 over a domain-separation label and the parts, so the same warrant,
 * target and operator always give the same XID, DID or HI-1 object id.
 */
import { createHash } from 'node:crypto';

export function stableUuid(domain: string, ...parts: string[]): string {
  const h = createHash('sha256').update(`${domain}\n${parts.join('\n')}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
