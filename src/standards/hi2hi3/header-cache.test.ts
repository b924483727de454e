/**
 * The PSHeader prefix cache (codec-header.ts): a PDU whose header octets [0] … [3] were decoded before
 * decodes to the same values as the generic path, in fresh objects; errors stay the generic ones.
 * Differential over seeded random headers drawn from a small pool (so both hits and misses occur).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { children, decodeBer } from '../ber/index.ts';
import { decodePsHeaderUncached } from './codec-header.ts';
import { decodePsPdu, encodePsPdu, IP_CC_OBJ_ID, LI_PS_DOMAIN_ID, PayloadDirection, PsPduDecodeError, type Payload, type PSHeader } from './index.ts';
import { prng } from '../../../test/helpers/random.ts';

/** Seeded (mulberry32, test/helpers/random.ts): a fixed seed gives the same inputs every run. */
const rng = prng;

const payload = (n: number): Payload => ({
  kind: 'cCPayloadSequence',
  value: [{ payloadDirection: PayloadDirection.toTarget, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: new Uint8Array(n).fill(n & 0xff) } } } }],
});

function constants(r: () => number): Omit<PSHeader, 'sequenceNumber'> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const h: Omit<PSHeader, 'sequenceNumber'> = {
    liPsDomainId: LI_PS_DOMAIN_ID,
    lawfulInterceptionIdentifier: pick(['LIID-1', 'LIID-2', 'BENCH-0007', 'X'.repeat(25)]),
    communicationIdentifier: { networkIdentifier: { operatorIdentifier: pick(['op', 'benchop', 'o'.repeat(16)]) } },
  };
  if (r() < 0.7) h.authorizationCountryCode = pick(['XX', 'GB']);
  if (r() < 0.7) h.communicationIdentifier.networkIdentifier.networkElementIdentifier = pick(['ne-1', 'benchop-5gc']);
  if (r() < 0.7) h.communicationIdentifier.communicationIdentityNumber = pick([0, 1, 258, 4294967295]);
  if (r() < 0.7) h.communicationIdentifier.deliveryCountryCode = pick(['XX', 'DE']);
  if (r() < 0.2) h.interceptionPointID = pick(['IP1', 'POINT-08']);
  return h;
}

const uncached = (bytes: Uint8Array): PSHeader => decodePsHeaderUncached(children(decodeBer(bytes))[0]!);

test('cached PSHeader decoding equals the generic decoding over 5,000 seeded PDUs (hits and misses)', () => {
  const r = rng(0x5eed);
  const pool = Array.from({ length: 12 }, () => constants(r));
  let repeats = 0;
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const c = pool[Math.floor(r() * pool.length)]!;
    const key = JSON.stringify(c);
    if (seen.has(key)) repeats++;
    seen.add(key);
    const header: PSHeader = { ...c, communicationIdentifier: structuredClone(c.communicationIdentifier), sequenceNumber: Math.floor(r() * 2 ** 32) };
    if (r() < 0.8) header.timeStamp = new Date(1_700_000_000_000 + Math.floor(r() * 1e9));
    const bytes = encodePsPdu({ pSHeader: header, payload: payload(Math.floor(r() * 300)) });
    const got = decodePsPdu(bytes);
    assert.deepEqual(got.pSHeader, uncached(bytes), `PDU ${i}`);
    assert.deepEqual(got.pSHeader, header, `PDU ${i} round trip`);
  }
  assert.ok(repeats > 4000, `the pool repeats headers (cache hits): ${repeats}`);
});

test('a cache hit returns fresh objects: changing one decoded header does not change the next', () => {
  const header: PSHeader = { liPsDomainId: LI_PS_DOMAIN_ID, lawfulInterceptionIdentifier: 'LIID-FRESH', communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'op', networkElementIdentifier: 'ne' }, communicationIdentityNumber: 7 }, sequenceNumber: 1 };
  const bytes = encodePsPdu({ pSHeader: header, payload: payload(10) });
  const first = decodePsPdu(bytes).pSHeader;
  first.communicationIdentifier.networkIdentifier.operatorIdentifier = 'changed';
  first.communicationIdentifier.communicationIdentityNumber = 99;
  const second = decodePsPdu(bytes).pSHeader;
  assert.equal(second.communicationIdentifier.networkIdentifier.operatorIdentifier, 'op');
  assert.equal(second.communicationIdentifier.communicationIdentityNumber, 7);
  assert.notEqual(second.communicationIdentifier, first.communicationIdentifier);
});

test('after a hit on [0] … [3], a bad sequenceNumber is refused as by the generic path', () => {
  const header: PSHeader = { liPsDomainId: LI_PS_DOMAIN_ID, lawfulInterceptionIdentifier: 'LIID-BAD', communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'op' } }, sequenceNumber: 5 };
  const good = encodePsPdu({ pSHeader: header, payload: payload(4) });
  decodePsPdu(good); // caches the prefix
  // [4] sequenceNumber 5 → 0x84 01 05; make it -1 (0xff), outside 0..4294967295.
  const i = Buffer.from(good).indexOf(Buffer.from([0x84, 0x01, 0x05]));
  assert.ok(i > 0);
  const bad = Uint8Array.from(good);
  bad[i + 2] = 0xff;
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof PsPduDecodeError ? e.code : String(e);
    }
    return 'no error';
  };
  assert.equal(codeOf(() => decodePsPdu(bad)), 'HI2HI3_BAD_VALUE');
  assert.equal(codeOf(() => decodePsPdu(bad)), codeOf(() => uncached(bad)));
});
