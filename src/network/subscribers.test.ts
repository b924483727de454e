import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createOperator, assertDisjointOperators } from './subscribers.ts';
import { DigitPermutation, Ipv4Pool, isLuhnValid, luhnCheckDigit } from './identities.ts';
import { distanceMetres } from './cells.ts';
import { twoOperators } from './test-fixtures.ts';

describe('identities', () => {
  test('Luhn check digit: known IMEI 49015420323751-8 and every digit position', () => {
    assert.equal(luhnCheckDigit('49015420323751'), 8);
    assert.equal(isLuhnValid('490154203237518'), true);
    assert.equal(isLuhnValid('490154203237517'), false);
    assert.equal(luhnCheckDigit('7992739871'), 3); // the classic Luhn example
  });

  test('digit permutation is a bijection with an inverse', () => {
    const p = new DigitPermutation(3, 12345, 678);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const v = p.forward(i);
      assert.equal(v.length, 3);
      assert.equal(p.inverse(v), i);
      seen.add(v);
    }
    assert.equal(seen.size, 1000);
  });

  test('IPv4 pool maps index ↔ address', () => {
    const pool = new Ipv4Pool('100.64.0.0/14');
    assert.equal(pool.address(0), '100.64.0.1');
    assert.equal(pool.address(256), '100.64.1.1');
    assert.equal(pool.indexOf('100.64.1.1'), 256);
    assert.equal(pool.indexOf('100.68.0.1'), undefined);
    assert.equal(pool.overlaps(new Ipv4Pool('100.66.0.0/16')), true);
    assert.equal(pool.overlaps(new Ipv4Pool('100.68.0.0/16')), false);
  });
});

describe('operators', () => {
  const [opA, opB] = twoOperators(2000, 40);

  test('two operators never share an identity; formats are right; IMEIs pass Luhn', () => {
    const seen = new Set<string>();
    for (const op of [opA, opB]) {
      for (const s of op.subscribers()) {
        for (const id of [s.msisdn, s.imsi, s.imei, s.ipv4, s.imei.slice(0, 14)]) {
          assert.ok(!seen.has(id), `duplicate ${id}`);
          seen.add(id);
        }
        assert.match(s.msisdn, /^44\d{10}$/);
        assert.ok(s.imsi.startsWith(op.mcc + op.mnc) && /^\d{15}$/.test(s.imsi));
        assert.ok(/^\d{15}$/.test(s.imei) && isLuhnValid(s.imei), s.imei);
        assert.equal(s.sipUri, `sip:+${s.msisdn}@${op.imsDomain}`);
        assert.equal(s.cell.mcc + s.cell.mnc, op.mcc + op.mnc);
      }
    }
    assert.equal(seen.size, 2 * 2000 * 5);
  });

  test('findIndex resolves every identity form back to the subscriber', () => {
    for (const i of [0, 1, 999, 1999]) {
      const s = opA.subscriber(i);
      for (const id of [s.msisdn, `+${s.msisdn}`, s.imsi, s.imei, s.imei.slice(0, 14), s.ipv4, s.sipUri, `tel:+${s.msisdn}`]) assert.equal(opA.findIndex(id), i, id);
      assert.equal(opB.findIndex(s.msisdn), undefined);
      assert.equal(opB.findIndex(s.imei), undefined);
    }
    assert.equal(opA.findIndex('nonsense'), undefined);
  });

  test('same seed ⇒ same identities; different seed ⇒ different numbers', () => {
    const [again] = twoOperators(2000, 40);
    const [other] = twoOperators(2000, 40, 'other');
    assert.deepEqual(again.subscriber(17), opA.subscriber(17));
    assert.notEqual(other.msisdnOf(17), opA.msisdnOf(17));
  });

  test('cells: unique ids, three sectors per site, within a few km of the centre', () => {
    const ids = new Set(opA.cells.map((c) => c.id));
    assert.equal(ids.size, 40);
    const centre = { latitude: 51.5074, longitude: -0.1278 };
    for (const c of opA.cells) {
      assert.ok(distanceMetres(centre, c) < 6000, `${c.id} too far`);
      assert.ok(c.azimuthDeg >= 0 && c.azimuthDeg < 360);
      assert.match(c.id, /^234-15-[0-9a-f]{9}$/);
    }
    const sites = new Map<string, number>();
    for (const c of opA.cells) sites.set(`${c.latitude},${c.longitude}`, (sites.get(`${c.latitude},${c.longitude}`) ?? 0) + 1);
    assert.equal(sites.size, Math.ceil(40 / 3));
    const n = opA.neighbours(opA.cells[0]!);
    assert.equal(n.length, 6);
    assert.ok(!n.includes(opA.cells[0]!));
  });

  test('100 000 subscribers are cheap: identities computed on demand', () => {
    const big = createOperator({ id: 'big', name: 'Big', mcc: '262', mnc: '01', countryCode: '49', msisdnPrefix: '151', subscribers: 100_000, cells: 300, seed: 1 });
    const last = big.subscriber(99_999);
    assert.equal(big.findIndex(last.imsi), 99_999);
    assert.ok(isLuhnValid(last.imei));
  });

  test('clashing operators and bad configs are refused with typed errors', () => {
    const clone = createOperator({ id: 'opC', name: 'C', mcc: '234', mnc: '15', countryCode: '44', msisdnPrefix: '7800', subscribers: 10, cells: 3, seed: 1, imeiBlock: 0, ipv4Pool: '100.120.0.0/16' });
    assert.throws(() => assertDisjointOperators([opA, clone]), { code: 'NETWORK_IDENTITY_COLLISION' });
    const overlapMsisdn = createOperator({ id: 'opD', name: 'D', mcc: '234', mnc: '30', countryCode: '44', msisdnPrefix: '77', subscribers: 10, cells: 3, seed: 1, imeiBlock: 0, ipv4Pool: '100.121.0.0/16' });
    assert.throws(() => assertDisjointOperators([opA, overlapMsisdn]), { code: 'NETWORK_IDENTITY_COLLISION' });
    assert.doesNotThrow(() => assertDisjointOperators([opA, opB]));
    assert.throws(() => createOperator({ id: 'x', name: 'x', mcc: '23', mnc: '15', countryCode: '44', msisdnPrefix: '1', subscribers: 1, cells: 1, seed: 1 }), { code: 'NETWORK_BAD_CONFIG' });
    assert.throws(() => createOperator({ id: 'x', name: 'x', mcc: '234', mnc: '15', countryCode: '44', msisdnPrefix: '12345678', subscribers: 200, cells: 1, seed: 1 }), { code: 'NETWORK_CAPACITY' });
  });
});
