/**
 * `audit verify`'s rule for the operators' retention sweeps (src/audit/law/retention-sweeps.ts,
 * rd-retention-on-schedule), on events made by the same function the network role uses
 * (rdRetentionDeletedEvent): sweeps on schedule with coherent cut-offs and digests pass; a missed
 * sweep (a gap of more than two intervals), a cut-off after its sweep, and a zero-row sweep whose
 * digest is not the SHA-256 of nothing are findings naming the entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LawChecker } from '../../src/audit/law/checker.ts';
import { rdRetentionDeletedEvent } from '../../src/audit/rd-events.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const EMPTY = createHash('sha256').update('').digest('hex');
const FULL = createHash('sha256').update('["1"]\n').digest('hex');

function sweepAt(ms: number, category: string, rows = 0, over: Record<string, unknown> = {}) {
  const sweptAt = new Date(ms).toISOString();
  const cutoff = new Date(ms - 90 * 24 * HOUR).toISOString();
  const e = rdRetentionDeletedEvent(sweptAt, 'op-a-rdhi', { operatorId: 'op-a', category, cutoff, sweptAt, rows, digest: rows === 0 ? EMPTY : FULL, sweepIntervalMs: HOUR });
  return { ...e, details: { ...e.details, ...over } };
}

function verify(events: ReturnType<typeof sweepAt>[]) {
  const law = new LawChecker();
  events.forEach((e, i) => law.observe(i, e));
  return law.finish().map((v) => [v.rule, v.index]);
}

test('retention sweeps on schedule, with coherent cut-offs and digests: no finding', () => {
  const events = [0, 1, 2, 3].flatMap((h) => [sweepAt(T0 + h * HOUR, 'calls', h === 1 ? 1 : 0), sweepAt(T0 + h * HOUR + 5, 'sms')]);
  assert.deepEqual(verify(events), []);
});

test('a missed sweep, a cut-off after its sweep, and a digest that does not fit are findings', () => {
  const events = [
    sweepAt(T0, 'calls'),
    sweepAt(T0 + HOUR, 'calls'),
    // Two sweeps missed (3 intervals since the previous): deletions did not happen on schedule.
    sweepAt(T0 + 4 * HOUR, 'calls'),
    sweepAt(T0 + 5 * HOUR, 'calls', 0, { cutoff: new Date(T0 + 6 * HOUR).toISOString() }),
    sweepAt(T0 + 6 * HOUR, 'calls', 0, { digest: FULL }),
    // Another category keeps its own schedule.
    sweepAt(T0 + 6 * HOUR, 'sms'),
  ];
  assert.deepEqual(verify(events), [['rd-retention-on-schedule', 2], ['rd-retention-on-schedule', 3], ['rd-retention-on-schedule', 4]]);
});
