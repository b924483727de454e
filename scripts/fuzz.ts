/**
 * Coverage-free mutation fuzzer over every decoder of src/standards: seeds are the shared
 * third-party vectors (read in place from ../shared, when present) and the project's own encoder
 * output; each iteration mutates a seed (or makes random bytes) and feeds it to the target's
 * decoders, whole and through the streaming framers in random pieces. Decoders may only throw
 * typed errors (WarrantedError); anything else, or an input that takes longer than --slow-ms, is a
 * finding: the input is saved under .data/fuzz-crashes/ and the run exits non-zero.
 *
 *   node --import tsx scripts/fuzz.ts [--seconds N] [--target x1|x2x3|pspdu|ts33128|hi1|identifiers|ber|rd|all] [--seed S]
 *
 * --seconds is the whole run's budget, shared evenly by the chosen targets (default 60).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WarrantedError } from '../src/platform/errors.ts';
import { decodeX1Request, decodeX1Response, encodeX1Request, encodeX1Response } from '../src/standards/x1/index.ts';
import { requestContainers, responseContainers, topLevelError as x1TopLevelError } from '../src/standards/x1/test-samples.ts';
import { decodeHI1Message, encodeHI1Message } from '../src/standards/hi1/index.ts';
import { allVerbsRequest, allVerbsResponse, objects as hi1Objects, requestWith, topLevelError as hi1TopLevelError } from '../src/standards/hi1/test-fixtures.ts';
import { decodeProprietaryPayload, decodeX2X3Pdu, decodeX2X3Pdus, encodeX2X3Pdu, X2X3Framer } from '../src/standards/x2x3/index.ts';
import { basePdu, everyAttribute, everyPduTypeAndFormat, x2SipPdu, x3RtpPdu } from '../src/standards/x2x3/x2x3.fixtures.ts';
import { decodePsPdu, encodePsPdu, PsPduStreamReader } from '../src/standards/hi2hi3/index.ts';
import { decodeRdMessage, encodeRdMessage, parseExactRequest } from '../src/standards/rd/index.ts';
import { sampleMessages as rdSamples } from '../src/standards/rd/test-fixtures.ts';
import { samples as psPduSamples } from '../src/standards/hi2hi3/test-fixtures.ts';
import { prng, randomBytes } from '../test/helpers/random.ts';
import * as ts33128 from '../src/standards/ts33128/index.ts';
import { sampleCCPayloads, sampleLINotificationPayloads, sampleXIRIPayloads } from '../src/standards/ts33128/fixtures.ts';
import { BerStreamFramer, children, decodeAll, decodeBer, type BerElement } from '../src/standards/ber/index.ts';
import { detectTargetIdentifier, parseLiid, parseTargetIdentifier, TARGET_IDENTIFIER_KINDS } from '../src/standards/identifiers/index.ts';

export const FUZZ_TARGETS = ['x1', 'x2x3', 'pspdu', 'ts33128', 'hi1', 'identifiers', 'ber', 'rd'] as const;
export type FuzzTargetName = (typeof FUZZ_TARGETS)[number];

export interface FuzzOptions {
  targets: readonly FuzzTargetName[];
  /** Seed of the PRNG (runs are reproducible for a given seed and iteration count). */
  seed: number;
  /** Wall-clock budget for the whole run; ignored when `iterations` is set. */
  seconds?: number;
  /** Fixed number of inputs per target (deterministic; used by the smoke test). */
  iterations?: number;
  /** Where findings are saved (default .data/fuzz-crashes). */
  crashDir?: string;
  /** An input slower than this is a finding (a decoder must not hang). Default 2000. */
  slowMs?: number;
  log?: (line: string) => void;
  /** Replaces a target's decoder call (tests use it to check that a crash is caught and saved). */
  runOverride?: Partial<Record<FuzzTargetName, (input: Uint8Array) => boolean>>;
}

export interface FuzzFinding {
  target: FuzzTargetName;
  kind: 'crash' | 'slow';
  message: string;
  file: string;
}

export interface FuzzReport {
  perTarget: Record<string, { inputs: number; decoded: number; rejected: number; seeds: number }>;
  findings: FuzzFinding[];
}

const te = new TextEncoder();
const td = new TextDecoder();
const repoRoot = resolve(import.meta.dirname, '..');
const sharedDir = process.env.WARRANTED_SHARED ?? resolve(repoRoot, '../shared');

/** Files under a shared folder (recursively) whose names end in one of `exts`; [] when absent. */
function sharedFiles(rel: string, exts: string[]): Uint8Array[] {
  const dir = join(sharedDir, rel);
  if (!existsSync(dir)) return [];
  const out: Uint8Array[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (exts.some((e) => n.endsWith(e))) out.push(new Uint8Array(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}

interface Target {
  name: FuzzTargetName;
  seeds: () => Uint8Array[];
  /** Feeds one input to every decoder of the target; returns true when the main decoder accepted it. */
  run: (input: Uint8Array, rand: () => number) => boolean;
  /** Text formats get tag-level mutations as well. */
  text?: boolean;
}

/** Calls `fn`; typed errors are "rejected" (false), anything else propagates as a crash. */
function accepts(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof WarrantedError) {
      // Typed errors may chain a library's error as their cause (libxml2, BER layer): that is fine.
      // But the X2/X3 framer turns an *unexpected* exception into X2X3_FRAMER_FAILED: a hidden crash.
      if (e.code === 'X2X3_FRAMER_FAILED' && e.cause !== undefined && !(e.cause instanceof WarrantedError)) {
        throw e.cause instanceof Error ? e.cause : new Error("X2X3_FRAMER_FAILED hid a non-Error exception", { cause: e.cause });
      }
      return false;
    }
    throw e;
  }
}

/** Feeds `input` to `push` in random pieces (1..64 octets). */
function inPieces(input: Uint8Array, rand: () => number, push: (chunk: Uint8Array) => unknown): void {
  for (let o = 0; o < input.length; ) {
    const n = 1 + Math.floor(rand() * 64);
    push(input.subarray(o, o + n));
    o += n;
  }
}

function walkBer(el: BerElement, depth = 0): void {
  if (el.constructed && depth < 64) for (const c of children(el)) walkBer(c, depth + 1);
}

const TARGETS: Record<FuzzTargetName, Target> = {
  x1: {
    name: 'x1',
    text: true,
    seeds: () => [
      ...sharedFiles('vectors/third-party/x1', ['.xml']),
      ...sharedFiles('validators/testdata', ['.xml']).filter((b) => td.decode(b.subarray(0, 300)).includes('03221/X1')),
      ...sharedFiles('standards/ts103221-1/examples-third-party', ['.xml']),
      ...requestContainers.map((c) => te.encode(encodeX1Request(c))),
      ...responseContainers.map((c) => te.encode(encodeX1Response(c))),
      te.encode(encodeX1Response(x1TopLevelError)),
    ],
    run: (input) => {
      const a = accepts(() => decodeX1Request(input));
      const b = accepts(() => decodeX1Response(input));
      return a || b;
    },
  },
  hi1: {
    name: 'hi1',
    text: true,
    seeds: () => [
      ...sharedFiles('vectors/third-party/hi1', ['.xml']),
      ...sharedFiles('standards/ts103120/examples/xml', ['.xml']),
      ...[allVerbsRequest, allVerbsResponse, hi1TopLevelError, ...hi1Objects.map((o) => requestWith(o))].map((m) => te.encode(encodeHI1Message(m))),
    ],
    run: (input) => accepts(() => decodeHI1Message(input)),
  },
  x2x3: {
    name: 'x2x3',
    seeds: () => [
      ...sharedFiles('validators/testdata', ['.bin']),
      ...sharedFiles('vectors/third-party/x2x3', ['.bin']),
      ...[...everyPduTypeAndFormat(), x3RtpPdu(1), x2SipPdu(2), basePdu({ attributes: everyAttribute() })].map((p) => encodeX2X3Pdu(p).slice()),
    ],
    run: (input, rand) => {
      const one = accepts(() => decodeX2X3Pdu(input));
      accepts(() => decodeX2X3Pdus(input));
      accepts(() => decodeProprietaryPayload(input));
      const framer = new X2X3Framer({ maxPduSize: 1 << 20 });
      accepts(() => {
        inPieces(input, rand, (c) => framer.push(c));
        framer.finish();
      });
      return one;
    },
  },
  pspdu: {
    name: 'pspdu',
    seeds: () => [
      ...sharedFiles('validators/testdata', ['.ber']).filter((b) => b[0] === 0x30 && b[2] === 0xa1),
      ...psPduSamples.map((s) => encodePsPdu(s.pdu)),
    ],
    run: (input, rand) => {
      const ok = accepts(() => decodePsPdu(input));
      const reader = new PsPduStreamReader({ maxPduSize: 1 << 20 });
      accepts(() => inPieces(input, rand, (c) => reader.push(c)));
      return ok;
    },
  },
  ts33128: {
    name: 'ts33128',
    seeds: () => [
      ...sharedFiles('validators/testdata', ['.ber']).filter((b) => !(b[0] === 0x30 && b[2] === 0xa1)),
      ...sampleXIRIPayloads.map((p) => ts33128.encodeXIRIPayload(p)),
      ...sampleXIRIPayloads.map((p) => ts33128.encodeIRIPayload(ts33128.xiriToIri(p))),
      ...sampleCCPayloads.map((p) => ts33128.encodeCCPayload(p)),
      ...sampleLINotificationPayloads.map((p) => ts33128.encodeLINotificationPayload(p)),
    ],
    run: (input) => {
      const results = [ts33128.decodeXIRIPayload, ts33128.decodeIRIPayload, ts33128.decodeCCPayload, ts33128.decodeLINotificationPayload].map((d) => accepts(() => d(input)));
      return results.some(Boolean);
    },
  },
  ber: {
    name: 'ber',
    seeds: () => [...sharedFiles('validators/testdata', ['.ber']), ...psPduSamples.slice(0, 6).map((s) => encodePsPdu(s.pdu)), ...sampleXIRIPayloads.slice(0, 6).map((p) => ts33128.encodeXIRIPayload(p))],
    run: (input, rand) => {
      const ok = accepts(() => walkBer(decodeBer(input)));
      accepts(() => decodeAll(input).forEach((e) => walkBer(e)));
      const framer = new BerStreamFramer(1 << 20);
      accepts(() => inPieces(input, rand, (c) => framer.push(c)));
      return ok;
    },
  },
  rd: {
    name: 'rd',
    seeds: () => rdSamples().map(([, m]) => encodeRdMessage(m)),
    run: (input) =>
      accepts(() => {
        const msg = decodeRdMessage(input);
        encodeRdMessage(msg);
        if ('requestMessage' in msg.retainedDataPayload) accepts(() => parseExactRequest(msg));
      }),
  },
  identifiers: {
    name: 'identifiers',
    text: true,
    seeds: () =>
      [
        '447700900123', '+447700900123', '001010123456789', '35209900176148', '352099001761481', '3520990017614823',
        'sip:alice@example.com', 'sips:bob@[2001:db8::1]:5061;transport=tls', 'tel:+44-20-7946-0223', '192.0.2.1',
        '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1', '192.0.2.0/24', '2001:db8::/48', 'alice@example.com',
        'imsi-001010123456789', 'nai-user@realm.example', 'msisdn-447700900123', 'imei-35209900176148', 'LIID-EX-0042',
      ].map((s) => te.encode(s)),
    run: (input) => {
      const raw = td.decode(input);
      let any = accepts(() => detectTargetIdentifier(raw));
      for (const kind of TARGET_IDENTIFIER_KINDS) any = accepts(() => parseTargetIdentifier(kind, raw)) || any;
      accepts(() => parseLiid(raw));
      return any;
    },
  },
};

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0xa0, 0x1f, 0x3c, 0x3e, 0x26];
const XML_SNIPPETS = ['<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;', '<?pi x?>', '<![CDATA[x]]>', '<!-- c -->', '&#0;', '&#xD800;', ' xmlns="urn:x"', ' xsi:type="x:Y"', '\u0000', '\uFFFF', '\u{1F600}', '</a>', '<a>'];

/** One mutation of `seed` (several stacked), or a splice with another seed, or random bytes. */
export function mutate(rand: () => number, seed: Uint8Array, other: Uint8Array, text: boolean): Uint8Array {
  const pick = (n: number): number => Math.floor(rand() * n);
  if (rand() < 0.05) return randomBytes(rand, pick(256));
  let b: Uint8Array = seed.slice();
  const rounds = 1 + pick(rand() < 0.8 ? 3 : 12);
  for (let r = 0; r < rounds; r++) {
    const at = pick(b.length + 1);
    switch (pick(text ? 10 : 8)) {
      case 0:
        if (b.length) b[Math.min(at, b.length - 1)] = pick(256);
        break;
      case 1:
        if (b.length) b[Math.min(at, b.length - 1)]! ^= 1 << pick(8);
        break;
      case 2:
        if (b.length) b[Math.min(at, b.length - 1)] = INTERESTING[pick(INTERESTING.length)]!;
        break;
      case 3: // delete a range
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + pick(16))]);
        break;
      case 4: // duplicate a range
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at, at + 1 + pick(32)), ...b.subarray(at)]);
        break;
      case 5: // truncate
        b = b.subarray(0, at);
        break;
      case 6: { // splice in part of another seed
        const from = pick(other.length + 1);
        b = Uint8Array.from([...b.subarray(0, at), ...other.subarray(from, from + pick(64)), ...b.subarray(at + pick(8))]);
        break;
      }
      case 7: // random bytes inserted
        b = Uint8Array.from([...b.subarray(0, at), ...Array.from({ length: 1 + pick(8) }, () => pick(256)), ...b.subarray(at)]);
        break;
      case 8: { // XML-aware: insert a troublesome snippet at a tag boundary
        const s = td.decode(b);
        const i = s.indexOf('>', pick(s.length + 1));
        const j = i < 0 ? s.length : i + 1;
        b = te.encode(s.slice(0, j) + XML_SNIPPETS[pick(XML_SNIPPETS.length)]! + s.slice(j));
        break;
      }
      default: { // XML-aware: drop or repeat one element's start tag
        const s = td.decode(b);
        const i = s.indexOf('<', pick(s.length + 1));
        const e = i < 0 ? -1 : s.indexOf('>', i);
        if (e > i && i >= 0) b = te.encode(rand() < 0.5 ? s.slice(0, i) + s.slice(e + 1) : s.slice(0, e + 1) + s.slice(i, e + 1) + s.slice(e + 1));
      }
    }
  }
  return b;
}

function save(dir: string, target: FuzzTargetName, input: Uint8Array, note: string): string {
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha256').update(input).digest('hex').slice(0, 16);
  const file = join(dir, `${target}-${id}.bin`);
  writeFileSync(file, input);
  writeFileSync(`${file}.txt`, `${note}\n`);
  return file;
}

/** Runs the fuzzer; resolves to per-target counts and findings (never throws for a finding). */
export function runFuzz(options: FuzzOptions): FuzzReport {
  const log = options.log ?? ((): void => undefined);
  const crashDir = options.crashDir ?? join(repoRoot, '.data', 'fuzz-crashes');
  const slowMs = options.slowMs ?? 2000;
  const report: FuzzReport = { perTarget: {}, findings: [] };
  const seen = new Set<string>();
  const perTargetMs = ((options.seconds ?? 60) * 1000) / options.targets.length;
  for (const name of options.targets) {
    const t = TARGETS[name];
    const rand = prng(options.seed ^ FUZZ_TARGETS.indexOf(name));
    const seeds = t.seeds().filter((s) => s.length > 0);
    const stats = { inputs: 0, decoded: 0, rejected: 0, seeds: seeds.length };
    report.perTarget[name] = stats;
    const started = Date.now();
    const more = (): boolean => (options.iterations !== undefined ? stats.inputs < options.iterations : Date.now() - started < perTargetMs);
    while (more()) {
      // Every seed is run unmodified once first: valid inputs must decode without a crash too.
      const input = stats.inputs < seeds.length ? seeds[stats.inputs]! : mutate(rand, seeds[Math.floor(rand() * seeds.length)]!, seeds[Math.floor(rand() * seeds.length)]!, t.text === true);
      stats.inputs++;
      const t0 = Date.now();
      try {
        const override = options.runOverride?.[name];
        if (override ? accepts(() => override(input)) : t.run(input, rand)) stats.decoded++;
        else stats.rejected++;
      } catch (e) {
        const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        const where = e instanceof Error ? (e.stack?.split('\n')[1]?.trim() ?? '') : '';
        const file = save(crashDir, name, input, `${message}\n${e instanceof Error ? (e.stack ?? '') : ''}`);
        if (!seen.has(`${name}|${message}|${where}`)) {
          seen.add(`${name}|${message}|${where}`);
          report.findings.push({ target: name, kind: 'crash', message, file });
          log(`CRASH ${name}: ${message} ${where} -> ${file}`);
        }
      }
      const took = Date.now() - t0;
      if (took > slowMs) {
        const file = save(crashDir, name, input, `slow: ${took} ms`);
        report.findings.push({ target: name, kind: 'slow', message: `${took} ms for ${input.length} octets`, file });
        log(`SLOW ${name}: ${took} ms -> ${file}`);
      }
    }
    log(`${name}: ${stats.inputs} inputs (${stats.seeds} seeds), ${stats.decoded} decoded, ${stats.rejected} rejected with typed errors`);
  }
  return report;
}

function parseArgs(argv: string[]): FuzzOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const target = value('--target') ?? 'all';
  if (target !== 'all' && !(FUZZ_TARGETS as readonly string[]).includes(target)) {
    throw new Error(`--target must be one of ${FUZZ_TARGETS.join(', ')}, all`);
  }
  const seconds = Number(value('--seconds') ?? 60);
  if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
  return {
    targets: target === 'all' ? FUZZ_TARGETS : [target as FuzzTargetName],
    seconds,
    seed: Number(value('--seed') ?? Date.now() % 2 ** 31),
    log: (l) => console.log(l),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let options: FuzzOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  console.log(`fuzz: targets ${options.targets.join(', ')}, ${options.seconds} s, seed ${options.seed}${existsSync(sharedDir) ? '' : ' (no ../shared: encoder seeds only)'}`);
  const report = runFuzz(options);
  const crashes = report.findings.length;
  console.log(crashes === 0 ? 'fuzz: no crashes' : `fuzz: ${crashes} finding(s), inputs saved under .data/fuzz-crashes/`);
  process.exit(crashes === 0 ? 0 : 1);
}
