import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedX2X3Pdu } from '../standards/x2x3/index.ts';
import { DUPLICATE_WINDOW, X2X3SequenceTracker, type X2X3LossReport } from './x2x3-sequence.ts';

const XID = '2b7a5f0e-9a52-4f5e-8f39-0d6f3b1c4a11';
const pdu = (n: number | undefined, o: { xid?: string; corr?: bigint; x3?: boolean } = {}) =>
  ({ xid: o.xid ?? XID, pduType: o.x3 ? 2 : 1, correlationId: o.corr ?? 7n, attributes: n === undefined ? [] : [{ kind: 'sequenceNumber', value: n }] }) as unknown as DecodedX2X3Pdu;

test('in order: nothing lost; a skip is one gap with its missing range, alarmed once per POI and XID per period', () => {
  const alarms: X2X3LossReport[] = [];
  const t = new X2X3SequenceTracker({ onFirstGap: (r) => alarms.push(structuredClone(r)) });
  for (const n of [0, 1, 2, 5, 6, 9]) t.observe(pdu(n), 'poi-a');
  assert.deepEqual(t.stats(), { lost: 4, gaps: 2, duplicates: 0, restarts: 0, unnumbered: 0, streams: 1 });
  assert.equal(alarms.length, 1);
  assert.deepEqual(alarms[0]!.missing, [{ stream: '7/X2', from: 3, to: 4 }]);
  const [r] = t.flush();
  assert.deepEqual(r, { poi: 'poi-a', xid: XID, lost: 4, gaps: 2, duplicates: 0, restarts: 0, missing: [{ stream: '7/X2', from: 3, to: 4 }, { stream: '7/X2', from: 7, to: 8 }] });
  assert.deepEqual(t.flush(), [], 'a flush starts a new period');
});

test('X2 and X3, Correlation IDs and POIs are separate streams (TS 103 221-2 §5.3.9)', () => {
  const t = new X2X3SequenceTracker();
  for (let n = 0; n < 3; n++) {
    t.observe(pdu(n), 'poi-a');
    t.observe(pdu(n, { x3: true }), 'poi-a');
    t.observe(pdu(n, { corr: 8n }), 'poi-a');
    t.observe(pdu(n), 'poi-b');
  }
  assert.deepEqual(t.stats(), { lost: 0, gaps: 0, duplicates: 0, restarts: 0, unnumbered: 0, streams: 4 });
});

test('wrap-around after 2^32 - 1 is in order; a skip across it is a gap', () => {
  const t = new X2X3SequenceTracker();
  for (const n of [2 ** 32 - 2, 2 ** 32 - 1, 0, 1]) t.observe(pdu(n), 'p');
  assert.equal(t.stats().lost, 0);
  t.observe(pdu(2 ** 32 - 1, { corr: 1n }), 'p');
  t.observe(pdu(2, { corr: 1n }), 'p');
  assert.deepEqual(t.flush()[0]!.missing, [{ stream: '1/X2', from: 0, to: 1 }]);
});

test('duplicates are counted, not loss; a POI restart (0 again) is counted, not loss; a restart far behind loses its first numbers', () => {
  const t = new X2X3SequenceTracker();
  for (const n of [0, 1, 2, 3, 2, 3, 4]) t.observe(pdu(n), 'p');
  assert.deepEqual({ ...t.stats(), streams: undefined }, { lost: 0, gaps: 0, duplicates: 2, restarts: 0, unnumbered: 0, streams: undefined });
  for (const n of [0, 1, 2]) t.observe(pdu(n), 'p');
  assert.equal(t.stats().restarts, 1);
  assert.equal(t.stats().lost, 0, 'the numbers continue from the restart');
  const far = DUPLICATE_WINDOW + 100;
  for (let n = 0; n < 3; n++) t.observe(pdu(far + n, { corr: 2n }), 'p');
  t.observe(pdu(5, { corr: 2n }), 'p');
  assert.equal(t.stats().restarts, 2);
  assert.equal(t.stats().lost, 5, 'numbers 0-4 of the new numbering never arrived');
});

test('memory is bounded: at most maxStreams streams, ended XIDs are forgotten, unnumbered PDUs are only counted', () => {
  const t = new X2X3SequenceTracker({ maxStreams: 100 });
  for (let i = 0; i < 1000; i++) t.observe(pdu(0, { corr: BigInt(i) }), 'p');
  assert.equal(t.stats().streams, 100);
  t.observe(pdu(0, { xid: 'other' }), 'p');
  t.forgetEnded((xid) => xid === 'other');
  assert.equal(t.stats().streams, 1);
  t.observe(pdu(undefined), 'p');
  assert.equal(t.stats().unnumbered, 1);
});
