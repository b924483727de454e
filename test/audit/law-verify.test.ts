/**
 * The overseer's verifier (`warranted audit verify`, issue 9): a lawful story verifies; each
 * unlawful variant, and each way of tampering with the log, is named — entry index and rule for the
 * law, the problem code for the structure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINTS_DIR, ENTRIES_FILE, openAuditDirectory, publishCheckpoint, type AuditEvent } from '../../src/audit/index.ts';
import { runVerify } from '../../src/cli/audit/verify-command.ts';
import { at, batch, ev, H, HASH, lawfulStory, LIID1, LIID2, MIN, S, W1, W2, writeStory, XID1 } from './law-story.ts';

async function verify(events: AuditEvent[], options: Parameters<typeof writeStory>[1] = {}) {
  const log = await writeStory(events, options);
  return { log, report: await runVerify({ dir: log.dir, key: log.keyFile }) };
}

/** The first law violation, as `audit verify` names it. */
function firstViolation(report: Awaited<ReturnType<typeof runVerify>>): { index: number | undefined; rule: string | undefined } {
  const p = report.problems.find((x) => x.code === 'AUDIT_LAW_VIOLATED');
  return { index: p?.index, rule: p?.rule };
}

const indexOf = (events: AuditEvent[], pred: (e: AuditEvent) => boolean): number => {
  const i = events.findIndex(pred);
  assert.ok(i >= 0, 'the story has the entry the test changes');
  return i;
};

describe('audit verify: the law', () => {
  test('the lawful story verifies, with its witnesses and every rule checked', async () => {
    const { report } = await verify(lawfulStory());
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.deepEqual(report.law, { checked: true, signersJudged: true, violations: 0 });
    assert.deepEqual(report.witnesses !== 'none-required' && report.witnesses.cosigners, ['court', 'regulator']);
  });

  test('a back-dated warrant', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'warrant.submitted' && e.subject === W2);
    (events[i]!.details.terms as { start: string }).start = at(-48 * H);
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'no-backdating' });
  });

  test('a task activated with no approval', async () => {
    const events = lawfulStory().filter((e) => !(e.subject === W2 && (e.type === 'warrant.signature-added' || (e.type === 'warrant.transition' && e.details.to === 'Approved'))));
    // Without the approval the warrant cannot become Active either; the desk "activates" it anyway.
    const i = indexOf(events, (e) => e.type === 'warrant.transition' && e.subject === W2 && e.details.to === 'Active');
    events[i]!.details.from = 'AwaitingApproval';
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'required-signers' });
  });

  test('an activation for a warrant that is not Active', async () => {
    const events = lawfulStory().filter((e) => !(e.type === 'warrant.transition' && e.subject === W2));
    const i = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.details.warrantId === W2);
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'activation-approved' });
  });

  test('an activation naming a warrant the log never submitted', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.details.warrantId === W2);
    events[i]!.details.warrantId = '0b0c7d1e-0000-4000-8000-0000000000ff';
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'warrant-known' });
  });

  test('an approval by a key revoked before it signed (revocation logged later, dated earlier)', async () => {
    const events = lawfulStory();
    const sig = indexOf(events, (e) => e.type === 'warrant.signature-added' && e.subject === W1 && e.details.role === 'judge');
    events.push(ev(2 * H, 'keys.key-revoked', 'warrant-desk', 'ed25519:j1', { keyId: 'ed25519:j1', authorityId: 'judge-1', revokedAt: at(-1 * H), reason: 'key compromised' }));
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: sig, rule: 'signer-key-valid' });
  });

  test('a signature by a key of another authority', async () => {
    const events = lawfulStory();
    const sig = indexOf(events, (e) => e.type === 'warrant.signature-added' && e.subject === W1 && e.details.role === 'judge');
    events[sig]!.details.keyId = 'ed25519:m1';
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: sig, rule: 'signer-key-valid' });
  });

  test('records delivered after the warrant expired', async () => {
    const events = lawfulStory();
    events.push(batch(1 * H + 11 * MIN, LIID2, 'HI2', 3, 1 * H + 5 * MIN, 1 * H + 6 * MIN));
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: events.length - 1, rule: 'delivery-warranted' });
  });

  test('content delivered under an IRI-only warrant', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'mdf.delivery-batch' && e.details.liid === LIID2);
    events[i]!.details.channel = 'HI3';
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'content-warranted' });
  });

  test('a delivery for a LIID no task names', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'mdf.delivery-batch' && e.details.liid === LIID1);
    events[i]!.details.liid = 'PKPOLICE-9999';
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'delivery-warranted' });
  });

  test('a task asking for content under an IRI-only warrant', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.details.warrantId === W2);
    events[i]!.details.content = true;
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'activation-in-window' });
  });

  test('a task announced twice while it runs (reconciliation and a retried change) is one episode: stopped once, lawful', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.subject === XID1);
    events.splice(i + 1, 0, { ...events[i]!, details: { ...events[i]!.details } });
    const { report } = await verify(events);
    assert.deepEqual(report.problems, []);
  });

  test('a task never deactivated on one element', async () => {
    const events = lawfulStory().filter((e) => !(e.type === 'x1.exchange' && e.details.ne === 'op-a-ims' && (e.details.xids as string[]).includes(XID1)));
    const i = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.subject === XID1);
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: i, rule: 'deactivated-on-time' });
    assert.match(report.problems[0]!.message, /op-a-ims/);
  });

  test('an ActivateTask sent before the task was announced (reconciliation racing the announcement)', async () => {
    const events = lawfulStory();
    const announcement = indexOf(events, (e) => e.type === 'provisioning.task-activating' && e.subject === XID1);
    const [moved] = events.splice(announcement, 1);
    const sending = indexOf(events, (e) => e.type === 'x1.sending' && (e.details.xids as string[]).includes(XID1) && (e.details.requestTypes as string[]).includes('ActivateTaskRequest'));
    events.splice(sending + 2, 0, moved!);
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: sending, rule: 'activation-announced' });
  });

  test('an X1 exchange sent without being announced first', async () => {
    const events = lawfulStory();
    const sending = indexOf(events, (e) => e.type === 'x1.sending' && e.details.ne === 'op-a-ims');
    events.splice(sending, 1);
    const exchange = indexOf(events, (e) => e.type === 'x1.exchange' && e.details.ne === 'op-a-ims');
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: exchange, rule: 'x1-announced' });
  });

  test('a rogue task left running', async () => {
    const events = lawfulStory();
    events.splice(-1, 0, ev(1 * H + 15 * S, 'provisioning.rogue-task', 'admf', '33333333-3333-4333-8333-333333333333', { element: 'op-a-ims' }));
    const { report } = await verify(events);
    assert.deepEqual(firstViolation(report), { index: events.length - 2, rule: 'rogue-removed' });
  });

  test('entry times going back', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'mdf.delivery-batch' && e.details.liid === LIID2);
    events[i]!.at = at(-1 * H);
    const { report } = await verify(events);
    assert.equal(report.problems.some((p) => p.rule === 'time-monotone' && p.index === i), true);
  });

  test('material kept past its retention end', async () => {
    const events = lawfulStory();
    events.push(ev(40 * 24 * H, 'provisioning.ne-reachable', 'admf', 'op-a-ims', { element: 'op-a-ims' }));
    const { report } = await verify(events);
    assert.equal(report.problems.some((p) => p.rule === 'retention-destroyed'), true);
    events.splice(-1, 0, ev(20 * 24 * H, 'retention.destroyed', 'lemf', W1, { warrantId: W1, warrantHash: HASH[W1] }), ev(20 * 24 * H, 'retention.destroyed', 'lemf', W2, { warrantId: W2, warrantHash: HASH[W2] }));
    assert.equal((await verify(events)).report.ok, true);
  });
});

describe('audit verify: the structure and the witnesses', () => {
  const entriesOf = (dir: string) => readFileSync(join(dir, ENTRIES_FILE), 'utf8').split('\n');

  test('an edited, a dropped and reordered entries', async () => {
    for (const [name, change] of [
      ['edited', (l: string[]) => (l[7] = l[7]!.replace('"leaf":"ey', '"leaf":"eX'))],
      ['dropped', (l: string[]) => l.splice(7, 1)],
      ['reordered', (l: string[]) => ([l[7], l[8]] = [l[8]!, l[7]!])],
    ] as const) {
      const { log } = await verify(lawfulStory());
      const lines = entriesOf(log.dir);
      change(lines);
      writeFileSync(join(log.dir, ENTRIES_FILE), lines.join('\n'));
      const report = await runVerify({ dir: log.dir, key: log.keyFile });
      assert.equal(report.ok, false, name);
      const first = report.problems[0]!;
      assert.ok(['AUDIT_ENTRY_MALFORMED', 'AUDIT_CHAIN_BROKEN', 'AUDIT_INDEX_MISMATCH'].includes(first.code), `${name}: ${first.code}`);
      assert.equal(first.index, 7, name);
    }
  });

  test('an entry inserted with the chain recomputed and the checkpoint re-signed by the log: the witnesses do not match', async () => {
    const events = lawfulStory();
    const { log } = await verify(events);
    // The operator rebuilds the log with one more (lawful-looking) entry and signs a new checkpoint.
    const forged = [...events];
    forged.splice(20, 0, batch(5 * MIN, LIID1, 'HI2', 1, 4 * MIN, 5 * MIN));
    const rebuilt = await openAuditDirectory({ dir: join(log.dir, 'rebuilt'), signer: log.signer, fsync: false });
    await rebuilt.appendMany(forged);
    await publishCheckpoint(log.dir, rebuilt.checkpoint());
    await rebuilt.close();
    writeFileSync(join(log.dir, ENTRIES_FILE), readFileSync(join(log.dir, 'rebuilt', ENTRIES_FILE)));
    const report = await runVerify({ dir: log.dir, key: log.keyFile });
    assert.equal(report.ok, false);
    const codes = report.problems.map((p) => p.code);
    assert.ok(codes.includes('AUDIT_ROOT_MISMATCH'), codes.join());
    assert.ok(codes.includes('AUDIT_COSIGNATURES_MISSING'), codes.join());
  });

  test('two checkpoints of one size (a fork): inconsistent', async () => {
    const events = lawfulStory();
    const { log } = await verify(events);
    const other = events.map((e) => (e.type === 'mdf.delivery-batch' ? { ...e, details: { ...e.details, count: 1 } } : e));
    const fork = await openAuditDirectory({ dir: join(log.dir, 'fork'), signer: log.signer, fsync: false });
    await fork.appendMany(other);
    const forked = fork.checkpoint();
    await fork.close();
    // A witness that cosigned the honest head refuses the fork: it is evidence, not a cosignature.
    assert.throws(() => log.witnesses[0]!.witness.cosign(forked.note, []), /not consistent|INCONSISTENT/);
    await publishCheckpoint(log.dir, { ...forked, timestamp: at(2 * H) });
    const report = await runVerify({ dir: log.dir, key: log.keyFile });
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_INCONSISTENT' || p.code === 'AUDIT_ROOT_MISMATCH'));
  });

  test('a log with no checkpoint, and a checkpoint without the quorum', async () => {
    const none = await verify(lawfulStory(), { checkpoint: false });
    assert.equal(none.report.ok, false);
    assert.deepEqual(none.report.problems.map((p) => p.code), ['AUDIT_UNANCHORED']);
    assert.equal(readdirSync(join(none.log.dir, CHECKPOINTS_DIR)).length, 0);
    const one = await verify(lawfulStory(), { cosign: 1 });
    assert.equal(one.report.ok, false);
    assert.deepEqual(one.report.problems.map((p) => p.code), ['AUDIT_COSIGNATURES_MISSING']);
  });

  test('export bundles, whole and partial, verify with the law and name a violation inside them (audit verify OUT)', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'mdf.delivery-batch' && e.details.liid === LIID2);
    const { log } = await verify(events);
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', ...args], { encoding: 'utf8' });
    const whole = join(log.dir, 'bundle-whole');
    assert.equal(cli(['export', '--dir', log.dir, '--key', log.keyFile, whole]).status, 0);
    const ok = cli(['verify', whole, '--key', log.keyFile, '--json']);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as { law: unknown }).law, { checked: true, signersJudged: true, violations: 0 });
    // A period in the middle: its legal context (keys, warrants, tasks, X1) comes with inclusion proofs, so no false alarm.
    const part = join(log.dir, 'bundle-part');
    assert.equal(cli(['export', '--dir', log.dir, '--key', log.keyFile, '--from', at(3 * MIN), '--to', at(1 * H + 30 * S), part]).status, 0);
    const partial = cli(['verify', part, '--key', log.keyFile]);
    assert.equal(partial.status, 0, partial.stdout + partial.stderr);

    const bad = [...events];
    bad[i] = { ...bad[i]!, details: { ...bad[i]!.details, channel: 'HI3' } };
    const unlawful = await writeStory(bad);
    const badBundle = join(unlawful.dir, 'bundle');
    assert.equal(cli(['export', '--dir', unlawful.dir, '--key', unlawful.keyFile, '--from', at(3 * MIN), badBundle]).status, 0);
    const named = cli(['verify', badBundle, '--key', unlawful.keyFile]);
    assert.equal(named.status, 1);
    assert.match(named.stdout, new RegExp(`first violation: entry ${i}, rule content-warranted`));
  });

  test('the CLI, as its own process: --json, exit status, the first violation named', async () => {
    const events = lawfulStory();
    const i = indexOf(events, (e) => e.type === 'mdf.delivery-batch' && e.details.liid === LIID2);
    events[i]!.details.channel = 'HI3';
    const { log } = await verify(events);
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'verify', '--dir', log.dir, '--key', log.keyFile, ...args], { encoding: 'utf8' });
    const json = run(['--json']);
    assert.equal(json.status, 1, json.stderr);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: { code: string; index: number; rule: string }[] };
    assert.equal(report.ok, false);
    assert.deepEqual([report.problems[0]!.code, report.problems[0]!.index, report.problems[0]!.rule], ['AUDIT_LAW_VIOLATED', i, 'content-warranted']);
    const text = run([]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, new RegExp(`first violation: entry ${i}, rule content-warranted`));
    assert.match(text.stdout, /^NOT VERIFIED$/m);
    const missingPolicy = run(['--witness-policy', join(log.dir, 'nope.txt')]);
    assert.notEqual(missingPolicy.status, 0);
    assert.match(missingPolicy.stderr, /witness policy/);
  });
});
