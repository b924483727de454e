/**
 * The audit service collects cosignatures from two witnesses running as their own OS processes
 * (mutual TLS on 127.0.0.1): its checkpoints end up cosigned by the quorum on disk; an anchor
 * answers with a note whose cosignatures satisfy the policy file the service wrote; a burst of
 * anchors shares a few rounds; with one witness down and quorum 2 the anchor fails with
 * AUDIT_NO_QUORUM and an alarm; with the witness back the next anchor succeeds; and a restarted
 * service keeps the cosignatures it had collected.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cosignersOf,
  createCosignatureVerifier,
  createNoteVerifier,
  hasQuorum,
  openAuditDirectory,
  parseWitnessPolicy,
  readCheckpointNotes,
  verifyCheckpoint,
  WITNESS_POLICY_FILE,
  type AuditLog,
  type WitnessPolicy,
} from '../../src/audit/index.ts';
import { RemoteAuditLog } from '../../src/audit/service/client.ts';
import { startAuditService, type AuditService, type AuditServiceAlarm } from '../../src/audit/service/server.ts';
import { event } from '../audit/helpers.ts';
import { LOG_ORIGIN, startWitnessProcess, witnessBed, type WitnessBed, type WitnessProcess } from './helpers.ts';

const MAX_WAIT_MS = 1500;
const witnessKeys = { court: generateKeyPairSync('ed25519').privateKey, regulator: generateKeyPairSync('ed25519').privateKey };
const keyNames = { court: 'court.warranted.test/witness', regulator: 'regulator.warranted.test/witness' };

let bed: WitnessBed;
let log: AuditLog;
let service: AuditService;
let admf: RemoteAuditLog;
const witnesses = new Map<'court' | 'regulator', WitnessProcess>();
const alarms: AuditServiceAlarm[] = [];
const logDir = () => join(bed.dir, 'log');

function policy(): WitnessPolicy {
  return {
    log: createNoteVerifier(LOG_ORIGIN, bed.log.publicKey),
    witnesses: (['court', 'regulator'] as const).map((name) => ({ name, verifier: createCosignatureVerifier(keyNames[name], witnessKeys[name]) })),
    groups: [],
    quorum: { kind: 'count', n: 2 },
  };
}

async function startWitness(name: 'court' | 'regulator', port = 0): Promise<WitnessProcess> {
  const w = await startWitnessProcess(bed, { dir: join(bed.dir, `witness-${name}`), id: name, key: witnessKeys[name], name: keyNames[name], port });
  witnesses.set(name, w);
  return w;
}

async function startService(intervalMs: number): Promise<void> {
  log = await openAuditDirectory({ dir: logDir(), signer: bed.log });
  service = await startAuditService({
    creds: bed.creds.get('audit')!,
    bind: { host: '127.0.0.1', port: 0 },
    log,
    dir: logDir(),
    allowedClients: ['admf'],
    checkpointIntervalMs: intervalMs,
    onAlarm: (a) => alarms.push(a),
    witnessing: {
      policy: policy(),
      endpoints: [...witnesses].map(([name, w]) => ({ name, identity: name, endpoint: w.endpoint })),
      maxWaitMs: MAX_WAIT_MS,
    },
  });
  admf = new RemoteAuditLog({ creds: bed.creds.get('admf')!, endpoint: service.endpoint, serverIdentity: 'audit', timeoutMs: 10_000 });
}

async function stopService(): Promise<void> {
  await admf.close();
  await service.close();
  await log.close();
}

/** Waits (bounded) until `check` holds. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > timeoutMs) assert.fail(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

before(async () => {
  bed = await witnessBed(['audit', 'admf', 'court', 'regulator']);
  await startWitness('court');
  await startWitness('regulator');
  await startService(200);
});
after(async () => {
  await stopService();
  for (const w of witnesses.values()) await w.stop();
  bed.cleanup();
});

describe('audit service with two witnesses, quorum 2', () => {
  test('the policy file the service wrote at start is the policy, and parses', () => {
    const text = readFileSync(join(logDir(), WITNESS_POLICY_FILE), 'utf8');
    const onDisk = parseWitnessPolicy(text);
    assert.deepEqual(onDisk.witnesses.map((w) => [w.name, w.verifier.name]), [['court', keyNames.court], ['regulator', keyNames.regulator]]);
    assert.deepEqual(onDisk.quorum, { kind: 'count', n: 2 });
    assert.equal(onDisk.log.name, LOG_ORIGIN);
  });

  test('the checkpoints the service publishes end up cosigned by the quorum, on disk and as served', async () => {
    for (let i = 0; i < 5; i++) await admf.append(event('admf', i));
    const onDisk = parseWitnessPolicy(readFileSync(join(logDir(), WITNESS_POLICY_FILE), 'utf8'));
    await until('the latest checkpoint file covers the log and has the quorum', async () => {
      const last = (await readCheckpointNotes(logDir())).at(-1);
      return last !== undefined && verifyCheckpoint(last, bed.log).size === log.size && hasQuorum(last, onDisk);
    });
    const served = await admf.checkpoint();
    assert.deepEqual(cosignersOf(served, onDisk), ['court', 'regulator']);
    // Still the log's own checkpoint: its signature verifies and openAuditDirectory would accept it.
    assert.equal(verifyCheckpoint(served, bed.log, LOG_ORIGIN).size, log.size);
    const stats = service.stats().cosigning!;
    assert.ok(stats.witnesses.every((w) => w.reachable === true && w.cosignedSize === log.size && w.refusals === 0), JSON.stringify(stats));
  });

  test('anchor(n) answers with a note covering entry n whose cosignatures satisfy the policy', async () => {
    const { index } = await admf.append(event('admf', 100));
    const note = await admf.anchor(index);
    const checkpoint = verifyCheckpoint(note, bed.log, LOG_ORIGIN);
    assert.ok(checkpoint.size > index);
    assert.ok(hasQuorum(note, policy()));
    assert.ok((await readCheckpointNotes(logDir())).includes(note), 'the cosigned note was persisted before the answer');
    await assert.rejects(admf.anchor(log.size + 5), { code: 'AUDIT_BAD_RANGE' });
  });

  test('a burst of 100 anchors for 100 fresh entries shares a few rounds', async (t) => {
    const before = service.stats().cosigning!;
    const appended = await Promise.all(Array.from({ length: 100 }, (_, i) => admf.append(event('admf', 200 + i))));
    const notes = await Promise.all(appended.map((a) => admf.anchor(a.index)));
    for (const [i, note] of notes.entries()) {
      assert.ok(verifyCheckpoint(note, bed.log).size > appended[i]!.index);
      assert.ok(hasQuorum(note, policy()));
    }
    const after = service.stats().cosigning!;
    const rounds = after.rounds - before.rounds;
    t.diagnostic(`${rounds} rounds for 100 anchors`);
    assert.ok(rounds <= 6, `${rounds} rounds for 100 anchors`);
    assert.equal(after.anchors.answered - before.anchors.answered, 100);
  });

  test('one witness down, quorum 2: anchor fails with AUDIT_NO_QUORUM and an alarm; with it back, the next anchor succeeds', async (t) => {
    const regulator = witnesses.get('regulator')!;
    const port = regulator.endpoint.port;
    assert.equal(await regulator.stop(), 0);
    const { index } = await admf.append(event('admf', 300));
    const started = Date.now();
    await assert.rejects(admf.anchor(index), (e: { code: string; message: string }) => e.code === 'AUDIT_NO_QUORUM' && /unreachable: regulator/.test(e.message));
    t.diagnostic(`AUDIT_NO_QUORUM after ${Date.now() - started} ms (maxWaitMs ${MAX_WAIT_MS})`);
    assert.ok(alarms.some((a) => a.code === 'AUDIT_WITNESS_UNREACHABLE' && a.detail.includes('witness regulator')));
    assert.ok(alarms.some((a) => a.code === 'AUDIT_NO_QUORUM' && a.peer === 'admf'));
    const stats = service.stats().cosigning!;
    const reg = stats.witnesses.find((w) => w.name === 'regulator')!;
    assert.equal(reg.reachable, false);
    assert.ok(reg.failures > 0);
    assert.ok(stats.anchors.noQuorum >= 1);
    // The court alone cosigned the new checkpoint: on disk it has one cosignature, not the quorum.
    const last = (await readCheckpointNotes(logDir())).at(-1)!;
    assert.deepEqual(cosignersOf(last, policy()), ['court']);

    await startWitness('regulator', port);
    const note = await admf.anchor(index);
    assert.ok(hasQuorum(note, policy()));
    assert.ok(verifyCheckpoint(note, bed.log).size > index);
  });

  test('closing publishes a last checkpoint covering the whole log and has it cosigned; a restarted service keeps the cosignatures and anchors at once', async () => {
    // No interval round in this service's life: only the closing round can have the entry cosigned.
    await stopService();
    await startService(3_600_000);
    const { index } = await admf.append(event('admf', 400));
    await stopService();
    const last = (await readCheckpointNotes(logDir())).at(-1)!;
    assert.equal(verifyCheckpoint(last, bed.log).size, index + 1);
    assert.ok(hasQuorum(last, policy()), 'the closing checkpoint is cosigned by the quorum');

    await startService(3_600_000);
    const rounds = service.stats().cosigning!.rounds;
    // Nothing new to publish: the latest checkpoint on disk already has the quorum, but the service
    // only trusts what a round re-reads; one round adopts it without asking the witnesses again.
    const note = await admf.anchor(log.size - 1);
    assert.ok(hasQuorum(note, policy()));
    assert.ok(service.stats().cosigning!.rounds - rounds <= 1);
    assert.equal(service.stats().cosigning!.witnesses.reduce((n, w) => n + w.cosignatures, 0), 0, 'no witness was asked again');
  });
});
