import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { packSeptets, septetsToText, textToSeptets, unpackSeptets } from './gsm7.ts';
import { buildSmsTpdu, parseSmsTpdu } from './tpdu.ts';

describe('SMS TPDU', () => {
  test('GSM 7-bit packing known vector ("hellohello" → E8329BFD4697D9EC37)', () => {
    const packed = packSeptets(textToSeptets('hellohello'));
    assert.equal(Buffer.from(packed).toString('hex').toUpperCase(), 'E8329BFD4697D9EC37');
    assert.equal(septetsToText(unpackSeptets(packed, 10)), 'hellohello');
  });

  test('extension table characters use ESC (TS 23.038 §6.2.1.1)', () => {
    assert.deepEqual(textToSeptets('€['), [0x1b, 0x65, 0x1b, 0x3c]);
    assert.equal(septetsToText([0x1b, 0x65, 0x1b, 0x3c]), '€[');
    assert.throws(() => textToSeptets('日'), { code: 'SMS_NOT_GSM7' });
  });

  test('SMS-SUBMIT bytes and round trip', () => {
    const bytes = buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference: 5, destination: '447700900123', text: 'hellohello' });
    // 11 MR DA(len 12, 91, swapped 44 77 00 09 10 32) PID DCS VP UDL UD
    assert.equal(Buffer.from(bytes).toString('hex').toUpperCase(), '11050C914477000910320000A70AE8329BFD4697D9EC37');
    assert.deepEqual(parseSmsTpdu(bytes, 'MO'), { type: 'SMS-SUBMIT', messageReference: 5, destination: '447700900123', text: 'hellohello', validityPeriod: 0xa7 });
  });

  test('SMS-DELIVER round trip: numeric and alphanumeric originators, GSM 7-bit and UCS2', () => {
    const time = Date.UTC(2026, 0, 15, 9, 30, 12);
    for (const [originator, text] of [['447911123456', 'Meeting at 3pm {room 2}'], ['BANK', 'Code 1234'], ['80080', 'Привет, как дела?']] as const) {
      const bytes = buildSmsTpdu({ type: 'SMS-DELIVER', originator, text, serviceCentreTimeMs: time });
      assert.deepEqual(parseSmsTpdu(bytes, 'MT'), { type: 'SMS-DELIVER', originator, text, serviceCentreTimeMs: time });
    }
  });

  test('wrong direction, truncation and too-long text raise typed errors', () => {
    const submit = buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference: 1, destination: '12345', text: 'x' });
    assert.throws(() => parseSmsTpdu(submit, 'MT'), { code: 'SMS_BAD_TPDU' });
    assert.throws(() => parseSmsTpdu(submit.subarray(0, 4), 'MO'), { code: 'PAYLOAD_TRUNCATED' });
    assert.throws(() => buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference: 1, destination: '1', text: 'a'.repeat(161) }), { code: 'PAYLOAD_BAD_VALUE' });
  });
});
