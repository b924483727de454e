/**
 * Scenario: the mediation hot path end to end on loopback. A POI's X2X3Sender sends N X3 PDUs
 * (TS 103 221-2, Payload Format 5: IPv4/UDP/RTP, 200-octet packet, sequence number + timestamp) over
 * mutual TLS into a real MDF (startMediation), provisioned over X1 by the ADMF with one content task
 * (CreateDestination HI2 + HI3, ActivateTask with MediationDetails and warrant binding); the MDF
 * guards, converts to TS 102 232-3 IPCC PS-PDUs, writes its durable outbox and delivers over HI3 to
 * a LEMF receiver (startHi2Hi3Receiver). Timed from the first send to the last CC PDU counted at the
 * LEMF.
 *
 * Baseline, measured in the same run: a raw node:tls relay (TLS client → TLS relay server writing
 * every chunk onward on a TLS connection → TLS sink), same certificates, same total octets, one
 * write per PDU as the X2X3Sender does. Prints both rates and their ratio; asserts nothing.
 *
 *   node --import tsx bench/mediation-relay.bench.ts     (BENCH_PDUS=50000, BENCH_ROUNDS=3,
 *                                                         BENCH_SEND_WINDOW=1024 PDUs queued in the POI at most)
 *
 * Binds 127.0.0.1 only; stops by itself (BENCH_TIMEOUT_S, default 180 s, ends it with exit 1).
 */
import { randomBytes } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { ensureDemoPki, type Credentials } from '../src/platform/pki.ts';
import { startMediation } from '../src/mediation/mdf.ts';
import { activate, createDestination, destination, hi2Did, hi3Did, mdfTask } from '../src/provisioning/x1-messages.ts';
import type { AgencyDestinationEntry, ProvisionTask } from '../src/provisioning/registry.ts';
import { encodeX2X3Pdu, PayloadDirection, PayloadFormat, PduType, X2X3_VERSION } from '../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../src/standards/x2x3/x2x3.fixtures.ts';
import { startHi2Hi3Receiver } from '../src/wires/hi2hi3/receiver.ts';
import { tlsConnector, tlsListener, type StreamListener } from '../src/wires/transport.ts';
import { X1Client } from '../src/wires/x1/index.ts';
import { X2X3Sender } from '../src/wires/x2x3/sender.ts';

const HOST = '127.0.0.1';
const PDUS = Number(process.env.BENCH_PDUS ?? '50000');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');
const WARMUP_PDUS = Math.min(2000, PDUS);
const SEND_WINDOW = Number(process.env.BENCH_SEND_WINDOW ?? '1024');
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? '180');
const IDS = { admf: 'admf', mdf: 'mdf', lemf: 'lemf-bench', poi: 'benchop-5gc', relayIn: 'relay-in', relaySink: 'relay-sink' };

const watchdog = setTimeout(() => {
  console.error(`mediation-relay: not finished after ${TIMEOUT_S} s; giving up`);
  process.exit(1);
}, TIMEOUT_S * 1000);
watchdog.unref();

interface Result {
  pdus: number;
  bytesIn: number;
  seconds: number;
}

/** Resolves when `done()` turns true, polling every few ms; rejects after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** N X3 PDUs as a POI encodes them: XID of the task, CIN from the correlation id, timestamps of now. */
function x3Stream(xid: string, n: number, firstSeq: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const seq = firstSeq + i;
    const at = t0 + i * 0.02; // 20 ms of audio per PDU would be real time; compressed here
    out.push(
      encodeX2X3Pdu({
        version: X2X3_VERSION,
        pduType: PduType.X3,
        payloadFormat: PayloadFormat.Ipv4Packet,
        payloadDirection: seq % 2 ? PayloadDirection.ToTarget : PayloadDirection.FromTarget,
        xid,
        correlationId: 0x0102n,
        attributes: [
          { kind: 'sequenceNumber', value: seq >>> 0 },
          { kind: 'timestamp', value: { seconds: Math.floor(at / 1000), nanoseconds: Math.floor((at % 1000) * 1e6) } },
        ],
        payload: ipv4UdpPacket(rtpPacket(seq)),
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------- MDF end to end
interface MdfRig {
  run(pdus: Uint8Array[]): Promise<Result & { lemfBytes: number }>;
  stats(): string;
  close(): Promise<void>;
}

async function startMdfRig(creds: Map<string, Credentials>, dataDir: string): Promise<MdfRig & { xid: string }> {
  const cred = (id: string) => creds.get(id)!;
  let ccPdus = 0;
  let lemfBytes = 0;
  const lemf = await startHi2Hi3Receiver({
    bind: { host: HOST, port: 0 },
    listener: tlsListener(cred(IDS.lemf)),
    onPdu: ({ bytes, pdu }) => {
      if (pdu.payload.kind !== 'cCPayloadSequence') return; // integrity checks (Annex J) ride along
      ccPdus++;
      lemfBytes += bytes.length;
    },
  });
  const mdf = await startMediation({
    outboxKey: randomBytes(32),
    identifier: IDS.mdf,
    creds: cred(IDS.mdf),
    bindHost: HOST,
    admfIdentifier: IDS.admf,
    allowedPois: [IDS.poi],
    dataDir: join(dataDir, 'mdf'),
    audit: { append: async () => {} },
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
  });

  // Provisioning over X1 exactly as the ADMF does it (src/provisioning/admf.ts): destinations, then the task.
  const dest: AgencyDestinationEntry = { id: 'bench-agency-lemf', agencyId: 'bench-agency', hi2: lemf.endpoint, hi3: lemf.endpoint };
  const start = new Date(Date.now() - 60_000);
  const task: ProvisionTask = {
    xid: randomUUID(),
    liid: 'BENCH-0123456789abcdef',
    warrantId: randomUUID(),
    warrantHash: 'a'.repeat(64),
    operatorId: 'benchop',
    target: { kind: 'e164Number', value: '447700900123' },
    deliveryType: 'X2andX3',
    services: ['voice'],
    start: start.toISOString(),
    end: new Date(start.getTime() + 3600_000).toISOString(),
    destinationId: dest.id,
  };
  const x1 = new X1Client({ creds: cred(IDS.admf), endpoint: mdf.x1Endpoint, admfIdentifier: IDS.admf, neIdentifier: IDS.mdf });
  await x1.request(createDestination(destination(hi2Did(dest), `${dest.id} HI2`, 'X2Only', dest.hi2)));
  await x1.request(createDestination(destination(hi3Did(dest), `${dest.id} HI3`, 'X3Only', dest.hi3)));
  await x1.request(activate(mdfTask(task, dest)));
  x1.close();

  const poi = new X2X3Sender({ endpoint: mdf.x2x3Endpoint, connector: tlsConnector(cred(IDS.poi)) });
  poi.start();
  await until(() => poi.connected, 10_000, 'the POI to connect to the MDF');

  return {
    xid: task.xid,
    async run(pdus) {
      const want = ccPdus + pdus.length;
      const lemfBefore = lemfBytes;
      let bytesIn = 0;
      for (const p of pdus) bytesIn += p.length;
      const sent0 = poi.stats.sent;
      const t0 = process.hrtime.bigint();
      // A POI sends as traffic happens: at most SEND_WINDOW PDUs wait in the sender at a time, not
      // the whole run at once (BENCH_SEND_WINDOW=0 queues everything up front instead).
      for (let i = 0; i < pdus.length; ) {
        const limit = SEND_WINDOW > 0 ? poi.stats.sent - sent0 + SEND_WINDOW : pdus.length;
        while (i < pdus.length && i < limit) if (!poi.sendEncoded(pdus[i++]!)) throw new Error('X2X3Sender refused a PDU (queue full)');
        if (i < pdus.length) await new Promise((r) => setTimeout(r, 1));
      }
      await until(() => ccPdus >= want, TIMEOUT_S * 1000, `${pdus.length} CC PDUs at the LEMF`);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      return { pdus: pdus.length, bytesIn, seconds, lemfBytes: lemfBytes - lemfBefore };
    },
    stats() {
      const s = mdf.stats();
      return `MDF received ${s.received}, delivered ${s.delivered}, refused ${JSON.stringify(s.refused)}; POI sent ${poi.stats.sent}, refused ${poi.stats.refused}`;
    },
    async close() {
      await poi.stop();
      await mdf.stop();
      await lemf.close();
    },
  };
}

// ---------------------------------------------------------------- raw TLS relay baseline
interface RelayRig {
  run(pdus: Uint8Array[]): Promise<Result>;
  close(): Promise<void>;
}

/** Writes with backpressure, as the X2X3Sender does: one write per PDU, wait for 'drain' when full. */
async function writeAll(s: Duplex, pdus: Uint8Array[]): Promise<void> {
  for (const p of pdus) if (!s.write(p)) await new Promise((r) => s.once('drain', r));
}

async function startRelayRig(creds: Map<string, Credentials>): Promise<RelayRig> {
  const cred = (id: string) => creds.get(id)!;
  let sunk = 0;
  const sink: StreamListener = await tlsListener(cred(IDS.lemf))({ host: HOST, port: 0 }, ({ stream }) => {
    stream.on('data', (c: Buffer) => (sunk += c.length));
    stream.on('error', () => undefined);
  });
  const onward: Duplex[] = [];
  const relay: StreamListener = await tlsListener(cred(IDS.mdf))({ host: HOST, port: 0 }, ({ stream }) => {
    stream.pause();
    stream.on('error', () => undefined);
    void tlsConnector(cred(IDS.mdf))(sink.endpoint).then((out) => {
      onward.push(out);
      // Every chunk read is written onward; reading pauses while the onward socket is full.
      stream.on('data', (c: Buffer) => {
        if (!out.write(c)) {
          stream.pause();
          out.once('drain', () => stream.resume());
        }
      });
      stream.resume();
    });
  });
  const client = await tlsConnector(cred(IDS.poi))(relay.endpoint);
  client.on('error', () => undefined);
  return {
    async run(pdus) {
      let bytesIn = 0;
      for (const p of pdus) bytesIn += p.length;
      const want = sunk + bytesIn;
      const t0 = process.hrtime.bigint();
      await writeAll(client, pdus);
      await until(() => sunk >= want, TIMEOUT_S * 1000, `${bytesIn} octets at the sink`);
      return { pdus: pdus.length, bytesIn, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
    },
    async close() {
      client.destroy();
      for (const s of onward) s.destroy();
      await relay.close();
      await sink.close();
    },
  };
}

// ---------------------------------------------------------------- main
const fmt = (r: Result): string =>
  `${(r.pdus / r.seconds / 1e3).toFixed(1).padStart(8)} k PDU/s ${(r.bytesIn / r.seconds / 1e6).toFixed(1).padStart(7)} MB/s  (${r.pdus} PDUs, ${(r.bytesIn / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(3)} s)`;
const best = <T extends Result>(rs: T[]): T => rs.reduce((a, b) => (b.pdus / b.seconds > a.pdus / a.seconds ? b : a));

const cpu = cpus();
console.log('bench: mediation-relay (X3 over mTLS → MDF guard/convert/outbox → HI3 over mTLS → LEMF)');
console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, ${PDUS} PDUs per round, ${ROUNDS} rounds (best shown), POI send window ${SEND_WINDOW || 'unbounded'}`);

const dir = mkdtempSync(join(tmpdir(), 'warranted-bench-relay-'));
try {
  const creds = await ensureDemoPki(join(dir, 'pki'), Object.values(IDS));

  const relay = await startRelayRig(creds);
  const mdf = await startMdfRig(creds, dir);
  const sample = x3Stream(mdf.xid, WARMUP_PDUS, 0);
  await relay.run(sample);
  await mdf.run(sample);

  const relayRuns: Result[] = [];
  const mdfRuns: (Result & { lemfBytes: number })[] = [];
  // Interleaved rounds, so a noisy neighbour on the machine hits both sides alike.
  for (let r = 0; r < ROUNDS; r++) {
    const pdus = x3Stream(mdf.xid, PDUS, WARMUP_PDUS + r * PDUS);
    relayRuns.push(await relay.run(pdus));
    mdfRuns.push(await mdf.run(pdus));
  }
  const base = best(relayRuns);
  const med = best(mdfRuns);
  const pduSize = (base.bytesIn / base.pdus).toFixed(0);
  console.log(`\nX3 PDU: ${pduSize} octets (IPv4/UDP/RTP 200-octet packet); HI3 IPCC PS-PDU at the LEMF: ${(med.lemfBytes / med.pdus).toFixed(0)} octets`);
  console.log(`  baseline node:tls relay       ${fmt(base)}`);
  console.log(`  MDF end to end (X3 → HI3)     ${fmt(med)}   ratio vs relay ${(med.pdus / med.seconds / (base.pdus / base.seconds)).toFixed(3)}`);
  console.log(`  every round: relay ${relayRuns.map((x) => (x.pdus / x.seconds / 1e3).toFixed(1)).join(', ')} k PDU/s; MDF ${mdfRuns.map((x) => (x.pdus / x.seconds / 1e3).toFixed(1)).join(', ')} k PDU/s`);
  console.log(`  ${mdf.stats()}`);
  await mdf.close();
  await relay.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
