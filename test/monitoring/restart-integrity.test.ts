/**
 * Annex J chains across a LEMF restart (TS 102 232-1 Annex J): the LEMF runs as its own OS process
 * (lemf-child.ts) and is killed with SIGKILL half-way through a chain; a new LEMF on the same data
 * directory rebuilds the chains from its evidence files, so the MDF's next Hash — naming PDUs the dead
 * process received — verifies. A PDU that really never arrived is then reported as missing (a loss),
 * an altered one still as failed. Later starts read back only from the recorded positions (all of it
 * when that file is unreadable). Real mutual TLS on 127.0.0.1 throughout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMonitoringCentre, type Alarm, type MonitoringCentre, type MonitoringStats } from '../../src/monitoring/index.ts';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { encodePsPdu, makeSignatureCheck } from '../../src/standards/hi2hi3/index.ts';
import type { Endpoint } from '../../src/wires/transport.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import { Hi2Hi3Sender, MemoryDeliveryQueue } from '../../src/wires/hi2hi3/sender.ts';
import { openEvidence } from '../../src/monitoring/index.ts';
import { fileKey, sealChunk } from '../../src/monitoring/at-rest/chunk.ts';
import { Keyring } from '../../src/monitoring/at-rest/keyring.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import * as f from './fixtures.ts';
import type { LemfChildConfig } from './lemf-child.ts';

const LEMF = 'lemf-ag';
const MDF = 'mdf';
let root: string;
let creds: Map<string, Credentials>;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'lemf-restart-'));
  creds = await ensureDemoPki(join(root, 'pki'), [MDF, LEMF]);
});
after(() => rmSync(root, { recursive: true, force: true }));

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The MDF side: one connection, the PDUs, drained, closed. */
async function deliver(endpoint: Endpoint, pdus: Uint8Array[]): Promise<void> {
  const queue = new MemoryDeliveryQueue();
  for (const p of pdus) queue.push(p);
  const tx = new Hi2Hi3Sender({
    endpoint,
    connector: tlsConnector(creds.get(MDF)!),
    queue,
    makeTri: (payload, seq) => encodePsPdu({ pSHeader: f.header(0, seq, f.T0), payload: { kind: 'tRIPayload', value: payload } }),
  });
  tx.start();
  try {
    assert.ok(await tx.flush(15_000), 'sender queue drained');
  } finally {
    await tx.stop();
  }
}

interface ChildLemf {
  hi3: Endpoint;
  alarms: { code: string; detail: string }[];
  stats(): Promise<MonitoringStats>;
  kill(): Promise<void>;
}

async function startChildLemf(dataDir: string): Promise<ChildLemf> {
  const cfg: LemfChildConfig = { pkiDir: join(root, 'pki'), dataDir, id: LEMF, peer: MDF, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  const cfgFile = join(root, `lemf-child-${Date.now()}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lemf-child.ts'), cfgFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const alarms: ChildLemf['alarms'] = [];
  const waiters: ((s: MonitoringStats) => void)[] = [];
  const ready = await new Promise<{ hi2: number; hi3: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the LEMF child did not start within 60 s')), 60_000);
    proc.once('exit', (code) => reject(new Error(`the LEMF child exited with ${code}`)));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { ready?: { hi2: number; hi3: number }; alarm?: ChildLemf['alarms'][number]; stats?: MonitoringStats };
      if (m.ready) {
        clearTimeout(timer);
        resolve(m.ready);
      }
      if (m.alarm) alarms.push(m.alarm);
      if (m.stats) waiters.shift()?.(m.stats);
    });
  });
  return {
    hi3: { host: '127.0.0.1', port: ready.hi3 },
    alarms,
    stats: () =>
      new Promise((r) => {
        waiters.push(r);
        proc.stdin.write('stats\n');
      }),
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** The plaintext HI3 stream of a LIID, read with the LEMF's key. */
function plainChannel(dataDir: string, liid: string): Uint8Array {
  const reader = openEvidence(dataDir, TEST_EVIDENCE_KEY);
  try {
    return reader.readChannel(liid, 'HI3');
  } finally {
    reader.close();
  }
}

const startLemf = (dataDir: string, alarms: Alarm[]): Promise<MonitoringCentre> =>
  startMonitoringCentre({ id: LEMF, creds: creds.get(LEMF)!, host: '127.0.0.1', dataDir, evidenceKey: TEST_EVIDENCE_KEY, integrityPublicKey: publicKey, acceptPeers: [MDF], onAlarm: (a) => alarms.push(a) });

/** CC Data PDUs of one chain (LIID, CIN, opA-upf, cC), sequence numbers `from`..`to`. */
const dataPdus = (liid: string, cin: number, from: number, to: number): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let i = from; i <= to; i++) out.push(f.pdu(f.header(cin, i, f.T0 + 10 * i, 'opA-upf', liid), ccPayload(f.dnsPacket(`n${i}.example.org`))));
  return out;
};
const ccPayload = (packet: Uint8Array) => ({
  kind: 'cCPayloadSequence' as const,
  value: [{ payloadDirection: f.PayloadDirection.fromTarget, cCContents: { kind: 'iPCC' as const, value: { iPCCContents: { kind: 'iPPackets' as const, value: packet } } } }],
});
/** An IntegrityCheck PDU of the chain, numbered by the chain's own counter (J.1). */
const checkPdu = (liid: string, cin: number, seq: number, check: Parameters<typeof f.integrityPdu>[3]) =>
  f.pdu(f.header(cin, seq, f.T0 + 5000 + seq, 'opA-upf', liid), { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: check } });
const hashOf = (data: Uint8Array[], firstSeq: number) => f.hashOver(f.DataType.cC, data.map((bytes, i) => ({ sequenceNumber: firstSeq + i, bytes })));

test('a LEMF killed with -9 mid-chain: its successor rebuilds the chain from the evidence and the next Hash and Signature verify', { timeout: 120_000 }, async () => {
  const liid = 'LIID-R-1';
  const cin = 5001;
  const dataDir = join(root, 'kill', 'lemf');
  const d = dataPdus(liid, cin, 0, 9);
  const h0 = checkPdu(liid, cin, 0, hashOf(d.slice(0, 4), 0));
  const h1 = checkPdu(liid, cin, 1, hashOf(d.slice(4, 10), 4));
  const s0 = checkPdu(liid, cin, 2, makeSignatureCheck(f.DataType.cC, [{ sequenceNumber: 0, bytes: h0 }, { sequenceNumber: 1, bytes: h1 }], privateKey));

  const child = await startChildLemf(dataDir);
  try {
    // Half the chain: d0..d3, their Hash, then d4..d6 — which the next Hash will cover.
    await deliver(child.hi3, [...d.slice(0, 4), h0, ...d.slice(4, 7)]);
    await waitFor('the first LEMF to file 8 PDUs and verify h0', async () => {
      const s = await child.stats();
      return s.pdus.HI3 === 8 && s.integrity.ok === 1;
    });
  } finally {
    await child.kill();
  }

  const alarms: Alarm[] = [];
  const lemf = await startLemf(dataDir, alarms);
  try {
    // Held again: d4, d5, d6 (for the next Hash) and h0 (for the next Signature). The dead process
    // may or may not have recorded (once a second) that d0..d3 need no replay: both are right.
    const r = lemf.integrityRecovery;
    const size = (xs: Uint8Array[]) => xs.reduce((n, b) => n + b.length, 0);
    assert.deepEqual([r.liids, r.held, r.tornTails, r.skippedBytes + r.bytes], [1, 4, 0, size([...d.slice(0, 7), h0])]);
    assert.ok([0, size(d.slice(0, 4))].includes(r.skippedBytes), `replayed from a PDU boundary before h0 (skipped ${r.skippedBytes})`);
    await deliver(lemf.hi3Endpoint, [...d.slice(7), h1, s0]);
    await waitFor('the new LEMF to give verdicts on h1 and s0', () => lemf.store.integrity().verdicts.length === 3);
    const ig = lemf.store.integrity();
    assert.deepEqual({ ok: ig.ok, failed: ig.failed, missing: ig.missing }, { ok: 3, failed: 0, missing: 0 });
    assert.deepEqual(
      ig.verdicts.map((v) => [v.checkType, v.includedSequenceNumbers, v.outcome]),
      [[1, [0, 1, 2, 3], 'verified'], [1, [4, 5, 6, 7, 8, 9], 'verified'], [2, [0, 1], 'verified']],
    );
    assert.deepEqual(lemf.stats().integrity, { ok: 3, failed: 0, missing: 0 });
    assert.deepEqual(alarms.filter((a) => a.code.startsWith('MONITORING_INTEGRITY')), []);
  } finally {
    await lemf.stop();
  }
  // Every PDU is covered now (s0 signed h0 and h1): the next start reads nothing back.
  const third = await startLemf(dataDir, []);
  try {
    const r = third.integrityRecovery;
    assert.deepEqual([r.pdus, r.held, r.skippedBytes], [0, 0, plainChannel(dataDir, liid).length]);
    assert.deepEqual(third.stats().integrity, { ok: 3, failed: 0, missing: 0 });
  } finally {
    await third.stop();
  }
  // An unreadable positions file costs a full replay, never a verdict.
  writeFileSync(join(dataDir, 'integrity-replay.json'), '{"format":');
  const fourthAlarms: Alarm[] = [];
  const fourth = await startLemf(dataDir, fourthAlarms);
  try {
    const r = fourth.integrityRecovery;
    assert.deepEqual([r.pdus, r.held, r.skippedBytes], [d.length + 3, 0, 0]);
    assert.ok(fourthAlarms.some((a) => a.code === 'MONITORING_BAD_INDEX_LINE' && /integrity-replay\.json/.test(a.detail)));
    assert.deepEqual(fourth.stats().integrity, { ok: 3, failed: 0, missing: 0 });
  } finally {
    await fourth.stop();
  }
});

test('after a restart, a PDU that never arrived is missing (its own alarm), an altered one failed; a torn last append is set aside', { timeout: 120_000 }, async () => {
  const liid = 'LIID-R-2';
  const lost = 6001;
  const altered = 6002;
  const dataDir = join(root, 'loss', 'lemf');
  const d = dataPdus(liid, lost, 0, 3);
  const original = dataPdus(liid, altered, 0, 0)[0]!;
  const tampered = f.pdu(f.header(altered, 0, f.T0, 'opA-upf', liid), ccPayload(f.dnsPacket('evil.example.org')));
  const before = [d[0]!, d[1]!, tampered]; // d2 is never sent: lost on the way

  const child = await startChildLemf(dataDir);
  try {
    await deliver(child.hi3, before);
    await waitFor('the first LEMF to file 3 PDUs', async () => (await child.stats()).pdus.HI3 === 3);
  } finally {
    await child.kill();
  }
  // The kill cut an append: the sealed chunk of d3, cut 20 octets into its ciphertext.
  const evidence = join(dataDir, liid, 'hi3.ber.sealed');
  const dataKey = new Keyring(dataDir, TEST_EVIDENCE_KEY, true).keyOf(liid, false)!.key;
  const torn = Buffer.concat(sealChunk(fileKey(dataKey, 'hi3.ber'), plainChannel(dataDir, liid).length, Buffer.from(d[3]!))).subarray(0, 48);
  appendFileSync(evidence, torn);
  const sealedSize = statSync(evidence).size;

  const alarms: Alarm[] = [];
  const lemf = await startLemf(dataDir, alarms);
  try {
    // Dropped when the sealed file opened (never acknowledged: the MDF resends it), before the replay.
    assert.equal(lemf.integrityRecovery.tornTails, 0);
    assert.equal(statSync(evidence).size, sealedSize - torn.length, 'the torn chunk is cut off');
    assert.equal(lemf.integrityRecovery.held, 3);
    assert.ok(alarms.some((a) => a.code === 'MONITORING_TRUNCATED_STREAM' && a.liid === liid && /cut by a crash/.test(a.detail)));
    const after = [d[3]!, checkPdu(liid, lost, 0, hashOf(d, 0)), checkPdu(liid, altered, 0, hashOf([original], 0))];
    await deliver(lemf.hi3Endpoint, after);
    await waitFor('verdicts on both chains', () => lemf.store.integrity().verdicts.length === 2);
    assert.deepEqual(lemf.stats().integrity, { ok: 0, failed: 1, missing: 1 });
    const [onLost, onAltered] = lemf.store.integrity().verdicts;
    assert.deepEqual([onLost!.cin, onLost!.outcome, onLost!.error, onLost!.missingSequenceNumber], [lost, 'missing', 'HI2HI3_INTEGRITY_MISSING_PDU', 2]);
    assert.deepEqual([onAltered!.cin, onAltered!.outcome, onAltered!.error], [altered, 'failed', 'HI2HI3_INTEGRITY_MISMATCH']);
    assert.deepEqual(alarms.filter((a) => a.code.startsWith('MONITORING_INTEGRITY')).map((a) => a.code), ['MONITORING_INTEGRITY_PDU_MISSING', 'MONITORING_INTEGRITY_FAILED']);
    assert.deepEqual(lemf.store.gaps().map((g) => [g.cin, g.missing]), [[lost, [[2, 2]]]], 'the loss is a sequence gap too');
    // The evidence file is one clean stream again: what was received, whole PDUs only.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(plainChannel(dataDir, liid), new Uint8Array(Buffer.concat([...before, ...after])));
  } finally {
    await lemf.stop();
  }

  // The verdicts read back after a further restart keep their classification.
  const again = await startLemf(dataDir, []);
  try {
    assert.deepEqual(again.stats().integrity, { ok: 0, failed: 1, missing: 1 });
  } finally {
    await again.stop();
  }
});
