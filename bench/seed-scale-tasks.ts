/**
 * Shared by the seed-scale scenarios (bench/seed-scale-*.bench.ts): X1 TaskDetails as the ADMF sends
 * them (src/provisioning/x1-messages.ts mdfTask / neTask: one target per task, docs/profile.md; three
 * identities per warrant, each warrant its own window, LIID and hash), at
 * millions, with every string FRESH as the X1 decoder returns it (its own heap copy of every XID,
 * LIID, DID, delivery type, timestamp and warrant hash), so that no saving comes from the bench's
 * literals being shared; and the heap/RSS measurements around a forced GC (run node --expose-gc).
 *
 * Identities: E.164 MSISDN 92 300 xxxxxxx (12 digits, ITU-T E.164), IMSI 410 01 + 10 digits
 * (TS 23.003 §2.2), IMEI TAC + SNR 14 digits (TS 23.003 §6.2.1); XIDs are UUIDv4 (TS 103 280).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { TargetIdentifier } from '../src/standards/identifiers/types.ts';
import type { DestinationDetails, TaskDetails } from '../src/standards/x1/index.ts';
import { x1Timestamp } from '../src/standards/x1/index.ts';

/** A copy of `s` that shares nothing with it (what a parser hands out for each occurrence). */
export const fresh = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');

/** LEMF agencies: each has an HI2 and an HI3 destination on the MDF. */
export const AGENCIES = 40;
export const hi2Did = (a: number): string => `00000000-0000-4000-8000-${(2_000_000 + a).toString().padStart(12, '0')}`;
export const hi3Did = (a: number): string => `00000000-0000-4000-8000-${(3_000_000 + a).toString().padStart(12, '0')}`;
export const INGEST_DID = '00000000-0000-4000-8000-000000000001';

export function mdfDestinations(): DestinationDetails[] {
  const out: DestinationDetails[] = [];
  for (let a = 0; a < AGENCIES; a++) {
    for (const [dId, deliveryType, port] of [[hi2Did(a), 'X2Only', 20000 + a], [hi3Did(a), 'X3Only', 30000 + a]] as const) {
      out.push({ dId, friendlyName: `agency-${a} ${deliveryType}`, deliveryType, deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '127.0.0.1' }, port: { kind: 'TCPPort', value: port } } });
    }
  }
  return out;
}

export const ingestDestination = (): DestinationDetails => ({
  dId: INGEST_DID, friendlyName: 'mdf x2x3 ingest', deliveryType: 'X2andX3',
  deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: '127.0.0.1' }, port: { kind: 'TCPPort', value: 40000 } },
});

export const msisdnOf = (i: number): string => `92300${i.toString().padStart(7, '0')}`;
export const imsiOf = (i: number): string => `41001${i.toString().padStart(10, '0')}`;
export const imeiOf = (i: number): string => `35${(100_000_000_000 + i).toString()}`.slice(0, 14);

/** Target i: a third MSISDN, a third IMSI, a third IMEI (the warrant's identities, one per task). */
export function targetOf(i: number): TargetIdentifier {
  const k = i % 3;
  if (k === 0) return { kind: fresh('e164Number') as 'e164Number', value: fresh(msisdnOf(i)) };
  if (k === 1) return { kind: fresh('imsi') as 'imsi', value: fresh(imsiOf(i)) };
  return { kind: fresh('imei') as 'imei', value: fresh(imeiOf(i)) };
}

/** Each warrant its own window: approved at some second of the last 90 days, for 90 days. */
const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const windowOf = (warrant: number): [string, string] => {
  const start = T0 + ((warrant * 37_000) % (90 * DAY));
  return [x1Timestamp(new Date(start)), x1Timestamp(new Date(start + 90 * DAY))];
};
const hex64 = (i: number): string => `${i.toString(16).padStart(8, '0')}${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'.slice(8)}`;

/** The MDF's ActivateTask TaskDetails for target i (mdfTask: HI2andHI3, window, warrant binding). */
export function mdfTaskOf(i: number, xId: string = randomUUID()): TaskDetails {
  const a = i % AGENCIES;
  const warrant = Math.floor(i / 3); // three identities per warrant
  const dids = (): string[] => [fresh(hi2Did(a)), fresh(hi3Did(a))];
  const [start, end] = windowOf(warrant);
  return {
    xId,
    targetIdentifiers: [targetOf(i)],
    deliveryType: fresh('X2andX3') as 'X2andX3',
    listOfDIDs: dids(),
    listOfMediationDetails: [{
      liid: fresh(`PK-LIID-${warrant.toString(36).padStart(8, '0')}`),
      deliveryType: fresh('HI2andHI3') as 'HI2andHI3',
      startTime: fresh(start),
      endTime: fresh(end),
      listOfDIDs: dids(),
      serviceScopingOptions: [{ serviceType: [fresh('voice') as 'voice', fresh('messaging') as 'messaging'], locationType: { doNotReport: true } }],
    }],
    warrantBinding: { warrantId: fresh(`W-2025-${warrant.toString().padStart(8, '0')}`), warrantHash: fresh(hex64(warrant)) },
    taskedElements: [fresh('pk-op-a-ims'), fresh('pk-op-a-smsf')],
  };
}

/** A network element's ActivateTask TaskDetails for target i (neTask: X2andX3 to the MDF ingest). */
export function neTaskOf(i: number, xId: string = randomUUID()): TaskDetails {
  const warrant = Math.floor(i / 3);
  return {
    xId,
    targetIdentifiers: [targetOf(i)],
    deliveryType: fresh('X2andX3') as 'X2andX3',
    listOfDIDs: [fresh(INGEST_DID)],
    listOfServiceTypes: [fresh('voice') as 'voice', fresh('messaging') as 'messaging'],
    warrantBinding: { warrantId: fresh(`W-2025-${warrant.toString().padStart(8, '0')}`), warrantHash: fresh(hex64(warrant)) },
  };
}

// ── measurement ──────────────────────────────────────────────────────────

/** The V8 heap the seed-scale scenarios ask for (4,000,000 MDF tasks take about 7.5 GB today). */
export const HEAP_MIB = 12288;

/**
 * Started without --expose-gc (e.g. by `npm run bench`), a scenario runs itself again in a child with
 * it and the heap limit, and ends with the child's status; with it, this returns and the scenario runs.
 */
export function rerunWithGc(file: string): void {
  if ((globalThis as { gc?: unknown }).gc) return;
  const r = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

export interface Footprint {
  heap: number;
  rss: number;
}

/** Heap used and RSS after two full GCs (needs --expose-gc). */
export function footprint(): Footprint {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc (npm run bench:seed-tables does)');
  gc();
  gc();
  const m = process.memoryUsage();
  // `external` already includes `arrayBuffers` (Node's process.memoryUsage docs): adding both counted typed-array stores twice.
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

export const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
export const GIB2 = 2 * 2 ** 30;

/** N from SEED_N (default 4,000,000), lowered to what fits this machine's RAM at `bytesPerTaskGuess`. */
export function chooseN(bytesPerTaskGuess: number, totalMem: number): { n: number; target: number } {
  const target = Number(process.env.SEED_N ?? '4000000');
  const fits = Math.floor((totalMem * 0.6) / bytesPerTaskGuess);
  return { n: Math.min(target, fits), target };
}

/** A xorshift PRNG: the same lookups in every run, no Math.random in the timed loop. */
export function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Runs `op(i)` for `seconds` (after 0.2 s warm-up) and returns ops/s; op returns a number kept alive. */
export function rate(op: (i: number) => number, seconds: number): { perSec: number; sink: number } {
  let sink = 0;
  let i = 0;
  const warm = performance.now() + 200;
  while (performance.now() < warm) for (let k = 0; k < 1000; k++) sink += op(i++);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let ops = 0;
  let now = t0;
  while (now < end) {
    for (let k = 0; k < 1000; k++) sink += op(i++);
    ops += 1000;
    now = performance.now();
  }
  return { perSec: ops / ((now - t0) / 1000), sink };
}
