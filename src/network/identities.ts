/**
 * Identity numbering for synthetic subscribers: bijective index ↔ number maps so a subscriber's
 * MSISDN, IMSI and IMEI are computed from its index (no per-subscriber storage) and an identity
 * can be mapped back to its index in O(1). Also the Luhn check digit of IMEIs (3GPP TS 23.003
 * §6.2.1 and Annex B: the check digit is computed over the 14-digit TAC + SNR with the Luhn formula).
 */

/** Luhn check digit of a digit string (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Double every second digit counting from the rightmost of the body (TS 23.003 Annex B.2).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(digitsWithCheck: string): boolean {
  if (!/^\d{2,}$/.test(digitsWithCheck)) return false;
  return luhnCheckDigit(digitsWithCheck.slice(0, -1)) === Number(digitsWithCheck.slice(-1));
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/**
 * An affine permutation i ↦ (a·i + b) mod 10^digits, a coprime with 10: spreads consecutive
 * indices over the numbering space so numbers look allocated, not sequential, and stay unique.
 */
export class DigitPermutation {
  private readonly modulus: bigint;
  private readonly a: bigint;
  private readonly b: bigint;
  private readonly aInverse: bigint;

  constructor(
    readonly digits: number,
    multiplierSeed: number,
    offsetSeed: number,
  ) {
    this.modulus = 10n ** BigInt(digits);
    let a = BigInt(multiplierSeed >>> 0) % this.modulus;
    // make a coprime with 10 (odd and not a multiple of 5)
    if (a % 2n === 0n) a += 1n;
    if (a % 5n === 0n) a += 2n;
    this.a = a % this.modulus === 0n ? 1n : a % this.modulus;
    this.b = BigInt(offsetSeed >>> 0) % this.modulus;
    this.aInverse = modInverse(this.a, this.modulus);
  }

  get size(): number {
    return Number(this.modulus);
  }

  forward(index: number): string {
    return ((this.a * BigInt(index) + this.b) % this.modulus).toString().padStart(this.digits, '0');
  }

  /** The index whose number is `value` (digits only). */
  inverse(value: string): number {
    const v = BigInt(value) % this.modulus;
    return Number((((v - this.b) % this.modulus + this.modulus) % this.modulus * this.aInverse) % this.modulus);
  }
}

/** IPv4 CIDR pool: index ↔ address (index 0 is the first host after the network address). */
export class Ipv4Pool {
  readonly base: number;
  readonly size: number;
  constructor(readonly cidr: string) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    const parts = m ? [m[1], m[2], m[3], m[4]].map(Number) : [];
    const prefix = Number(m?.[5] ?? -1);
    if (!m || parts.some((p) => p > 255) || prefix < 8 || prefix > 30) throw new RangeError(`bad IPv4 pool ${cidr}`);
    const address = (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
    const hostBits = 32 - prefix;
    this.base = (address >>> hostBits) * 2 ** hostBits;
    this.size = 2 ** hostBits - 2; // no network/broadcast address
  }
  address(index: number): string {
    const v = this.base + 1 + index;
    return `${Math.floor(v / 2 ** 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  indexOf(address: string): number | undefined {
    const parts = address.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    const v = ((parts[0] ?? 0) * 2 ** 24) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
    const index = v - this.base - 1;
    return index >= 0 && index < this.size ? index : undefined;
  }
  overlaps(other: Ipv4Pool): boolean {
    return this.base < other.base + other.size + 2 && other.base < this.base + this.size + 2;
  }
}
