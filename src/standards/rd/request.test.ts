/**
 * The exact request builder: the five request types (subscriber, traffic — calls/SMS/data sessions —,
 * location, equipment, IP + time + port → subscriber) read back exactly; wildcards, ranges, lists,
 * cells and open periods cannot be built (RD_NOT_EXACT), and a decoded request carrying any other
 * criterion is refused by parseExactRequest.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildExactRequest,
  decodeRdMessage,
  encodeRdMessage,
  parseExactRequest,
  RdRequestError,
  type ExactRdRequest,
  type RetainedDataMessageInput,
  RD_HEADER_ID,
} from './index.ts';
import { exactRequests, T0, T1 } from './test-fixtures.ts';

function refused(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof RdRequestError && e.code === code, `expected ${code}`);
}

const wire = (m: RetainedDataMessageInput): ReturnType<typeof decodeRdMessage> => decodeRdMessage(encodeRdMessage(m));
const base = exactRequests[1]!; // calls by MSISDN

describe('exact requests survive the wire', () => {
  for (const r of exactRequests)
    test(`${r.category} by ${r.identifier.kind}`, () => {
      const back = parseExactRequest(wire(buildExactRequest(r)));
      assert.equal(back.category, r.category);
      assert.equal(back.identifier.kind, r.identifier.kind);
      assert.deepEqual(back.period, r.period);
      // Normalised identifiers: MSISDN digits only, IMEI with its Luhn check digit.
      if (r.identifier.kind === 'msisdn') assert.deepEqual(back.identifier, { kind: 'msisdn', value: '447700900123' });
      if (r.identifier.kind === 'imei') assert.deepEqual(back.identifier, { kind: 'imei', value: '490154203237518' });
      if (r.identifier.kind === 'ip') assert.deepEqual(back.identifier, r.identifier);
      assert.equal(wire(buildExactRequest(back)).rdHeaderId, RD_HEADER_ID);
    });
  test('calls and SMS differ on the wire (communicationType), as do the five categories', () => {
    const bytes = new Set(exactRequests.map((r) => Buffer.from(encodeRdMessage(buildExactRequest(r))).toString('hex')));
    assert.equal(bytes.size, exactRequests.length);
  });
});

describe('the builder refuses what the order may never ask', () => {
  const withId = (identifier: ExactRdRequest['identifier'], category: ExactRdRequest['category'] = 'calls'): ExactRdRequest => ({ ...base, category, identifier });
  test('wildcards and ranges in identifiers', () => {
    refused(() => buildExactRequest(withId({ kind: 'msisdn', value: '44770090*' })), 'RD_NOT_EXACT');
    refused(() => buildExactRequest(withId({ kind: 'msisdn', value: '447700900100-447700900199' })), 'RD_NOT_EXACT');
    refused(() => buildExactRequest(withId({ kind: 'imsi', value: '23415*' })), 'RD_NOT_EXACT');
    refused(() => buildExactRequest(withId({ kind: 'ip', address: '203.0.113.0/24', at: T0 }, 'ipSubscriber')), 'RD_NOT_EXACT');
    refused(() => buildExactRequest(withId({ kind: 'ip', address: '0.0.0.0', at: T0 }, 'ipSubscriber')), 'RD_NOT_EXACT');
    refused(() => buildExactRequest(withId({ kind: 'ip', address: '::', at: T0 }, 'ipSubscriber')), 'RD_NOT_EXACT');
  });
  test('malformed identifiers, ports and times', () => {
    refused(() => buildExactRequest(withId({ kind: 'msisdn', value: '07700900123' })), 'RD_BAD_IDENTIFIER'); // not international
    refused(() => buildExactRequest(withId({ kind: 'imei', value: '490154203237519' })), 'RD_BAD_IDENTIFIER'); // Luhn
    refused(() => buildExactRequest(withId({ kind: 'ip', address: '203.0.113.7', at: T0, port: 70000 }, 'ipSubscriber')), 'RD_BAD_IDENTIFIER');
    refused(() => buildExactRequest(withId({ kind: 'ip', address: '203.0.113.7', at: new Date(NaN) }, 'ipSubscriber')), 'RD_BAD_IDENTIFIER');
    refused(() => buildExactRequest(withId({ kind: 'imei', value: '490154203237518' }, 'dataSessions')), 'RD_BAD_IDENTIFIER');
  });
  test('open, reversed or missing periods; an IP outside ipSubscriber; unknown categories', () => {
    const { period: _p, ...noPeriod } = base;
    refused(() => buildExactRequest(noPeriod), 'RD_NOT_EXACT');
    refused(() => buildExactRequest({ ...base, period: { start: T1, end: T0 } }), 'RD_NOT_EXACT');
    refused(() => buildExactRequest({ ...base, identifier: { kind: 'ip', address: '203.0.113.7', at: T0 } }), 'RD_NOT_EXACT');
    refused(() => buildExactRequest({ ...exactRequests[7]!, period: { start: T0, end: T1 } }), 'RD_NOT_EXACT');
    refused(() => buildExactRequest({ ...base, category: 'allSubscribersOfCell' as never }), 'RD_NOT_EXACT');
  });
});

describe('parseExactRequest refuses any request beyond one identifier and period', () => {
  const built = buildExactRequest(base);
  const rm = (built.retainedDataPayload as { requestMessage: { requestParameters: Record<string, unknown> } }).requestMessage;
  const withCriteria = (extra: Record<string, unknown>): RetainedDataMessageInput => ({
    ...built,
    retainedDataPayload: { requestMessage: { ...rm, requestParameters: { ...rm.requestParameters, ...extra } } },
  });
  const number = (n: string): unknown => ({ telephonyRecord: { telephonyServiceUsage: { partyInformation: [{ partyNumber: n }] } } });
  test('startsWith (a number prefix), isAMemberOf (a list), notEqualTo (everyone but)', () => {
    for (const extra of [{ startsWith: number('4477') }, { endsWith: number('0123') }, { isAMemberOf: [number('447700900123'), number('447700900456')] }, { notEqualTo: number('447700900456') }])
      refused(() => parseExactRequest(wire(withCriteria(extra))), 'RD_NOT_EXACT');
  });
  test('a request for a cell instead of an identifier', () => {
    const cell = { telephonyRecord: { telephonyServiceUsage: { partyInformation: [{ locations: [{ telephonyNetworkID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7) }] }] } } };
    refused(() => parseExactRequest(wire(withCriteria({ equals: cell }))), 'RD_NOT_EXACT');
  });
  test('an IP range, a mask, a second IP or a port range in an ipSubscriber request', () => {
    const ip = buildExactRequest(exactRequests[7]!);
    const irm = (ip.retainedDataPayload as { requestMessage: { requestParameters: Record<string, unknown> } }).requestMessage;
    const eq = (assigned: unknown): RetainedDataMessageInput => ({ ...ip, retainedDataPayload: { requestMessage: { ...irm, requestParameters: { ...irm.requestParameters, equals: { networkAccess: { naServiceUsage: { naAssignedAddress: [assigned as never] } } } } } } });
    const v4 = { iPv4BinaryAddress: Uint8Array.of(203, 0, 113, 7) };
    refused(() => parseExactRequest(wire(eq({ addressSetOrRangeOrMask: { range: { prefix: v4, subnetlength: 24 } } }))), 'RD_NOT_EXACT');
    refused(() => parseExactRequest(wire(eq({ addressSetOrRangeOrMask: { mask: { base: v4, mask: { iPv4BinaryAddress: Uint8Array.of(255, 255, 255, 0) } } } }))), 'RD_NOT_EXACT');
    refused(() => parseExactRequest(wire(eq({ addressSetOrRangeOrMask: { set: [v4, { iPv4BinaryAddress: Uint8Array.of(203, 0, 113, 8) }] }, portNumber: 40001, addressType: 'external' }))), 'RD_NOT_EXACT');
    assert.doesNotThrow(() => parseExactRequest(wire(eq({ addressSetOrRangeOrMask: { set: [v4] }, portNumber: 40001, addressType: 'external' }))));
  });
  test('an unknown requestType, a missing requestNumber or a non-request payload', () => {
    refused(() => parseExactRequest(wire({ ...built, retainedDataHeader: { ...built.retainedDataHeader, requestType: 'bulk' } })), 'RD_NOT_EXACT');
    const { requestNumber: _n, ...noNumber } = built.retainedDataHeader.requestID;
    refused(() => parseExactRequest(wire({ ...built, retainedDataHeader: { ...built.retainedDataHeader, requestID: noNumber } })), 'RD_NOT_EXACT');
    refused(() => parseExactRequest(wire({ ...built, retainedDataPayload: { getResultsMessage: null } })), 'RD_NOT_EXACT');
  });
  test('an open period (one bound dropped)', () => {
    const { lessThanOrEqualTo: _l, ...open } = rm.requestParameters;
    refused(() => parseExactRequest(wire({ ...built, retainedDataPayload: { requestMessage: { ...rm, requestParameters: open } } })), 'RD_NOT_EXACT');
  });
});
