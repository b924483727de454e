/**
 * The order as it travels to the RDHI: canonical text + signatures. The RDHI re-derives the
 * canonical text and refuses anything else (reformatted, extra fields), then verifies signatures
 * over exactly those bytes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  orderCanonicalText,
  ProductionOrderError,
  readOrderBundle,
  validateProductionOrder,
  verifyProductionOrder,
} from '../../src/warrants/index.ts';
import { makeOrderWorld, orderDraft, signOrder } from './production-order-fixtures.ts';

const w = await makeOrderWorld();
const profile = w.profiles.get('uk-ipa-2016-part3')!;
const order = validateProductionOrder(orderDraft('uk-ipa-2016-part3', w.clock));
const canonical = orderCanonicalText(order);
const sig = signOrder(w, order, 'ocda');

const invalid = (e: unknown): boolean => e instanceof ProductionOrderError && e.code === 'ORDER_INVALID';

test('a bundle read back verifies, with the same hash', () => {
  const b = readOrderBundle(JSON.parse(JSON.stringify({ canonical, signatures: [sig], revocations: [] })));
  assert.equal(b.canonical, canonical);
  const d = verifyProductionOrder(b.order, b.signatures, w.keys, profile, w.clock.now(), { revocations: b.revocations });
  assert.equal(d.ok, true, d.ok ? '' : d.error.message);
  assert.equal(d.ok && d.orderHash, b.hash);
});

test('a canonical text that is not canonical is refused, not repaired', () => {
  assert.throws(() => readOrderBundle({ canonical: JSON.stringify(JSON.parse(canonical), null, 2), signatures: [sig] }), invalid);
  const extra = canonical.replace(/^\{/, '{"allSubscribersOfCell":"234-15-1-1",');
  assert.throws(() => readOrderBundle({ canonical: extra, signatures: [sig] }), invalid);
  assert.throws(() => readOrderBundle({ canonical: 'not json', signatures: [sig] }), invalid);
  assert.throws(() => readOrderBundle({ canonical, signatures: [{ ...sig, signature: 5 }] }), invalid);
});

test('a widened order with the old signature is refused at verification', () => {
  const widened = orderCanonicalText({ ...order, categories: ['calls', 'sms', 'location'] });
  const b = readOrderBundle({ canonical: widened, signatures: [sig] });
  const d = verifyProductionOrder(b.order, b.signatures, w.keys, profile, w.clock.now());
  assert.equal(d.ok, false);
  assert.equal(!d.ok && d.error.code, 'ORDER_SIGNATURE_INVALID');
});
