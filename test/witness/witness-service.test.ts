/**
 * The witness service over HTTPS with mutual TLS on 127.0.0.1 (c2sp.org/tlog-witness): a consistent
 * series is cosigned; every refusal has the spec's status; forks and rollbacks are refused and kept as
 * evidence on disk; malformed bodies are 400 and change nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCosignatureVerifier, createCosigner, createNoteSigner, createNoteVerifier, verifyCosignature } from '../../src/audit/index.ts';
import { logFileKey, startWitnessService, type WitnessService } from '../../src/witness/index.ts';
import { addCheckpointBody, LOG_ORIGIN, post, TestLog, WITNESS_NAME, witnessBed, type WitnessBed } from './helpers.ts';

let bed: WitnessBed;
let service: WitnessService;
let log: TestLog;
/** A checkpoint of size 8, signed early in the series (resending it later proves nothing). */
let early = '';
const alarms: { code: string; detail: string; evidence?: string }[] = [];
const witnessDir = () => join(bed.dir, 'witness');
const stateFile = () => join(witnessDir(), 'state', `${logFileKey(LOG_ORIGIN)}.checkpoint`);
const evidenceDirs = () => {
  const d = join(witnessDir(), 'evidence', logFileKey(LOG_ORIGIN));
  return existsSync(d) ? readdirSync(d).sort() : [];
};
const submit = (body: string | Buffer, who = 'audit') => post(bed.creds.get(who)!, service.endpoint, '/add-checkpoint', body);
const size = () => service.stats().logs[0]!.size;

before(async () => {
  bed = await witnessBed(['witness', 'audit', 'stranger']);
  service = await startWitnessService({
    creds: bed.creds.get('witness')!,
    bind: { host: '127.0.0.1', port: 0 },
    cosigner: createCosigner(WITNESS_NAME, bed.witnessKey),
    logs: [createNoteVerifier(LOG_ORIGIN, bed.log.publicKey)],
    dir: witnessDir(),
    allowedClients: ['audit'],
    onAlarm: (a) => alarms.push(a),
  });
  log = new TestLog(bed.log);
});
after(async () => {
  await service.close();
  bed.cleanup();
});

describe('witness: a consistent series', () => {
  test('cosigns from old 0, then each step with its consistency proof; the lines verify as tlog-cosignature/v1', async () => {
    const verifier = createCosignatureVerifier(WITNESS_NAME, bed.witnessKey);
    let old = 0;
    for (const to of [3, 4, 8, 13]) {
      log.grow(to);
      const cp = log.checkpoint();
      const reply = await submit(addCheckpointBody(old, log.proof(old), cp.note));
      assert.equal(reply.status, 200, reply.body);
      assert.match(reply.body, /^— court\.warranted\.test\/witness [A-Za-z0-9+/=]+\n$/);
      assert.ok(verifyCosignature(cp.note + reply.body, verifier) > 1_700_000_000);
      if (to === 8) early = cp.note;
      old = to;
    }
    assert.equal(size(), 13);
    assert.match(readFileSync(stateFile(), 'utf8'), /^log\.warranted\.test\/audit\n13\n/, 'the latest cosigned checkpoint is on disk');
  });

  test('the same checkpoint again (an answer lost on the way) is cosigned again with an empty proof', async () => {
    const cp = log.checkpoint(13);
    const reply = await submit(addCheckpointBody(13, [], cp.note));
    assert.equal(reply.status, 200, reply.body);
  });

  test('a stale old size is 409 with the latest size as text/x.tlog.size; the log learns it and succeeds', async () => {
    log.grow(20);
    const cp = log.checkpoint();
    const stale = await submit(addCheckpointBody(0, [], cp.note));
    assert.deepEqual([stale.status, stale.contentType, stale.body], [409, 'text/x.tlog.size', '13\n']);
    const learnt = Number(stale.body.trim());
    const reply = await submit(addCheckpointBody(learnt, log.proof(learnt), cp.note));
    assert.equal(reply.status, 200, reply.body);
    assert.equal(size(), 20);
  });

  test('concurrent submissions on one old size: exactly one is cosigned, the others get 409 (check and persist are atomic)', async () => {
    log.grow(30);
    const replies = await Promise.all([21, 23, 25, 27, 30].map((to) => submit(addCheckpointBody(20, log.proof(20, to), log.checkpoint(to).note))));
    assert.equal(replies.filter((r) => r.status === 200).length, 1, JSON.stringify(replies));
    assert.equal(replies.filter((r) => r.status === 409).length, 4);
    const won = [21, 23, 25, 27, 30][replies.findIndex((r) => r.status === 200)]!;
    assert.equal(size(), won);
    // Bring it to 30 for the next tests.
    if (won !== 30) assert.equal((await submit(addCheckpointBody(won, log.proof(won, 30), log.checkpoint(30).note))).status, 200);
  });
});

describe('witness: refusals', () => {
  test('unknown origin → 404; another key for the origin → 403; a client not allowed → 403; nothing changes', async () => {
    const before = readFileSync(stateFile(), 'utf8');
    const other = new TestLog(createNoteSigner('another.test/log', generateKeyPairSync('ed25519').privateKey)).grow(31);
    assert.equal((await submit(addCheckpointBody(0, [], other.checkpoint().note))).status, 404);
    const impostor = new TestLog(createNoteSigner(LOG_ORIGIN, generateKeyPairSync('ed25519').privateKey)).grow(31);
    const forged = await submit(addCheckpointBody(30, impostor.proof(30), impostor.checkpoint().note));
    assert.deepEqual([forged.status, forged.body.split(':')[0]], [403, 'WITNESS_BAD_SIGNATURE']);
    log.grow(31);
    const stranger = await submit(addCheckpointBody(30, log.proof(30), log.checkpoint().note), 'stranger');
    assert.deepEqual([stranger.status, stranger.body.split(':')[0]], [403, 'WITNESS_CLIENT_REFUSED']);
    assert.equal(readFileSync(stateFile(), 'utf8'), before);
    assert.deepEqual(evidenceDirs(), [], 'an impostor or a stranger proves nothing about the log');
  });

  test('a proof that does not verify → 422; old > size → 400', async () => {
    log.grow(40);
    const cp = log.checkpoint(40);
    const wrongProof = log.proof(31, 40); // a real proof, but from another size
    const bad = await submit(addCheckpointBody(30, wrongProof, cp.note));
    assert.deepEqual([bad.status, bad.body.split(':')[0]], [422, 'WITNESS_BAD_PROOF']);
    // Signed by the log yet not provably consistent: the witness cannot tell a bad proof from a fork.
    assert.deepEqual(evidenceDirs().map((d) => d.replace(/[0-9a-f]{16}$/, '…')), ['inconsistent-40-…']);
    assert.equal((await submit(addCheckpointBody(41, [], cp.note))).status, 400);
    assert.equal(size(), 30);
  });

  test('malformed bodies → 400 (413 when too large) and nothing changes', async () => {
    const before = readFileSync(stateFile(), 'utf8');
    const evidence = evidenceDirs();
    const note = log.checkpoint(40).note;
    const proof = addCheckpointBody(30, log.proof(30, 40), note).split('\n\n')[0]!;
    const cases: (string | Buffer)[] = [
      '',
      note, // no old line
      `old 30\n${note}`, // no blank line after the head: the note's own blank line splits a bad head
      `old 030\n\n${note}`,
      `old -1\n\n${note}`,
      `old 30 \n\n${note}`,
      `${proof}\nnot-base64!\n\n${note}`,
      `old 30\n${'AAAA\n'.repeat(2)}\n${note}`, // hashes of 3 bytes
      `old 30\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n${note}`, // 64 proof lines
      `${proof}\n\n${note.replace(/\n\n.*$/s, '\n')}`, // checkpoint without a signature
      `${proof}\n\nnot a checkpoint\n\n— x AAAA\n`,
      Buffer.concat([Buffer.from(`${proof}\n\n`), Buffer.from([0xff, 0xfe]), Buffer.from(note)]),
    ];
    for (const body of cases) {
      const reply = await submit(body);
      assert.deepEqual([reply.status, reply.body.split(':')[0]], [400, 'WITNESS_BAD_REQUEST'], `${JSON.stringify(body.toString().slice(0, 60))}: ${reply.body}`);
    }
    const huge = await submit(`${proof}\n\n${note}${'x'.repeat(70_000)}`);
    assert.equal(huge.status, 413);
    assert.equal((await post(bed.creds.get('audit')!, service.endpoint, '/add-checkpoint', '', 'GET')).status, 405);
    assert.equal((await post(bed.creds.get('audit')!, service.endpoint, '/nothing', 'x')).status, 404);
    assert.equal(readFileSync(stateFile(), 'utf8'), before);
    assert.equal(size(), 30);
    assert.deepEqual(evidenceDirs(), evidence);
  });
});

describe('witness: forks and rollbacks are refused and kept as evidence', () => {
  test('two checkpoints of one size with different roots: 409, evidence on disk, an alarm, never overwritten', async () => {
    // The fork shares the first 25 entries, then tells another story.
    const fork = new TestLog(bed.log, (i) => (i < 25 ? `entry-${i}` : `rewritten-${i}`)).grow(30);
    const forged = fork.checkpoint(30);
    const reply = await submit(addCheckpointBody(30, [], forged.note));
    assert.equal(reply.status, 409);
    const dirs = evidenceDirs();
    const forks = dirs.filter((d) => d.startsWith('fork-'));
    assert.equal(forks.length, 1);
    assert.match(forks[0]!, /^fork-30-[0-9a-f]{16}$/);
    const folder = join(witnessDir(), 'evidence', logFileKey(LOG_ORIGIN), forks[0]!);
    assert.equal(readFileSync(join(folder, 'submitted.checkpoint'), 'utf8'), forged.note);
    assert.equal(readFileSync(join(folder, 'proof.txt'), 'utf8'), 'old 30\n');
    assert.equal(readFileSync(join(folder, 'cosigned.checkpoint'), 'utf8'), readFileSync(stateFile(), 'utf8'));
    assert.match(readFileSync(join(folder, 'reason.txt'), 'utf8'), /two checkpoints of size 30/);
    assert.ok(alarms.some((a) => a.code === 'WITNESS_FORK_DETECTED' && a.evidence === folder));
    // Sent again (as a log retries), or with another old size: the record stays as it was, one of it.
    const alarmsBefore = alarms.length;
    assert.equal((await submit(addCheckpointBody(0, [], forged.note))).status, 409);
    assert.deepEqual(evidenceDirs(), dirs);
    assert.equal(alarms.length, alarmsBefore);
    // The fork grown further, with a proof from its own size-30 tree: the proof fails against ours.
    fork.grow(35);
    const further = await submit(addCheckpointBody(30, fork.proof(30), fork.checkpoint(35).note));
    assert.equal(further.status, 422);
    assert.ok(evidenceDirs().some((d) => d.startsWith('inconsistent-35-')));
    assert.equal(service.stats().logs[0]!.forks, 3, 'the bad proof above, the fork, its continuation');
    assert.equal(size(), 30);
  });

  test('a smaller tree signed after the larger one was cosigned is a rollback: refused, evidence kept; an old one resent is merely stale', async () => {
    const rolledBack = log.checkpoint(20); // signed now, after the cosigned 30
    const reply = await submit(addCheckpointBody(20, log.proof(20, 20), rolledBack.note));
    assert.deepEqual([reply.status, reply.body], [409, '30\n']);
    assert.ok(evidenceDirs().some((d) => d.startsWith('rollback-20-')));
    assert.equal((await submit(addCheckpointBody(30, [], rolledBack.note))).status, 400, 'old > size');
    assert.equal(evidenceDirs().filter((d) => d.startsWith('rollback-')).length, 1);
    const evidence = evidenceDirs().length;
    const stale = await submit(addCheckpointBody(8, [], early));
    assert.deepEqual([stale.status, stale.body], [409, '30\n']);
    assert.equal(evidenceDirs().length, evidence, 'a checkpoint signed before the cosigned one is not evidence');
  });
});

describe('witness: its memory', () => {
  test('a stored state that does not verify under the log key stops the start (WITNESS_STATE_UNREADABLE); a leftover temp file is dropped', async () => {
    const dir = join(bed.dir, 'witness-corrupt');
    const options = {
      creds: bed.creds.get('witness')!,
      bind: { host: '127.0.0.1', port: 0 },
      cosigner: createCosigner(WITNESS_NAME, bed.witnessKey),
      logs: [createNoteVerifier(LOG_ORIGIN, bed.log.publicKey)],
      dir,
    };
    const first = await startWitnessService(options);
    const cp = log.checkpoint(5);
    assert.equal((await post(bed.creds.get('audit')!, first.endpoint, '/add-checkpoint', addCheckpointBody(0, [], cp.note))).status, 200);
    await first.close();
    const state = join(dir, 'state', `${logFileKey(LOG_ORIGIN)}.checkpoint`);
    // A crash between writing the temp file and renaming it leaves the temp file: it never was the state.
    writeFileSync(`${state}.tmp-12345`, 'half a checkpoint');
    const second = await startWitnessService(options);
    assert.equal(second.stats().logs[0]!.size, 5);
    await second.close();
    assert.deepEqual(readdirSync(join(dir, 'state')), [`${logFileKey(LOG_ORIGIN)}.checkpoint`]);
    // Edited on disk (its size changed): the log's signature no longer verifies; starting empty would let it be forked.
    writeFileSync(state, readFileSync(state, 'utf8').replace(/\n5\n/, '\n4\n'));
    await assert.rejects(startWitnessService(options), { code: 'WITNESS_STATE_UNREADABLE' });
  });
});
