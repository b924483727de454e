/**
 * Seeded randomness for fuzz and split tests (and scripts/fuzz.ts): the same seed gives the same
 * inputs on every run and machine, so a failure can be replayed. Not for cryptography.
 */

/** mulberry32 (T. Ettinger): a 32-bit state PRNG returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` octets drawn from `rand`, in order. */
export function randomBytes(rand: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(rand() * 256));
}
