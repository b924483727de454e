/**
 * Production orders, verified as the RDHI verifies them (pure functions): the happy path through
 * the real TS 102 657 codec, and one test per refusal — unsigned, expired, wrong signer, unknown or
 * revoked key, altered order, out-of-scope period / category / identifier / operator, wildcards and
 * ranges, category beyond the authorisation, look-back, validity, urgent lapse, revocation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildExactRequest, decodeRdMessage, encodeRdMessage, parseExactRequest, RdRequestError, type ExactRdRequest } from '../../src/standards/rd/index.ts';
import {
  authoriseRdRequest,
  checkRequestWithinOrder,
  ORDER_ERROR_CODES,
  orderHash,
  rdErrorFor,
  signOrderRevocation,
  validateProductionOrder,
  verifyProductionOrder,
  ProductionOrderError,
  type ProductionOrder,
} from '../../src/warrants/index.ts';
import { DAY, HOUR, makeOrderWorld, orderDraft, signOrder, type OrderWorld } from './production-order-fixtures.ts';

const w: OrderWorld = await makeOrderWorld();
const now = (): Date => w.clock.now();

function order(profileId: string, over: Parameters<typeof orderDraft>[2] = {}): ProductionOrder {
  return validateProductionOrder(orderDraft(profileId, w.clock, over));
}

function refusedWith(d: { ok: boolean; error?: ProductionOrderError }, code: string): void {
  assert.equal(d.ok, false, `expected ${code}, got ok`);
  assert.equal(d.error?.code, code, d.error?.message);
}

function request(o: ProductionOrder, over: Partial<ExactRdRequest> = {}): ExactRdRequest {
  const id = o.identifiers[0]!;
  return {
    requestID: { countryCode: 'GB', authorisedOrganisationID: o.agency.id, requestNumber: '1' },
    cSPID: o.operators[0]!,
    timeStamp: now(),
    category: o.categories[0]!,
    identifier: id.kind === 'ip' ? { kind: 'ip', address: id.address, at: new Date(id.at), ...(id.port === undefined ? {} : { port: id.port }) } : id,
    ...(id.kind === 'ip' ? {} : { period: { start: new Date(o.period.start), end: new Date(o.period.end) } }),
    ...over,
  };
}

/** The request as the RDHI sees it: built, BER-encoded, decoded and parsed by the codec. */
function overTheWire(r: ExactRdRequest): ExactRdRequest {
  return parseExactRequest(decodeRdMessage(encodeRdMessage(buildExactRequest(r))));
}

describe('verifyProductionOrder: happy paths', () => {
  test('UK s.60A order signed by the IPC (OCDA): verified, and a request through the codec is within it', () => {
    const o = order('uk-ipa-2016-part3');
    const sig = signOrder(w, o, 'ocda');
    const d = verifyProductionOrder(o, [sig], w.keys, w.profiles.get('uk-ipa-2016-part3')!, now());
    assert.equal(d.ok, true, d.ok ? '' : d.error.message);
    assert.equal(d.ok && d.orderHash, orderHash(o));
    assert.equal(d.ok && d.approval, 'full');
    const r = authoriseRdRequest(o, [sig], w.keys, w.profiles.get('uk-ipa-2016-part3')!, now(), overTheWire(request(o)));
    assert.equal(r.ok, true, r.ok ? '' : r.error.message);
    assert.deepEqual(r.ok && r.identifier, o.identifiers[0]);
  });

  test('US location needs the warrant level (Carpenter): a warrant signed by a judge covers it', () => {
    const o = order('us-sca-2703', { authorisation: 'warrant-2703c1a', categories: ['location'] });
    const d = verifyProductionOrder(o, [signOrder(w, o, 'usJudge')], w.keys, w.profiles.get('us-sca-2703')!, now());
    assert.equal(d.ok, true, d.ok ? '' : d.error.message);
  });

  test('an IP + time + port order covers exactly that address, instant and port', () => {
    const at = new Date(now().getTime() - 3 * HOUR).toISOString();
    const o = order('uk-ipa-2016-part3', { identifiers: [{ kind: 'ip', address: '203.0.113.7', at, port: 40000 }], categories: ['ipSubscriber'] });
    const base = request(o, { category: 'ipSubscriber' });
    assert.equal(checkRequestWithinOrder(o, overTheWire(base)).ok, true);
    refusedWith(checkRequestWithinOrder(o, { ...base, identifier: { kind: 'ip', address: '203.0.113.7', at: new Date(at), port: 40001 } }), 'ORDER_REQUEST_IDENTIFIER_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, { ...base, identifier: { kind: 'ip', address: '203.0.113.7', at: new Date(Date.parse(at) + 1000), port: 40000 } }), 'ORDER_REQUEST_IDENTIFIER_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, { ...base, identifier: { kind: 'ip', address: '203.0.113.7', at: new Date(at) } }), 'ORDER_REQUEST_IDENTIFIER_OUTSIDE');
    const portless = order('uk-ipa-2016-part3', { identifiers: [{ kind: 'ip', address: '2001:DB8::7', at }], categories: ['ipSubscriber'] });
    assert.equal(portless.identifiers[0]!.kind === 'ip' && portless.identifiers[0]!.address, '2001:db8::7');
    assert.equal(checkRequestWithinOrder(portless, { ...base, identifier: { kind: 'ip', address: '2001:db8::7', at: new Date(at), port: 5 } }).ok, true);
  });
});

describe('verifyProductionOrder: refusals', () => {
  const uk = () => w.profiles.get('uk-ipa-2016-part3')!;

  test('unsigned', () => refusedWith(verifyProductionOrder(order('uk-ipa-2016-part3'), [], w.keys, uk(), now()), 'ORDER_UNSIGNED'));

  test('expired: executed after validUntil', () => {
    const o = order('uk-ipa-2016-part3', { validUntil: new Date(now().getTime() + DAY).toISOString() });
    const sig = signOrder(w, o, 'ocda');
    assert.equal(verifyProductionOrder(o, [sig], w.keys, uk(), new Date(now().getTime() + DAY - 1)).ok, true);
    refusedWith(verifyProductionOrder(o, [sig], w.keys, uk(), new Date(now().getTime() + DAY)), 'ORDER_EXPIRED');
  });

  test('wrong signer: a designated senior officer cannot sign a s.60A authorisation; a prosecutor cannot sign a §2703(d) order', () => {
    const o = order('uk-ipa-2016-part3');
    refusedWith(verifyProductionOrder(o, [signOrder(w, o, 'dso')], w.keys, uk(), now()), 'ORDER_SIGNATURE_WRONG_ROLE');
    const us = order('us-sca-2703');
    refusedWith(verifyProductionOrder(us, [signOrder(w, us, 'prosecutor')], w.keys, w.profiles.get('us-sca-2703')!, now()), 'ORDER_SIGNATURE_WRONG_ROLE');
  });

  test('unregistered key, altered order, duplicate signer', () => {
    const o = order('uk-ipa-2016-part3');
    refusedWith(verifyProductionOrder(o, [signOrder(w, o, 'rogue')], w.keys, uk(), now()), 'ORDER_SIGNATURE_UNKNOWN_KEY');
    const sig = signOrder(w, o, 'ocda');
    const widened = { ...o, categories: [...o.categories, 'location' as const] };
    refusedWith(verifyProductionOrder(widened, [sig], w.keys, uk(), now()), 'ORDER_SIGNATURE_INVALID');
    refusedWith(verifyProductionOrder(o, [sig, sig], w.keys, uk(), now()), 'ORDER_SIGNATURE_DUPLICATE');
  });

  test('a key revoked before verification', async () => {
    const o = order('pk-peca-2016');
    const sig = signOrder(w, o, 'pkJudge');
    const pk = w.profiles.get('pk-peca-2016')!;
    assert.equal(verifyProductionOrder(o, [sig], w.keys, pk, now()).ok, true);
    await w.keys.revokeKey(w.signers.pkJudge.keyId, 'key lost', now());
    refusedWith(verifyProductionOrder(o, [sig], w.keys, pk, new Date(now().getTime() + 1)), 'ORDER_SIGNATURE_KEY_REVOKED');
  });

  test('category beyond the authorisation or purpose: location under a §2703(d) order; call records for a non-serious crime (IPA s.60A(8))', () => {
    const us = order('us-sca-2703', { categories: ['location'] });
    refusedWith(verifyProductionOrder(us, [signOrder(w, us, 'usJudge')], w.keys, w.profiles.get('us-sca-2703')!, now()), 'ORDER_SCOPE_CATEGORY');
    const ukCrime = order('uk-ipa-2016-part3', { purpose: 'crime' });
    refusedWith(verifyProductionOrder(ukCrime, [signOrder(w, ukCrime, 'ocda')], w.keys, uk(), now()), 'ORDER_SCOPE_CATEGORY');
    const entity = order('uk-ipa-2016-part3', { purpose: 'crime', categories: ['subscriber'] });
    assert.equal(verifyProductionOrder(entity, [signOrder(w, entity, 'ocda')], w.keys, uk(), now()).ok, true);
  });

  test('look-back beyond 12 months (IPA s.87(3)), validity beyond 3 days for s.61A, a period ending after signing', () => {
    const t = now().getTime();
    const old = order('uk-ipa-2016-part3', { period: { start: new Date(t - 370 * DAY).toISOString(), end: new Date(t - 360 * DAY).toISOString() } });
    refusedWith(verifyProductionOrder(old, [signOrder(w, old, 'ocda')], w.keys, uk(), now()), 'ORDER_LOOKBACK_EXCEEDED');
    const urgent = order('uk-ipa-2016-part3', { authorisation: 's61a-urgent', urgent: true, validUntil: new Date(t + 4 * DAY).toISOString() });
    refusedWith(verifyProductionOrder(urgent, [signOrder(w, urgent, 'dso')], w.keys, uk(), now()), 'ORDER_VALIDITY_TOO_LONG');
    const ok = order('uk-ipa-2016-part3', { authorisation: 's61a-urgent', urgent: true, validUntil: new Date(t + 3 * DAY).toISOString() });
    assert.equal(verifyProductionOrder(ok, [signOrder(w, ok, 'dso')], w.keys, uk(), now()).ok, true);
    const future = order('uk-ipa-2016-part3', { period: { start: new Date(t - DAY).toISOString(), end: new Date(t + DAY).toISOString() } });
    refusedWith(verifyProductionOrder(future, [signOrder(w, future, 'ocda')], w.keys, uk(), now()), 'ORDER_BAD_PERIOD');
    const notUrgent = order('uk-ipa-2016-part3', { authorisation: 's61a-urgent' });
    refusedWith(verifyProductionOrder(notUrgent, [signOrder(w, notUrgent, 'dso')], w.keys, uk(), now()), 'ORDER_URGENT_NOT_ALLOWED');
  });

  test('PECA s.31 urgent order lapses unless the Court confirms within 24 hours', () => {
    const pk = w.profiles.get('pk-peca-2016')!;
    const o = order('pk-peca-2016', { authorisation: 's31-urgent', urgent: true, validUntil: new Date(now().getTime() + 5 * DAY).toISOString() });
    const officer = signOrder(w, o, 'pkOfficer');
    const d = verifyProductionOrder(o, [officer], w.keys, pk, new Date(now().getTime() + 23 * HOUR));
    assert.equal(d.ok && d.approval, 'urgent');
    refusedWith(verifyProductionOrder(o, [officer], w.keys, pk, new Date(now().getTime() + 24 * HOUR)), 'ORDER_URGENT_LAPSED');
  });

  test('a signed revocation ends the order', () => {
    const o = order('uk-ipa-2016-part3');
    const sig = signOrder(w, o, 'ocda');
    const rev = signOrderRevocation(orderHash(o), 'no longer necessary', w.signers.ocda, now());
    refusedWith(verifyProductionOrder(o, [sig], w.keys, uk(), now(), { revocations: [rev] }), 'ORDER_REVOKED');
    const forged = { ...rev, reason: 'something else' };
    assert.equal(verifyProductionOrder(o, [sig], w.keys, uk(), now(), { revocations: [forged] }).ok, true, 'a revocation that does not verify is ignored');
  });

  test('agency not designated, operator outside the profile, unknown authorisation', () => {
    const a = order('uk-ipa-2016-part3', { agency: { id: 'uk-council', name: 'A council' } });
    refusedWith(verifyProductionOrder(a, [signOrder(w, a, 'ocda')], w.keys, uk(), now()), 'ORDER_AGENCY_NOT_DESIGNATED');
    const b = order('uk-ipa-2016-part3', { operators: ['jazz'] });
    refusedWith(verifyProductionOrder(b, [signOrder(w, b, 'ocda')], w.keys, uk(), now()), 'ORDER_SCOPE_OPERATOR');
    const c = order('uk-ipa-2016-part3', { authorisation: 'bulk' });
    refusedWith(verifyProductionOrder(c, [signOrder(w, c, 'ocda')], w.keys, uk(), now()), 'ORDER_AUTHORISATION_UNKNOWN');
  });
});

describe('checkRequestWithinOrder: beyond the order is refused, never trimmed', () => {
  const o = order('uk-ipa-2016-part3');
  test('period reaching one second before or after the order', () => {
    refusedWith(checkRequestWithinOrder(o, request(o, { period: { start: new Date(Date.parse(o.period.start) - 1000), end: new Date(o.period.end) } })), 'ORDER_REQUEST_PERIOD_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, request(o, { period: { start: new Date(o.period.start), end: new Date(Date.parse(o.period.end) + 1000) } })), 'ORDER_REQUEST_PERIOD_OUTSIDE');
    assert.equal(checkRequestWithinOrder(o, request(o, { period: { start: new Date(Date.parse(o.period.start) + HOUR), end: new Date(o.period.end) } })).ok, true);
  });
  test('category, identifier and operator outside', () => {
    refusedWith(checkRequestWithinOrder(o, request(o, { category: 'location' })), 'ORDER_REQUEST_CATEGORY_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, request(o, { identifier: { kind: 'msisdn', value: '447700900999' } })), 'ORDER_REQUEST_IDENTIFIER_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, request(o, { identifier: { kind: 'imsi', value: (o.identifiers[0] as { value: string }).value.padEnd(15, '0') } })), 'ORDER_REQUEST_IDENTIFIER_OUTSIDE');
    refusedWith(checkRequestWithinOrder(o, request(o, { cSPID: 'demo-op-b' })), 'ORDER_REQUEST_OPERATOR_OUTSIDE');
  });
  test('a wildcard request: the codec will not build it, and the check refuses it if handed one', () => {
    assert.throws(() => buildExactRequest(request(o, { identifier: { kind: 'msisdn', value: '4477009*' } })), (e: unknown) => e instanceof RdRequestError && e.code === 'RD_NOT_EXACT');
    refusedWith(checkRequestWithinOrder(o, request(o, { identifier: { kind: 'msisdn', value: '4477009*' } })), 'ORDER_REQUEST_NOT_EXACT');
    refusedWith(checkRequestWithinOrder(o, request(o, { period: undefined })), 'ORDER_REQUEST_NOT_EXACT');
  });
});

describe('order identifiers: exact only, by design', () => {
  const cases: [string, unknown][] = [
    ['MSISDN wildcard', { kind: 'msisdn', value: '4477009*' }],
    ['MSISDN range', { kind: 'msisdn', value: '447700900100-447700900199' }],
    ['MSISDN list', { kind: 'msisdn', value: '447700900100,447700900101' }],
    ['"all"', { kind: 'imsi', value: 'all' }],
    ['a cell', { kind: 'cell', value: '234-15-1234-5678' }],
    ['an IP prefix', { kind: 'ip', address: '10.0.0.0/8', at: '2026-03-01T10:00:00Z' }],
    ['the unspecified address', { kind: 'ip', address: '0.0.0.0', at: '2026-03-01T10:00:00Z' }],
    ['an IPv4 CIDR kind', { kind: 'ipv4Cidr', value: '203.0.113.0/24' }],
  ];
  for (const [name, id] of cases) {
    test(`${name} → ORDER_IDENTIFIER_NOT_EXACT`, () => {
      assert.throws(
        () => validateProductionOrder(orderDraft('uk-ipa-2016-part3', w.clock, { identifiers: [id as never] })),
        (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_IDENTIFIER_NOT_EXACT',
      );
    });
  }
  test('an IP identifier without its time, or a port range, is invalid', () => {
    for (const id of [{ kind: 'ip', address: '203.0.113.7' }, { kind: 'ip', address: '203.0.113.7', at: '2026-03-02T08:00:00Z', port: '1000-2000' }]) {
      assert.throws(() => validateProductionOrder(orderDraft('uk-ipa-2016-part3', w.clock, { identifiers: [id as never] })), (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_IDENTIFIER_INVALID');
    }
  });
});

test('every code maps to a TS 102 657 categorised error of the national list', () => {
  assert.equal(rdErrorFor('ORDER_REQUEST_PERIOD_OUTSIDE'), 'outsideOrder');
  assert.equal(rdErrorFor('ORDER_REQUEST_NOT_EXACT'), 'notExact');
  assert.equal(rdErrorFor('ORDER_EXPIRED'), 'orderMissingOrInvalid');
  assert.equal(rdErrorFor('ORDER_SIGNATURE_WRONG_ROLE'), 'orderMissingOrInvalid');
  for (const { code } of ORDER_ERROR_CODES) assert.ok(['outsideOrder', 'notExact', 'orderMissingOrInvalid', 'unavailable'].includes(rdErrorFor(code)), code);
});
