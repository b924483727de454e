import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseE164, parseImsi, parseImei, parseImeisv, imeiCheckDigit, imeiWithCheckDigit, imeiBody, luhnValid, imsiMcc } from './digits.ts';
import { assertCode } from './test-helpers.ts';

describe('E.164 (TS 103 280 §6.6)', () => {
  const valid: [string, string][] = [
    ['447700900123', '447700900123'],
    ['+44 7700 900123', '447700900123'],
    ['+44-7700-900123', '447700900123'],
    ['  +1 415-555-0123 ', '14155550123'],
    ['1', '1'],
    ['123456789012345', '123456789012345'],
  ];
  for (const [raw, want] of valid) test(`accepts ${JSON.stringify(raw)}`, () => assert.equal(parseE164(raw), want));
  const invalid: [string, string][] = [
    ['', 'IDENTIFIER_EMPTY'],
    ['   ', 'IDENTIFIER_EMPTY'],
    ['1234567890123456', 'E164_BAD_LENGTH'],
    ['07700900123', 'E164_BAD_COUNTRY_CODE'],
    ['0044 7700 900123', 'E164_BAD_COUNTRY_CODE'],
    ['+44 (0)7700 900123', 'E164_BAD_FORMAT'],
    ['44++7700', 'E164_BAD_FORMAT'],
    ['44  7700', 'E164_BAD_FORMAT'],
    ['4477009001a3', 'E164_BAD_FORMAT'],
    ['44770090012*', 'IDENTIFIER_WILDCARD'],
    ['4477009001??', 'IDENTIFIER_WILDCARD'],
    ['447700900%', 'IDENTIFIER_WILDCARD'],
    ['all', 'IDENTIFIER_WILDCARD'],
    ['ANY', 'IDENTIFIER_WILDCARD'],
    ['447700900100..447700900199', 'IDENTIFIER_RANGE'],
    ['447700900100 - 447700900199', 'IDENTIFIER_RANGE'],
    ['447700900100-447700900199', 'IDENTIFIER_RANGE'],
    ['4477009001[0-9]', 'IDENTIFIER_RANGE'],
    ['447700900100,447700900101', 'IDENTIFIER_RANGE'],
    ['100 to 199', 'IDENTIFIER_RANGE'],
    ['44\u00007700', 'IDENTIFIER_BAD_CHARACTERS'],
    ['x'.repeat(100), 'IDENTIFIER_TOO_LONG'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${JSON.stringify(raw)} with ${code}`, () => assertCode(() => parseE164(raw), code, raw));
});

describe('IMSI (TS 103 280 §6.7)', () => {
  for (const raw of ['234150999999999', '99999912345678', '001010123456789', '310260123456789']) {
    test(`accepts ${raw}`, () => assert.equal(parseImsi(raw), raw));
  }
  test('mcc', () => assert.equal(imsiMcc('234150999999999'), '234'));
  const invalid: [string, string][] = [
    ['2341509999999', 'IMSI_BAD_LENGTH'],
    ['2341509999999999', 'IMSI_BAD_LENGTH'],
    ['23415099999999a', 'IMSI_BAD_FORMAT'],
    ['234 150 999999999', 'IMSI_BAD_FORMAT'],
    ['123150999999999', 'IMSI_BAD_MCC'],
    ['034150999999999', 'IMSI_BAD_MCC'],
    ['23415099999999*', 'IDENTIFIER_WILDCARD'],
    ['', 'IDENTIFIER_EMPTY'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${JSON.stringify(raw)} with ${code}`, () => assertCode(() => parseImsi(raw), code, raw));
});

describe('IMEI and Luhn (TS 103 280 §6.8/6.9, TS 23.003 §6.2.1)', () => {
  test('TS 103 280 example: 00997123456789 has check digit 2', () => assert.equal(imeiCheckDigit('00997123456789'), '2'));
  test('well-known IMEI 490154203237518', () => {
    assert.equal(imeiCheckDigit('49015420323751'), '8');
    assert.equal(parseImei('490154203237518'), '490154203237518');
  });
  test('Luhn on every single-digit change is detected', () => {
    const good = '490154203237518';
    for (let i = 0; i < good.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        const bad = good.slice(0, i) + String(d) + good.slice(i + 1);
        assert.equal(luhnValid(bad), false, bad);
      }
    }
  });
  test('14 digits kept, 15 with check digit kept, grouping removed', () => {
    assert.equal(parseImei('00997123456789'), '00997123456789');
    assert.equal(parseImei('35-209900-176148-1'), '352099001761481');
    assert.equal(parseImei('35 209900 176148 1'), '352099001761481');
  });
  test('imeiBody / imeiWithCheckDigit', () => {
    assert.equal(imeiBody('009971234567892'), '00997123456789');
    assert.equal(imeiWithCheckDigit('00997123456789'), '009971234567892');
  });
  const invalid: [string, string][] = [
    ['009971234567891', 'IMEI_BAD_CHECK_DIGIT'],
    ['0099712345678', 'IMEI_BAD_LENGTH'],
    ['0099712345678999', 'IMEI_BAD_LENGTH'],
    ['0099712345678a', 'IMEI_BAD_FORMAT'],
    ['35--209900', 'IMEI_BAD_FORMAT'],
    ['3520990017614*', 'IDENTIFIER_WILDCARD'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${JSON.stringify(raw)} with ${code}`, () => assertCode(() => parseImei(raw), code, raw));
  test('imeiCheckDigit refuses non-14-digit bodies', () => assertCode(() => imeiCheckDigit('123'), 'IMEI_BAD_LENGTH'));
});

describe('IMEISV (TS 103 280 §6.10)', () => {
  test('accepts 16 digits', () => assert.equal(parseImeisv('0099712345678999'), '0099712345678999'));
  test('accepts grouped 16 digits', () => assert.equal(parseImeisv('35-209900-176148-23'), '3520990017614823'));
  for (const raw of ['009971234567899', '00997123456789999', '009971234567899x']) {
    test(`refuses ${raw}`, () => assertCode(() => parseImeisv(raw), 'IMEISV_BAD_FORMAT', raw));
  }
});
