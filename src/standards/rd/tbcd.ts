/**
 * TBCD digit strings (3GPP TS 29.002 §17.7.8 TBCD-STRING, the "format as per 3GPP TS 09.02" of
 * RDMessage's IMSI and IMEI): two digits per octet, the first digit in the low nibble, an odd count
 * padded with the filler 0xF in the last high nibble.
 */
import { RdDecodeError, RdEncodeError } from './errors.ts';

export function encodeTbcd(digits: string): Uint8Array {
  if (!/^[0-9]+$/u.test(digits)) throw new RdEncodeError('RD_ENCODE', 'TBCD holds decimal digits only');
  const out = new Uint8Array(Math.ceil(digits.length / 2));
  for (let i = 0; i < digits.length; i += 2) {
    const lo = digits.charCodeAt(i) - 0x30;
    const hi = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 0x30 : 0xf;
    out[i / 2] = (hi << 4) | lo;
  }
  return out;
}

export function decodeTbcd(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const lo = b & 0x0f;
    const hi = b >> 4;
    if (lo > 9) throw new RdDecodeError('RD_BAD_VALUE', 'TBCD octet with a non-digit low nibble');
    s += String(lo);
    if (hi === 0xf && i === bytes.length - 1) break;
    if (hi > 9) throw new RdDecodeError('RD_BAD_VALUE', 'TBCD octet with a non-digit high nibble');
    s += String(hi);
  }
  return s;
}
