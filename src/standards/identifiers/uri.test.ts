import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSipUri, parseTelUri, parseEmailAddress, parseNai } from './uri.ts';
import { parseSupi, parsePei, parseGpsi } from './fiveg.ts';
import { assertCode } from './test-helpers.ts';

describe('SIP URI (TS 103 280 §6.31)', () => {
  const valid: [string, string][] = [
    ['sip:alice@example.com', 'sip:alice@example.com'],
    ['SIP:Alice@Example.COM', 'sip:Alice@example.com'],
    ['sips:bob@EXAMPLE.org:5061', 'sips:bob@example.org:5061'],
    ['sip:+447700900123@ims.example.net;User=phone', 'sip:+447700900123@ims.example.net;user=phone'],
    ['sip:alice%2ebob@example.com', 'sip:alice%2Ebob@example.com'],
    ['sip:carol@[2001:DB8::0001]', 'sip:carol@[2001:db8::1]'],
    ['sip:dave@192.0.2.4', 'sip:dave@192.0.2.4'],
  ];
  for (const [raw, want] of valid) test(`${raw} -> ${want}`, () => assert.equal(parseSipUri(raw), want));
  const invalid: [string, string][] = [
    ['sip:example.com', 'SIP_URI_NO_USER'],
    ['sip:@example.com', 'SIP_URI_NO_USER'],
    ['http://alice@example.com', 'SIP_URI_BAD_FORMAT'],
    ['sip:alice@exa_mple.com', 'SIP_URI_BAD_FORMAT'],
    ['sip:alice@example.com:99999', 'SIP_URI_BAD_FORMAT'],
    ['sip:*@example.com', 'IDENTIFIER_WILDCARD'],
    ['sip:alice@example.com?subject=x', 'IDENTIFIER_WILDCARD'],
    ['sip:al%ice@example.com', 'IDENTIFIER_WILDCARD'],
    ['sip:alice@example.com;;', 'SIP_URI_BAD_FORMAT'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${raw} with ${code}`, () => assertCode(() => parseSipUri(raw), code, raw));
});

describe('TEL URI (TS 103 280 §6.32)', () => {
  const valid: [string, string][] = [
    ['tel:+447700900000', 'tel:+447700900000'],
    ['TEL:+44-7700-900000', 'tel:+447700900000'],
    ['tel:+1-(415)-555.0123', 'tel:+14155550123'],
    ['tel:7042;Phone-Context=Example.COM', 'tel:7042;phone-context=example.com'],
    ['tel:7042;phone-context=+1415', 'tel:7042;phone-context=+1415'],
  ];
  for (const [raw, want] of valid) test(`${raw} -> ${want}`, () => assert.equal(parseTelUri(raw), want));
  const invalid: [string, string][] = [
    ['tel:7042', 'TEL_URI_BAD_FORMAT'],
    ['tel:+0447700900000', 'TEL_URI_BAD_FORMAT'],
    ['tel:+44770090000012345', 'TEL_URI_BAD_FORMAT'],
    ['sip:+447700900000@x.com', 'TEL_URI_BAD_FORMAT'],
    ['tel:+4477009000*', 'IDENTIFIER_WILDCARD'],
    ['tel:+447700900100..199', 'IDENTIFIER_RANGE'],
  ];
  for (const [raw, code] of invalid) test(`refuses ${raw} with ${code}`, () => assertCode(() => parseTelUri(raw), code, raw));
});

describe('e-mail (TS 103 280 §6.26) and NAI (§6.47)', () => {
  test('e-mail domain lowercased, local part kept', () => assert.equal(parseEmailAddress('John.Doe@Example.COM'), 'John.Doe@example.com'));
  test('NAI realm lowercased', () => assert.equal(parseNai('user@HomeRealm.Example.net'), 'user@homerealm.example.net'));
  test('NAI without realm is a username', () => assert.equal(parseNai('user'), 'user'));
  const invalidEmail: [string, string][] = [
    ['john.doe', 'EMAIL_BAD_FORMAT'],
    ['@example.com', 'EMAIL_BAD_FORMAT'],
    ['john@-example.com', 'EMAIL_BAD_FORMAT'],
    ['*@example.com', 'IDENTIFIER_WILDCARD'],
    ['%@example.com', 'IDENTIFIER_WILDCARD'],
    ['a@example.com,b@example.com', 'IDENTIFIER_RANGE'],
    ['john doe@example.com', 'EMAIL_BAD_FORMAT'],
  ];
  for (const [raw, code] of invalidEmail) test(`e-mail refuses ${raw} with ${code}`, () => assertCode(() => parseEmailAddress(raw), code, raw));
  const invalidNai: [string, string][] = [
    ['@realm.example.net', 'NAI_NO_USERNAME'],
    ['user@realm', 'NAI_BAD_FORMAT'],
    ['us er@realm.example.net', 'NAI_BAD_FORMAT'],
    ['user.@realm.example.net', 'NAI_BAD_FORMAT'],
    ['*@realm.example.net', 'IDENTIFIER_WILDCARD'],
  ];
  for (const [raw, code] of invalidNai) test(`NAI refuses ${raw} with ${code}`, () => assertCode(() => parseNai(raw), code, raw));
});

describe('5G forms: SUPI, PEI, GPSI', () => {
  test('SUPI imsi-', () => assert.deepEqual(parseSupi('imsi-234150999999999'), { kind: 'imsi', value: '234150999999999' }));
  test('SUPI nai-', () => assert.deepEqual(parseSupi('NAI-user@Realm.example'), { kind: 'supiNai', value: 'user@realm.example' }));
  test('PEI imei- (15 with Luhn)', () => assert.deepEqual(parsePei('imei-490154203237518'), { kind: 'imei', value: '490154203237518' }));
  test('PEI imeisv-', () => assert.deepEqual(parsePei('imeisv-0099712345678999'), { kind: 'imeisv', value: '0099712345678999' }));
  test('GPSI msisdn-', () => assert.deepEqual(parseGpsi('msisdn-447700900000'), { kind: 'e164Number', value: '447700900000' }));
  test('GPSI extid-', () => assert.deepEqual(parseGpsi('extid-dev1@Iot.Example'), { kind: 'gpsiNai', value: 'dev1@iot.example' }));
  const invalid: [() => unknown, string][] = [
    [() => parseSupi('suci-0-234-15-0-0-0-1234'), 'SUPI_BAD_FORMAT'],
    [() => parseSupi('imsi-12345'), 'SUPI_BAD_FORMAT'],
    [() => parseSupi('nai-@realm.example'), 'NAI_NO_USERNAME'],
    [() => parseSupi('imsi-23415099999999*'), 'IDENTIFIER_WILDCARD'],
    [() => parsePei('imei-490154203237519'), 'PEI_BAD_FORMAT'],
    [() => parsePei('mac-00-00-5e-00-53-12'), 'PEI_BAD_FORMAT'],
    [() => parsePei('imeisv-123'), 'PEI_BAD_FORMAT'],
    [() => parseGpsi('msisdn-+447700900000'), 'GPSI_BAD_FORMAT'],
    [() => parseGpsi('extid-device'), 'GPSI_BAD_FORMAT'],
    [() => parseGpsi('447700900000'), 'GPSI_BAD_FORMAT'],
  ];
  invalid.forEach(([fn, code], i) => {
    void test(`case ${i} refused with ${code}`, () => assertCode(fn, code));
  });
});
