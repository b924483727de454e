/**
 * The check every data-plane fault test (data-plane-faults-*.test.ts, issue 8 "Fault tests") ends
 * with, written once:
 *  - exactly once, in order, nothing else: per (LIID, channel) the data PS-PDUs the LEMF stored
 *    (its evidence file, TRI PDUs skipped) split into consecutive runs of the audited
 *    `mdf.delivery-batch` counts, in audit order, hash to exactly those batches' SHA-256. The audit
 *    append is what makes a record releasable after its fsync, so "audited" = "durable and kept";
 *  - no sequence gap or repeat at the LEMF (X2/X3 loss happens before conversion, so it never
 *    leaves a HI2/HI3 gap: any LEMF gap is a loss in mediation);
 *  - nothing stored of an ended task after its end;
 *  - a sample of the delivered PDUs decodes with ../shared/validators/decode-ps-pdu.sh.
 * Plus the MDF child's memory, sampled while it runs.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { startMonitoringCentre, type Alarm, type MonitoringCentre } from '../../src/monitoring/index.ts';
import { PsPduStreamReader } from '../../src/standards/hi2hi3/index.ts';
import type { MonitoringStore } from '../../src/monitoring/store.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';
import type { MdfChildConfig } from './mdf-child.ts';
import { freePort, HOST, IDS, type ChildMdf } from './restart-helpers.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

type Channel = 'HI2' | 'HI3';

export interface AuditedBatch {
  did: string;
  liid: string;
  channel: Channel;
  count: number;
  firstAt: number;
  lastAt: number;
  sha256: string;
  recovered?: true;
}

interface AuditLine {
  type: string;
  subject?: string;
  details: Record<string, unknown>;
}

export function auditEvents(auditFile: string): AuditLine[] {
  return readFileSync(auditFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as AuditLine);
}

export const deliveryBatches = (auditFile: string): AuditedBatch[] => auditEvents(auditFile).flatMap((e) => (e.type === 'mdf.delivery-batch' ? [e.details as unknown as AuditedBatch] : []));

/** Data PS-PDUs (IRI/CC: not TRI) of one LIID and channel, byte for byte as the LEMF stored them, in order. */
export function storedDataPdus(store: MonitoringStore, liid: string, channel: Channel): Uint8Array[] {
  if (!store.liids().includes(liid)) return [];
  const reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 });
  return reader
    .push(store.evidence(liid, channel))
    .filter((r) => r.pdu && r.pdu.payload.kind !== 'tRIPayload')
    .map((r) => r.bytes);
}

const sha = (pdus: Uint8Array[], from: number, count: number): string => {
  const h = createHash('sha256');
  for (let i = from; i < from + count; i++) h.update(pdus[i]!);
  return h.digest('hex');
};

export interface DeliveryCheck {
  /** Records audited as durable (each once). */
  durable: number;
  /** Data PDUs the LEMF stored. */
  delivered: number;
  /** Records a restarted MDF audited a second time (`recovered` batches: its persisted `released` cursor lagged). */
  auditedTwice: number;
  batches: number;
  missing: number;
  duplicates: number;
}

/**
 * Exactly once, in order, nothing else (see the file comment). A `recovered` batch (a restarted MDF
 * auditing [released, durable) of its outbox) may start before the end of what was already audited:
 * its persisted `released` cursor can lag by the releases since the last commit (outbox.ts). That
 * overlap starts at an earlier batch boundary (a cursor is always a release position) and is counted
 * in `auditedTwice`; the LEMF must still hold each of those records once.
 */
export function checkExactlyOnce(auditFile: string, store: MonitoringStore): DeliveryCheck {
  const groups = new Map<string, AuditedBatch[]>();
  for (const b of deliveryBatches(auditFile)) {
    const k = `${b.liid}\u0000${b.channel}`;
    groups.set(k, [...(groups.get(k) ?? []), b]);
  }
  const result: DeliveryCheck = { durable: 0, delivered: 0, auditedTwice: 0, batches: 0, missing: 0, duplicates: 0 };
  for (const liid of store.liids()) for (const ch of ['HI2', 'HI3'] as const) assert.ok(groups.has(`${liid}\u0000${ch}`) || storedDataPdus(store, liid, ch).length === 0, `${liid} ${ch}: the LEMF holds data PDUs no audited batch covers`);
  for (const [k, batches] of groups) {
    const [liid, channel] = k.split('\u0000') as [string, Channel];
    const pdus = storedDataPdus(store, liid, channel);
    const boundaries = [0];
    let p = 0;
    for (const [i, b] of batches.entries()) {
      const where = `${liid} ${channel} batch ${i + 1}/${batches.length} (${b.count} records${b.recovered ? ', recovered' : ''})`;
      assert.ok(p + b.count <= pdus.length || b.recovered, `${where}: the LEMF holds only ${pdus.length - p} more data PDUs`);
      if (p + b.count <= pdus.length && sha(pdus, p, b.count) === b.sha256) p += b.count;
      else {
        assert.ok(b.recovered, `${where}: PDUs ${p}..${p + b.count - 1} at the LEMF do not hash to the audited batch (lost, repeated, reordered or foreign)`);
        const start = boundaries.findLast((s) => s + b.count >= p && s + b.count <= pdus.length && sha(pdus, s, b.count) === b.sha256);
        assert.ok(start !== undefined, `${where}: no run of the LEMF's PDUs from an earlier batch boundary hashes to it`);
        result.auditedTwice += p - start;
        p = start + b.count;
      }
      boundaries.push(p);
      result.durable += b.count;
      result.batches++;
    }
    assert.equal(p, pdus.length, `${liid} ${channel}: the LEMF holds ${pdus.length - p} data PDUs after the last audited batch (never audited)`);
    result.delivered += pdus.length;
  }
  result.durable -= result.auditedTwice;
  for (const g of store.gaps()) {
    result.missing += g.missingCount;
    result.duplicates += g.duplicateCount;
  }
  return result;
}

/** Nothing of an ended task stored after its end: every record's interception time and every audited batch of its LIID are before it. */
export function checkNothingAfterEnd(auditFile: string, store: MonitoringStore, liid: string, endedAt: number): { stored: number } {
  const late = deliveryBatches(auditFile).filter((b) => b.liid === liid && b.lastAt > endedAt);
  assert.deepEqual(late, [], `${liid}: batches audited with records intercepted after the task ended`);
  const records = store.records(liid);
  for (const r of records) assert.ok(r.timeStamp !== undefined && Date.parse(r.timeStamp) <= endedAt, `${liid}: record ${r.id} (${r.timeStamp}) stored after the task ended at ${new Date(endedAt).toISOString()}`);
  return { stored: records.length };
}

/** The first and last 50 data PDUs of every LIID and channel, through decode-ps-pdu.sh (asn1c, official ASN.1); the skip reason where ../shared is absent. */
export function checkSampleDecodes(store: MonitoringStore): { decoded: number } | { skipped: string } {
  if (validatorsSkipReason) return { skipped: validatorsSkipReason };
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const liid of store.liids())
    for (const ch of ['HI2', 'HI3'] as const) {
      const pdus = storedDataPdus(store, liid, ch);
      const sample = pdus.length <= 100 ? pdus : [...pdus.slice(0, 50), ...pdus.slice(-50)];
      sample.forEach((bytes, i) => files.push({ name: `${liid}-${ch}-${i}.ber`, bytes }));
    }
  assert.ok(files.length > 0, 'PDUs to validate');
  const r = validateBytes('decode-ps-pdu.sh', files, ['-c', '-o', 'null']);
  assert.equal(r.status, 0, r.stderr.split('\n').filter((l) => !l.includes('decoded OK')).slice(0, 10).join('\n'));
  for (const f of files) assert.ok(r.stderr.includes(`${f.name}: decoded OK`), f.name);
  return { decoded: files.length };
}

/** Samples the MDF child's stats (and RSS) every `ms` while it lives; `peakRss` over all the children watched. */
export class MdfWatch {
  peakRss = 0;
  last: Awaited<ReturnType<ChildMdf['stats']>> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  watch(mdf: ChildMdf, ms = 250): void {
    let busy = false;
    const t = setInterval(() => {
      if (busy || mdf.proc.exitCode !== null || mdf.proc.signalCode !== null) return;
      busy = true;
      mdf.stats().then(
        (s) => {
          busy = false;
          this.last = s;
          this.peakRss = Math.max(this.peakRss, s.rss);
        },
        () => clearInterval(t), // the child is gone (killed): nothing more to sample from it
      );
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }
}

export const MiB = 1024 * 1024;

/** The reference LEMF in this process on fixed ports (so that it can stop and come back on them), acknowledging after fsync. */
export function startFaultLemf(o: { dir: string; creds: Credentials; publicKey: KeyObject; ports: { hi2: number; hi3: number }; alarms: Alarm[] }): Promise<MonitoringCentre> {
  return startMonitoringCentre({
    id: IDS.lemf,
    creds: o.creds,
    host: HOST,
    hi2Port: o.ports.hi2,
    hi3Port: o.ports.hi3,
    dataDir: join(o.dir, 'lemf'),
    evidenceKey: TEST_EVIDENCE_KEY,
    integrityPublicKey: o.publicKey,
    sequenceContext: 'ts102232',
    acceptPeers: [IDS.mdf],
    onAlarm: (a) => o.alarms.push(a),
  });
}

/**
 * The MDF child's resident set stays under this: V8 returns freed memory lazily, so the peak RSS is
 * well above the live heap (measured 300–525 MiB here, at backlogs of 70,000 to 265,000 records).
 */
export const RSS_BOUND = 768 * MiB;
/**
 * What the MDF still holds after a full collection: two outbox tail caches (32 MiB each), up to
 * the records held back before X2/X3 reading pauses (PAUSE_ABOVE, delivery.ts), the task tables —
 * independent of the backlog.
 */
export const LIVE_BOUND = 192 * MiB;

/** One scenario: its directory, the LEMF (in this process, fixed ports) and its alarms, the MDF watch. */
export interface Rig {
  dir: string;
  alarms: Alarm[];
  lemf: MonitoringCentre;
  ports: { hi2: number; hi3: number };
  watch: MdfWatch;
}

/** PKI, integrity key and MDF child configuration shared by the scenarios of one test file. */
export class FaultEnv {
  private constructor(
    readonly root: string,
    private readonly creds: Map<string, Credentials>,
    readonly publicKey: KeyObject,
  ) {}

  static async create(prefix: string, extraIds: string[] = []): Promise<FaultEnv> {
    const root = mkdtempSync(join(tmpdir(), prefix));
    const creds = await ensureDemoPki(join(root, 'pki'), [IDS.admf, IDS.mdf, IDS.poi, IDS.lemf, ...extraIds]);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(root, 'integrity.key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return new FaultEnv(root, creds, publicKey);
  }

  cred(id: string): Credentials {
    return this.creds.get(id)!;
  }

  config(dir: string, ports: { x1: number; x2x3: number }, extra: Partial<MdfChildConfig> = {}): MdfChildConfig {
    return {
      pkiDir: join(this.root, 'pki'),
      dataDir: join(dir, 'mdf'),
      auditFile: join(dir, 'audit.jsonl'),
      integrityKeyFile: join(this.root, 'integrity.key.pem'),
      x1Port: ports.x1,
      x2x3Port: ports.x2x3,
      hashIntervalMs: 500,
      ids: IDS,
      delivery: { acknowledgement: { mode: 'negotiate', intervalMs: 100, timeoutMs: 10_000 } },
      ...extra,
    };
  }

  /** A scenario directory and the LEMF's ports, the LEMF not started. */
  async rigDown(name: string): Promise<Omit<Rig, 'lemf'>> {
    const dir = join(this.root, name);
    mkdirSync(dir);
    return { dir, alarms: [], ports: { hi2: await freePort(), hi3: await freePort() }, watch: new MdfWatch() };
  }

  /** A scenario directory and its LEMF, started. */
  async rig(name: string): Promise<Rig> {
    const r = await this.rigDown(name);
    return { ...r, lemf: await this.startLemf(r.dir, r.ports, r.alarms) };
  }

  startLemf(dir: string, ports: { hi2: number; hi3: number }, alarms: Alarm[]): Promise<MonitoringCentre> {
    return startFaultLemf({ dir, creds: this.cred(IDS.lemf), publicKey: this.publicKey, ports, alarms });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The common end of every scenario: everything durable stored once and in order, no gap, memory bounded, a sample decodes. */
export function finalCheck(t: { diagnostic(m: string): void }, r: Rig, numbers: Record<string, unknown>): DeliveryCheck {
  const c = checkExactlyOnce(join(r.dir, 'audit.jsonl'), r.lemf.store);
  assert.ok(c.durable > 0, 'records were made durable');
  assert.equal(c.delivered, c.durable, 'every durable record stored once');
  assert.deepEqual({ missing: c.missing, duplicates: c.duplicates }, { missing: 0, duplicates: 0 }, 'no sequence gap or repeat at the LEMF');
  assert.equal(r.lemf.stats().integrity.failed, 0, 'no Annex J check failed');
  assert.ok(r.watch.peakRss > 0 && r.watch.peakRss < RSS_BOUND, `MDF RSS peak ${(r.watch.peakRss / MiB).toFixed(0)} MiB < ${RSS_BOUND / MiB} MiB`);
  const decoded = checkSampleDecodes(r.lemf.store);
  t.diagnostic(JSON.stringify({ ...numbers, durable: c.durable, delivered: c.delivered, auditedTwice: c.auditedTwice, resentAtLemf: r.lemf.stats().resent, rssPeakMiB: Math.round(r.watch.peakRss / MiB), ...decoded }));
  return c;
}

/**
 * Waits until the MDF holds nothing back and every outbox is confirmed empty. Bounded by progress, not
 * by a fixed time (a long outage leaves a long backlog): it fails when nothing was confirmed for
 * `stallMs`, or after `capMs` in all, naming what is left.
 */
export async function waitDrained(mdf: ChildMdf, stallMs = 30_000, capMs = 600_000): Promise<void> {
  const started = Date.now();
  let best = Number.POSITIVE_INFINITY;
  let progressAt = started;
  for (;;) {
    const s = await mdf.stats();
    const left = s.heldBack + s.destinations.reduce((n, d) => n + d.queued, 0);
    if (left === 0) return;
    if (left < best) {
      best = left;
      progressAt = Date.now();
    }
    if (Date.now() - progressAt > stallMs || Date.now() - started > capMs) {
      const dests = s.destinations.map((d) => ({ did: d.did.slice(0, 8), queued: d.queued, delivered: d.delivered, connected: d.connected, guarantee: d.guarantee, resent: d.resent, ackTimeouts: d.ackTimeouts }));
      throw new Error(`the outboxes did not drain (${Date.now() - progressAt > stallMs ? `no progress for ${stallMs} ms` : `${capMs} ms in all`}): heldBack ${s.heldBack}, ${JSON.stringify(dests)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
