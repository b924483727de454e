/**
 * BER definite length octets (X.690 §8.1.3.3-8.1.3.5) for the PS-PDU template (template.ts), the same
 * octets as ber/tag.ts's lengthLength and writeLength (tested in fast-length.test.ts).
 */
import { lengthLength as importedLengthLength, writeLength as importedWriteLength } from '../ber/index.ts';

/**
 * BER definite length (X.690 §8.1.3): the octets of ber/tag.ts's, by comparisons and shifts. Its loops
 * divide by 256 and raise 256 to a power per octet, and every constructed layer of a PS-PDU has a long
 * form length (a CC of 200 octets is several layers of 128 or more): a fifth of this encoder's time.
 * Lengths of 2^32 or more (never a PS-PDU in memory) take the generic functions.
 */
export function lengthLength(len: number): number {
  if (len < 0x80) return 1;
  if (len < 0x100) return 2;
  if (len < 0x10000) return 3;
  if (len < 0x1000000) return 4;
  if (len < 0x100000000) return 5;
  return importedLengthLength(len);
}

export function writeLength(out: Uint8Array, pos: number, len: number): number {
  if (len < 0x80) {
    out[pos] = len;
    return pos + 1;
  }
  if (len < 0x100) {
    out[pos] = 0x81;
    out[pos + 1] = len;
    return pos + 2;
  }
  if (len < 0x10000) {
    out[pos] = 0x82;
    out[pos + 1] = len >>> 8;
    out[pos + 2] = len & 0xff;
    return pos + 3;
  }
  if (len < 0x1000000) {
    out[pos] = 0x83;
    out[pos + 1] = len >>> 16;
    out[pos + 2] = (len >>> 8) & 0xff;
    out[pos + 3] = len & 0xff;
    return pos + 4;
  }
  if (len < 0x100000000) {
    out[pos] = 0x84;
    out[pos + 1] = len >>> 24;
    out[pos + 2] = (len >>> 16) & 0xff;
    out[pos + 3] = (len >>> 8) & 0xff;
    out[pos + 4] = len & 0xff;
    return pos + 5;
  }
  return importedWriteLength(out, pos, len);
}
