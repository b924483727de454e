/**
 * Differential and property tests of the BER stream framer (framer.ts), which hands out views of the
 * received chunks: over seeded streams of BER elements (definite lengths in every form X.690 §8.1.3
 * allows, high tag numbers §8.1.2.4, indefinite lengths §8.1.3.6, elements up to 70 000 octets),
 * their mutants and truncations, cut into chunks of 1 octet to 64 KiB:
 * - every push gives exactly what the previous framer (join the held octets with the chunk, copy
 *   each element out; kept below as the reference) gives for the same chunks, or the same error;
 * - any split gives the same elements and the same error as the whole stream in one push;
 * - elements handed out stay intact while later chunks arrive (nothing is written into them again),
 *   and are plain Uint8Arrays even when the chunks are Buffers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { BerDecodeError, BerStreamFramer, elementEnd, encodeBer, TagClass, type BerNode } from './index.ts';
import { prng } from '../../../test/helpers/random.ts';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** The framer as it was before views (one joined copy per push, a copy per element): the reference. */
class JoiningFramer {
  private buf = new Uint8Array(0);
  constructor(private readonly maxElementSize = 16 * 1024 * 1024) {}
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    const out: Uint8Array[] = [];
    let p = 0;
    while (p < joined.length) {
      const e = elementEnd(joined, p, joined.length);
      if (e === undefined) {
        if (joined.length - p > this.maxElementSize) throw new BerDecodeError('BER_TOO_LARGE', 'too large');
        break;
      }
      if (e - p > this.maxElementSize) throw new BerDecodeError('BER_TOO_LARGE', 'too large');
      out.push(joined.slice(p, e));
      p = e;
    }
    this.buf = joined.slice(p);
    return out;
  }
  get pending(): number {
    return this.buf.length;
  }
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

function randomNode(r: Rand, depth: number): BerNode {
  const cls = [TagClass.Universal, TagClass.Context, TagClass.Application, TagClass.Private][int(r, 4)]!;
  const tag = r() < 0.15 ? 31 + int(r, 20000) : int(r, 31); // high tag numbers too (X.690 §8.1.2.4)
  if (depth > 3 || r() < 0.5) {
    // Contents of every length form: short, 1, 2 and 3 length octets.
    const size = [int(r, 127), 128 + int(r, 128), 256 + int(r, 3000), r() < 0.05 ? 65_536 + int(r, 4000) : int(r, 400)][int(r, 4)]!;
    return { cls, tag, value: Uint8Array.from({ length: size }, () => int(r, 256)) };
  }
  return { cls, tag, children: Array.from({ length: int(r, 4) }, () => randomNode(r, depth + 1)) };
}

/** The indefinite form of a constructed element (X.690 §8.1.3.6): 0x80 length, contents, 00 00. */
function indefinite(children: Uint8Array[]): Uint8Array {
  return Buffer.concat([Uint8Array.of(0x30, 0x80), ...children, Uint8Array.of(0, 0)]);
}

function randomStream(r: Rand): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = 1 + int(r, 40);
  for (let i = 0; i < n; i++) {
    const el = encodeBer(randomNode(r, 0));
    parts.push(r() < 0.1 ? indefinite([el, encodeBer(randomNode(r, 2))]) : el);
  }
  return Buffer.concat(parts);
}

function mutate(r: Rand, s: Uint8Array): Uint8Array {
  const m = Uint8Array.from(s);
  switch (int(r, 4)) {
    case 0: // a few octets changed (often a tag or length octet: the framing breaks or shifts)
      for (let k = 0; k < 1 + int(r, 3); k++) m[int(r, m.length)] = int(r, 256);
      return m;
    case 1: // truncated: the last element is left pending
      return m.subarray(0, int(r, m.length));
    case 2: // a reserved or over-long length octet where an element starts
      return Buffer.concat([m, Uint8Array.of(0x04, [0xff, 0x87, 0x80][int(r, 3)]!, 1, 2, 3)]);
    default: // random octets appended
      return Buffer.concat([m, Uint8Array.from({ length: 1 + int(r, 20) }, () => int(r, 256))]);
  }
}

/** Cuts `s` into Buffers of 1 octet to 64 KiB (log-uniform: many small and some large chunks). */
function split(r: Rand, s: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  for (let p = 0; p < s.length; ) {
    const n = Math.max(1, Math.floor(2 ** (r() * 16)));
    out.push(Buffer.from(s.subarray(p, p + n))); // a fresh Buffer per chunk, as a socket gives
    p += n;
  }
  return out;
}

interface Fed {
  perPush: string[][];
  error?: string;
  pending?: number;
}

function feed(f: { push(c: Uint8Array): Uint8Array[]; pending: number }, chunks: Uint8Array[], kept?: [Uint8Array, string][]): Fed {
  const perPush: string[][] = [];
  for (const c of chunks) {
    try {
      const got = f.push(c);
      for (const g of got) {
        assert.equal(Object.getPrototypeOf(g), Uint8Array.prototype, 'elements are plain Uint8Arrays');
        kept?.push([g, hex(g)]);
      }
      perPush.push(got.map(hex));
    } catch (e) {
      assert.ok(e instanceof BerDecodeError, `untyped error ${String(e)}`);
      return { perPush, error: e.code };
    }
  }
  return { perPush, pending: f.pending };
}

/** The elements in order up to where the stream stops being whole or well-formed. */
function elementsBefore(stream: Uint8Array): string[] {
  const out: string[] = [];
  for (let p = 0; ; ) {
    let e: number | undefined;
    try {
      e = elementEnd(stream, p, stream.length);
    } catch {
      return out;
    }
    if (e === undefined) return out;
    out.push(hex(stream.subarray(p, e)));
    p = e;
  }
}

/** deepStrictEqual with a short message (the diff of long hex strings takes minutes to print). */
function same<T>(actual: T, expected: T, label: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  let i = 0;
  while (i < a.length && a[i] === e[i]) i++;
  assert.fail(`${label}: differs at character ${i}: …${a.slice(Math.max(0, i - 40), i + 40)}… expected …${e.slice(Math.max(0, i - 40), i + 40)}…`);
}

function check(r: Rand, stream: Uint8Array, max: number, label: string): void {
  const whole = feed(new BerStreamFramer(max), [Buffer.from(stream)]);
  same(whole, feed(new JoiningFramer(max), [Buffer.from(stream)]), `${label}: whole stream`);
  const all = whole.perPush.flat();
  for (let k = 0; k < 3; k++) {
    const chunks = split(r, stream);
    const kept: [Uint8Array, string][] = [];
    const got = feed(new BerStreamFramer(max), chunks, kept);
    same(got, feed(new JoiningFramer(max), chunks), `${label}: split ${k}, push by push`);
    const frames = got.perPush.flat();
    if (whole.error === undefined) {
      same(frames, all, `${label}: split ${k}, same elements`);
      assert.equal(got.pending, whole.pending, `${label}: split ${k}, same octets pending`);
    } else {
      // The whole stream's push throws before handing out anything: compare with the elements in order.
      assert.equal(got.error, whole.error, `${label}: split ${k}, same error`);
      const before = elementsBefore(stream);
      same(frames, before.slice(0, frames.length), `${label}: split ${k}, elements before the error`);
    }
    for (const [g, h] of kept) if (hex(g) !== h) assert.fail(`${label}: split ${k}, an element handed out changed later`);
  }
}

test('framer: random splits of element streams give the elements and errors of the whole stream and of the joining framer', () => {
  const r = prng(0x5eed_b0b);
  for (let i = 0; i < 150; i++) {
    const stream = randomStream(r);
    check(r, stream, 16 * 1024 * 1024, `stream ${i}`);
    check(r, stream, 1 + int(r, 3000), `stream ${i}, small limit`);
  }
});

test('framer: mutants and truncations give the same elements and the same error codes, split or whole', () => {
  const r = prng(0xbad_f00d);
  for (let i = 0; i < 300; i++) {
    const stream = mutate(r, randomStream(r));
    check(r, stream, i % 3 === 0 ? 1 + int(r, 5000) : 16 * 1024 * 1024, `mutant ${i}`);
  }
  for (let i = 0; i < 200; i++) check(r, Uint8Array.from({ length: int(r, 600) }, () => int(r, 256)), 4096, `random ${i}`);
});

test('framer: an element wholly inside a chunk is a view of it; one split across chunks is assembled once', () => {
  const a = encodeBer({ cls: TagClass.Universal, tag: 4, value: new Uint8Array(300).fill(1) });
  const b = encodeBer({ cls: TagClass.Universal, tag: 4, value: new Uint8Array(200).fill(2) });
  const chunk = Buffer.concat([a, b.subarray(0, 50)]);
  const f = new BerStreamFramer();
  const [first] = f.push(chunk);
  assert.equal(first!.buffer, chunk.buffer, 'a view, no copy');
  assert.equal(f.pending, 50);
  const rest = Buffer.from(b.subarray(50));
  const [second] = f.push(rest);
  assert.notEqual(second!.buffer, rest.buffer, 'assembled in a buffer of its own');
  assert.equal(hex(second!), hex(b));
  assert.equal(f.pending, 0);
});

test('framer: elements and pending octets at the size limit, cut at every point, as the joining framer', () => {
  // `size` octets in all: definite (one OCTET STRING) or indefinite (one inside 30 80 … 00 00).
  const contents = (size: number) => size - (size - 2 < 128 ? 2 : size - 3 < 256 ? 3 : 4); // X.690 §8.1.3.4–5
  const definite = (size: number) => encodeBer({ cls: TagClass.Universal, tag: 4, value: new Uint8Array(contents(size)).fill(5) });
  const indef = (size: number) => indefinite([definite(size - 4)]);
  for (const max of [8, 40, 300]) {
    for (const size of [max - 1, max, max + 1]) {
      for (const make of [definite, indef]) {
        const el = make(size);
        assert.equal(el.length, size);
        // Then the first `max` octets of a longer element: exactly the limit pending.
        for (const tail of [definite(max + 5).subarray(0, max), indef(max + 8).subarray(0, max)]) {
          const stream = Buffer.concat([el, tail]);
          for (let cut = 0; cut <= stream.length; cut++) {
            const chunks = [stream.subarray(0, cut), stream.subarray(cut)].map((c) => Buffer.from(c));
            same(feed(new BerStreamFramer(max), chunks), feed(new JoiningFramer(max), chunks), `max ${max}, element ${el.length}, cut ${cut}`);
          }
        }
      }
    }
  }
});

test('framer: a large split element grows with what arrives, whatever the chunk sizes', () => {
  const r = prng(0x9a0);
  const big = encodeBer({ cls: TagClass.Universal, tag: 4, value: Uint8Array.from({ length: 600_000 }, () => int(r, 256)) });
  const stream = Buffer.concat([big, big]);
  for (const cuts of [[10, 70_000, 470_000], [3, 4], [65_540, 65_541, 600_000], [599_999, 600_010, 1_100_000]]) {
    const chunks = [0, ...cuts, stream.length].slice(1).map((end, i, ends) => Buffer.from(stream.subarray(i === 0 ? 0 : ends[i - 1]!, end)));
    assert.equal(chunks.reduce((a, c) => a + c.length, 0), stream.length);
    same(feed(new BerStreamFramer(), chunks), feed(new JoiningFramer(), chunks), `cuts ${cuts.join(',')}`);
  }
});
