/** Helpers for the decoder's `received` byte fields. */
import type { HI1Message } from './types.ts';

/** A deep copy of the message without any `received` fields (for comparing decoded and built messages). */
export function withoutReceivedBytes(m: HI1Message): HI1Message {
  const strip = (x: unknown): unknown => {
    if (x instanceof Uint8Array) return x;
    if (Array.isArray(x)) return x.map(strip);
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'received').map(([k, val]) => [k, strip(val)]));
    }
    return x;
  };
  return strip(m) as HI1Message;
}
