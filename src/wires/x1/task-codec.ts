/**
 * A compact, lossless encoding of one X1 TaskDetails (TS 103 221-1 §6.2.1.2), for a responder that
 * holds millions of them and reads them back only to answer GetTaskDetails / GetAllDetails (§6.4.2,
 * §6.4.5) or to undo a change: the MDF (docs/performance.md "Task tables at 4,000,000 tasks").
 *
 * A task becomes one one-byte JS string (a V8 SeqOneByteString: 1 byte per char, one allocation,
 * nothing for the GC to trace inside it). Structure and key order are kept exactly, so what
 * `decode` returns is deep-equal to what `TaskFreezer.freeze` (frozen-task.ts) returns for the same
 * task, frozen the same way, and encodes to the same XML. Values that recur across tasks are not
 * repeated per task:
 *  - an object's keys are one index into a table of key lists (shapes); XSD enumeration texts are
 *    indexes into a shared string table;
 *  - strings of fields whose values repeat (DIDs, taskedElements, ServiceTypes…) too, and the whole
 *    value of the fields of SHARED_FIELDS (ListOfDIDs, ServiceScopingOptions…) is one index into a
 *    table of frozen subtrees, handed out as the same object each time;
 *  - other strings are packed by their form when it survives the round trip exactly: a lower-case
 *    UUID in 16 bytes, lower-case hex in half its length, digits in BCD, an X1 timestamp (§6.1
 *    "YYYY-MM-DDTHH:MM:SS.ssssssZ", values.ts x1Timestamp) in 8 bytes; anything else as its text.
 * Both tables are bounded (MAX_STRINGS, MAX_SUBTREES): beyond them values are written in full, so
 * memory stays bounded whatever a client sends. A value this codec does not know (not JSON-like)
 * makes `encode` return undefined; the caller then keeps the frozen object.
 */
import type { TaskDetails } from '../../standards/x1/index.ts';
import { x1Timestamp } from '../../standards/x1/index.ts';
import { ENUM_TEXTS, SHARED_FIELDS } from './frozen-task.ts';

const OBJ = 1, ARR = 2, RAW = 3, UTF8 = 4, DICT = 5, UUID = 6, HEX = 7, DIGITS = 8, TIME = 9, NUM = 10, TRUE = 11, FALSE = 12, NULL = 13, UNDEF = 14, XID = 15, TREE = 16, NEG0 = 17, SHAPE = 18;

/** Fields whose string values are interned (they name shared things, not the task's own data). */
const INTERNED_FIELDS = new Set(['kind', 'deliveryType', 'listOfDIDs', 'listOfDSIDs', 'listOfServiceTypes', 'serviceType', 'taskedElements', 'listOfTrafficPolicyReferences']);
export const MAX_STRINGS = 65_536;
export const MAX_SUBTREES = 4096;
/** Distinct key lists (object shapes) kept: an object of a known shape is written without its keys. */
export const MAX_SHAPES = 4096;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_RE = /^(?:[0-9a-f]{2}){4,}$/;
const DIGITS_RE = /^[0-9]{4,}$/;
const TIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const ONE_BYTE_RE = /^[\0-\xff]*$/;

class Unencodable extends Error {}

export class TaskCodec {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly trees: unknown[] = [];
  private readonly treeIds = new Map<string, number>();
  private readonly shapes: (readonly string[])[] = [];
  private readonly shapeIds = new Map<string, number>();
  private wroteXid = false;

  constructor() {
    for (const s of ENUM_TEXTS) this.intern(s);
  }

  /** The task as one compact string, or undefined when it holds a value this codec does not know. */
  encode(t: TaskDetails): string | undefined {
    const out: string[] = [];
    try {
      this.value(t, '', out, t.xId);
    } catch (e) {
      if (e instanceof Unencodable) return undefined;
      throw e;
    }
    return out.join('');
  }

  /** The task back, deep-frozen, its shared lists the same objects as for every other task. */
  decode(s: string, xId: string): TaskDetails {
    const r = new Reader(s, this, xId);
    const v = r.value();
    if (r.pos !== s.length) throw new Error('trailing bytes in an encoded task');
    return v as TaskDetails;
  }

  private intern(s: string): number | undefined {
    const id = this.stringIds.get(s);
    if (id !== undefined || this.strings.length >= MAX_STRINGS) return id;
    this.stringIds.set(s, this.strings.length);
    this.strings.push(s);
    return this.strings.length - 1;
  }

  private value(v: unknown, field: string, out: string[], xId: string): void {
    if (typeof v === 'string') return this.string(v, INTERNED_FIELDS.has(field), out, field === 'xId' && v === xId);
    if (typeof v === 'number') {
      if (Object.is(v, -0)) return void out.push(chr(NEG0));
      out.push(chr(NUM));
      return this.raw(String(v), out);
    }
    if (typeof v === 'boolean') return void out.push(chr(v ? TRUE : FALSE));
    if (v === null) return void out.push(chr(NULL));
    if (v === undefined) return void out.push(chr(UNDEF));
    if (typeof v !== 'object' || !isPlain(v)) throw new Unencodable();
    if (SHARED_FIELDS.has(field)) {
      const id = this.tree(v, field, xId);
      if (id !== undefined) return void out.push(chr(TREE), varint(id));
    }
    if (Array.isArray(v)) {
      out.push(chr(ARR), varint(v.length));
      for (const x of v as unknown[]) this.value(x, field, out, xId);
      return;
    }
    this.object(v, out, xId);
  }

  private object(v: object, out: string[], xId: string): void {
    const entries = Object.entries(v);
    const keys = entries.map(([k]) => k);
    if (keys.includes('__proto__')) throw new Unencodable();
    const shape = this.shape(keys);
    if (shape !== undefined) out.push(chr(SHAPE), varint(shape));
    else {
      out.push(chr(OBJ), varint(entries.length));
    }
    for (const [k, x] of entries) {
      if (shape === undefined) this.string(k, true, out, false);
      this.value(x, k, out, xId);
    }
  }

  private shape(keys: string[]): number | undefined {
    const key = keys.join('\u0000');
    const known = this.shapeIds.get(key);
    if (known !== undefined || this.shapes.length >= MAX_SHAPES) return known;
    this.shapeIds.set(key, this.shapes.length);
    this.shapes.push(Object.freeze(keys));
    return this.shapes.length - 1;
  }

  /** The tables a Reader decodes with (internal to this file). */
  tables(): { strings: readonly string[]; trees: readonly unknown[]; shapes: readonly (readonly string[])[] } {
    return { strings: this.strings, trees: this.trees, shapes: this.shapes };
  }

  /** A repeated subtree: decoded once, frozen, and handed out as that one object. */
  private tree(v: object, field: string, xId: string): number | undefined {
    const body: string[] = [];
    const outer = this.wroteXid;
    this.wroteXid = false;
    if (Array.isArray(v)) {
      body.push(chr(ARR), varint(v.length));
      for (const x of v as unknown[]) this.value(x, field, body, xId);
    } else this.object(v, body, xId);
    const namesXid = this.wroteXid;
    this.wroteXid = outer || namesXid;
    if (namesXid) return undefined; // a subtree naming this task's own XID is not shared
    // Keyed by its encoding, which is exact (JSON would not tell undefined, -0 or NaN apart).
    const encoded = body.join('');
    const key = `${field}\u0000${encoded}`;
    const known = this.treeIds.get(key);
    if (known !== undefined || this.trees.length >= MAX_SUBTREES) return known;
    const frozen = new Reader(encoded, this, '').value();
    this.treeIds.set(key, this.trees.length);
    this.trees.push(frozen);
    return this.trees.length - 1;
  }

  private string(s: string, interned: boolean, out: string[], isXid: boolean): void {
    if (isXid) {
      this.wroteXid = true;
      return void out.push(chr(XID));
    }
    const id = interned ? this.intern(s) : this.stringIds.get(s);
    if (id !== undefined) return void out.push(chr(DICT), varint(id));
    if (UUID_RE.test(s)) return void out.push(chr(UUID), hexBytes(s.replace(/-/g, '')));
    if (HEX_RE.test(s)) return void out.push(chr(HEX), varint(s.length / 2), hexBytes(s));
    if (DIGITS_RE.test(s)) return void out.push(chr(DIGITS), varint(s.length), bcd(s));
    if (TIME_RE.test(s)) {
      const ms = Date.parse(`${s.slice(0, 23)}Z`);
      const micros = Number(s.slice(23, 26));
      if (Number.isFinite(ms) && ms >= 0 && ms < 2 ** 48 && x1Timestamp(new Date(ms), micros) === s) {
        return void out.push(chr(TIME), uint(ms, 6), uint(micros, 2));
      }
    }
    if (ONE_BYTE_RE.test(s)) {
      out.push(chr(RAW));
      return this.raw(s, out);
    }
    const bytes = Buffer.from(s, 'utf8').toString('latin1');
    out.push(chr(UTF8), varint(bytes.length), bytes);
  }

  private raw(s: string, out: string[]): void {
    out.push(varint(s.length), s);
  }
}

class Reader {
  pos = 0;
  private readonly strings: readonly string[];
  private readonly trees: readonly unknown[];
  private readonly shapes: readonly (readonly string[])[];
  constructor(private readonly s: string, codec: TaskCodec, private readonly xId: string) {
    ({ strings: this.strings, trees: this.trees, shapes: this.shapes } = codec.tables());
  }

  value(): unknown {
    const tag = this.byte();
    switch (tag) {
      case OBJ: {
        const n = this.varint();
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const k = this.string(this.byte());
          o[k] = this.value();
        }
        return Object.freeze(o);
      }
      case SHAPE: {
        const keys = this.shapes[this.varint()]!;
        const o: Record<string, unknown> = {};
        for (const k of keys) o[k] = this.value();
        return Object.freeze(o);
      }
      case ARR: {
        const n = this.varint();
        const a: unknown[] = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        return Object.freeze(a);
      }
      case NUM:
        return Number(this.take(this.varint()));
      case NEG0:
        return -0;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case UNDEF:
        return undefined;
      case TREE:
        return this.trees[this.varint()];
      default:
        return this.string(tag);
    }
  }

  private string(tag: number): string {
    switch (tag) {
      case XID:
        return this.xId;
      case DICT:
        return this.strings[this.varint()]!;
      case RAW:
        return this.take(this.varint());
      case UTF8:
        return Buffer.from(this.take(this.varint()), 'latin1').toString('utf8');
      case UUID: {
        const h = this.hex(16);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      }
      case HEX:
        return this.hex(this.varint());
      case DIGITS: {
        const n = this.varint();
        let d = '';
        for (let i = 0; i < n; i += 2) {
          const b = this.byte();
          d += String(b >> 4);
          if (i + 1 < n) d += String(b & 15);
        }
        return d;
      }
      case TIME: {
        const ms = this.uint(6);
        return x1Timestamp(new Date(ms), this.uint(2));
      }
      default:
        throw new Error(`not a string tag ${tag} in an encoded task`);
    }
  }

  private byte(): number {
    if (this.pos >= this.s.length) throw new Error('an encoded task ends early');
    return this.s.charCodeAt(this.pos++);
  }

  private varint(): number {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  }

  private uint(bytes: number): number {
    let n = 0;
    for (let i = 0; i < bytes; i++) n = n * 256 + this.byte();
    return n;
  }

  private take(n: number): string {
    if (this.pos + n > this.s.length) throw new Error('an encoded task ends early');
    const v = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  private hex(n: number): string {
    return Buffer.from(this.take(n), 'latin1').toString('hex');
  }
}

const isPlain = (v: object): boolean => {
  const p: unknown = Object.getPrototypeOf(v);
  return Array.isArray(v) ? p === Array.prototype : p === Object.prototype || p === null;
};
const chr = (n: number): string => String.fromCharCode(n);

function varint(n: number): string {
  let s = '';
  while (n >= 0x80) {
    s += chr((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  return s + chr(n);
}

function uint(n: number, bytes: number): string {
  let s = '';
  for (let i = bytes - 1; i >= 0; i--) s += chr(Math.floor(n / 256 ** i) % 256);
  return s;
}

const hexBytes = (h: string): string => Buffer.from(h, 'hex').toString('latin1');

function bcd(d: string): string {
  let s = '';
  for (let i = 0; i < d.length; i += 2) s += chr(((d.charCodeAt(i) - 48) << 4) | (i + 1 < d.length ? d.charCodeAt(i + 1) - 48 : 0));
  return s;
}
