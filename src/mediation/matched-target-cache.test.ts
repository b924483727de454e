/**
 * The guard's Matched Target Identifier keys (task-table.ts: the last text, then a map of the last
 * 1024 texts): seeded runs and alternations of equal texts (the same string object, as the decoder
 * hands back) and equal-but-distinct strings, other targets, malformed and entity-escaped texts;
 * each record's verdict is the one the first reading of its text gave, in any order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../test/helpers/random.ts';
import { decodeX2X3Pdu, encodeX2X3Pdu, PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type DecodedX2X3Pdu } from '../standards/x2x3/index.ts';
import { EVERY_SERVICE, MediationTask, MediationTaskTable } from './task-table.ts';

const XID = '00000000-0000-4000-8000-0000000000aa';
const TEXTS = [
  '<e164Number>447700900123</e164Number>',
  '<e164Number>447700900124</e164Number>',
  '<imsi>234150999999999</imsi>',
  '<e164Number>447700900123</e164Number',
  '<e164Number>44770&amp;0900123</e164Number>',
  '<nope>447700900123</nope>',
];

function pdu(text: string): DecodedX2X3Pdu {
  return decodeX2X3Pdu(
    encodeX2X3Pdu({
      version: X2X3_VERSION, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, payloadDirection: PayloadDirection.FromTarget, xid: XID, correlationId: 1n,
      attributes: [{ kind: 'matchedTargetIdentifier', value: text }], payload: Uint8Array.of(0x45),
    }),
  );
}

test('matched-target verdicts do not depend on which text came before (seeded runs and alternations)', () => {
  const tasks = new MediationTaskTable();
  tasks.put(new MediationTask({ xid: XID, liid: 'LIID-K', hiDelivery: 'HI2andHI3', startMs: 0, endMs: Date.now() + 3_600_000, authorizationCountryCode: 'XX', serviceMask: EVERY_SERVICE, targets: 'e164Number:447700900123' }));
  const verdict = (p: DecodedX2X3Pdu) => {
    const v = tasks.checkRecordAt(p, 'opa-poi', Date.now(), undefined);
    return v.ok ? 'ok' : `${v.refusal.code}: ${v.refusal.message}`;
  };
  const expected = TEXTS.map((t) => verdict(pdu(t)));
  assert.equal(expected[0], 'ok');
  for (const k of [1, 2, 3, 4, 5]) assert.ok(expected[k]!.startsWith('MDF_TARGET_MISMATCH'), expected[k]);
  const rnd = prng(11);
  let i = Math.floor(rnd() * TEXTS.length);
  for (let n = 0; n < 5000; n++) {
    if (rnd() < 0.3) i = Math.floor(rnd() * TEXTS.length);
    // Half the time a fresh string of the same characters (not the decoder's cached object).
    const p = rnd() < 0.5 ? pdu(TEXTS[i]!) : pdu(`${TEXTS[i]!.slice(0, 3)}${TEXTS[i]!.slice(3)}`);
    assert.equal(verdict(p), expected[i], `record ${n}, text ${i}`);
  }
});
