/**
 * HI-1 codec against material nobody here wrote: the ETSI TS 103 120 examples and vectors must
 * decode (and re-encode to an equal message), the validator's INVALID file must be refused, and our
 * encoder's output for the XSD-validatable parts (Core/Common/Task/Destination; the Authorisation,
 * Document, Notification and Delivery XSDs are missing from shared/) must pass validate-hi1.sh.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardsDir, validatorsDir, validatorsSkipReason, validateBytes, vectorsDir } from '../helpers/validators.ts';
import { decodeHI1Message, encodeHI1Message, Hi1Error, withoutReceivedBytes, type HI1Message, type LITaskObject } from '../../src/standards/hi1/index.ts';
import { allVerbsRequest, allVerbsResponse, header, judgeApproval, liTask, objects, requestWith, topLevelError } from '../../src/standards/hi1/test-fixtures.ts';

const skip = validatorsSkipReason;
const listXml = (dir: string): string[] => (skip === undefined ? readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f)) : []);

describe('ETSI TS 103 120 examples and third-party vectors', { skip }, () => {
  const files = [...listXml(join(standardsDir, 'ts103120', 'examples', 'xml')), ...listXml(join(vectorsDir, 'hi1'))];
  test('there are example files to check', () => assert.ok(files.length >= 7, `found ${files.length}`));
  for (const f of files) {
    test(`decodes and round-trips ${f.split('/').slice(-2).join('/')}`, () => {
      const bytes = readFileSync(f);
      const m = decodeHI1Message(bytes);
      assert.equal(m.received?.length, bytes.length);
      const again = withoutReceivedBytes(decodeHI1Message(encodeHI1Message(m)));
      assert.deepEqual(again, withoutReceivedBytes(m));
    });
  }
  test('request1.xml: the Authorisation and the LI task with its E.164 target', () => {
    const m = decodeHI1Message(readFileSync(join(standardsDir, 'ts103120', 'examples', 'xml', 'request1.xml')));
    assert.ok(m.payload.kind === 'request');
    const [a0, a1] = m.payload.actionRequests;
    assert.ok(a0?.verb === 'CREATE' && a0.object.objectType === 'Authorisation');
    assert.equal(a0.object.authorisationReference, 'W000001');
    assert.deepEqual(a0.object.authorisationTimespan, { startTime: '2015-09-01T12:00:00Z', endTime: '2015-12-01T12:00:00Z' });
    assert.ok(a1?.verb === 'CREATE' && a1.object.objectType === 'LITask');
    assert.equal(a1.object.reference, 'LIID1');
    assert.deepEqual(a1.object.targetIdentifier?.targetIdentifierValues, [{ formatOwner: 'ETSI', formatName: 'InternationalE164', value: '442079460223' }]);
    assert.deepEqual(a1.object.associatedObjects, ['7dbbc880-8750-4d3c-abe7-ea4a17646045']);
    assert.deepEqual(a1.object.deliveryDetails?.[0]?.deliveryAddress, { kind: 'IPv4Address', value: '192.0.2.0' });
    const raw = new TextDecoder().decode(a0.object.received);
    assert.ok(raw.startsWith('<HI1Object xsi:type="auth:AuthorisationObject">') && raw.endsWith('</HI1Object>'));
  });
  test('hi1-INVALID-lowercase-countrycode.xml is refused with a typed error', () => {
    const bytes = readFileSync(join(validatorsDir, 'testdata', 'hi1-INVALID-lowercase-countrycode.xml'));
    assert.throws(() => decodeHI1Message(bytes), (e: unknown) => e instanceof Hi1Error && e.code === 'HI1_BAD_VALUE' && e.standardCode === 3007);
  });
});

/** Messages using only the object types whose XSDs are in shared/ (no national extension types). */
function validatable(): { name: string; message: HI1Message }[] {
  const { nationalLITaskingParameters: _n, ...task } = liTask;
  const { approvalDigitalSignature: _s, ...approval } = judgeApproval;
  const richTask: LITaskObject = { ...task, approvalDetails: [approval, { approvalType: 'Renewal', approvalIsEmergency: true }], invalidReason: { errorCode: 3007, errorDescription: 'x' }, status: { owner: 'ETSI', name: 'TaskStatus', value: 'Active' }, iriPolicyReferences: [{ order: 2 }] };
  const deliveryAddresses: LITaskObject = {
    ...task,
    deliveryDetails: [
      { deliveryAddress: { kind: 'IPv4Address', value: '192.0.2.1' } },
      { deliveryAddress: { kind: 'IPv6Address', value: '2001:0db8:0000:0000:0000:0000:0000:0001' } },
      { deliveryAddress: { kind: 'E164Number', value: '447700900000' } },
      { deliveryAddress: { kind: 'URL', value: 'https://lemf.example/hi2' } },
      { deliveryAddress: { kind: 'FQDN', value: 'lemf.example' } },
      { deliveryAddress: { kind: 'EmailAddress', value: 'lemf@agency.example' } },
      { deliveryAddress: { kind: 'EndpointID', endpoint: { countryCode: 'XX', uniqueIdentifier: 'LEMF' } }, destinationReference: 'a1a1a1a1-0000-4000-8000-000000000002', iriOrCC: { owner: 'ETSI', name: 'TaskDeliveryType', value: 'IRIOnly' } },
      { deliveryAddress: { kind: 'IPAddressPortRange', address: { version: 4, value: '192.0.2.9' }, portRange: { protocol: 'TCP', start: 1024, end: 2048 } } },
    ],
  };
  const stripTask = (m: HI1Message): HI1Message => JSON.parse(JSON.stringify(m, (k, val: unknown) => (k === 'nationalLITaskingParameters' ? undefined : val))) as HI1Message;
  return [
    { name: 'create-litask.xml', message: requestWith(task, richTask, deliveryAddresses, objects[5]!) },
    { name: 'all-verbs-request.xml', message: stripTask({ header, payload: allVerbsRequest.payload.kind === 'request' ? { kind: 'request', actionRequests: allVerbsRequest.payload.actionRequests.filter((a) => a.verb !== 'DELIVER').map((a, i) => ({ ...a, actionIdentifier: i })) } : allVerbsRequest.payload }) },
    { name: 'all-verbs-response.xml', message: stripTask(allVerbsResponse) },
    { name: 'top-level-error.xml', message: topLevelError },
    { name: 'with-workflow.xml', message: { ...requestWith(task), header: { ...header, workflowIdentifier: 'wf-1' } } },
  ];
}

describe('encoder output validated by validate-hi1.sh (xmllint + ETSI XSD)', { skip }, () => {
  test('all validatable messages pass in one batch', () => {
    const files = validatable().map(({ name, message }) => ({ name, bytes: encodeHI1Message(message) }));
    const r = validateBytes('validate-hi1.sh', files);
    assert.equal(r.ok, true, `${r.stdout}\n${r.stderr}`);
  });
  test('the validator does reject a broken encoding (the check can fail)', () => {
    const bad = encodeHI1Message(validatable()[0]!.message).replace('<CountryCode>XX</CountryCode>', '<CountryCode>xx</CountryCode>');
    const r = validateBytes('validate-hi1.sh', [{ name: 'bad.xml', bytes: bad }]);
    assert.equal(r.ok, false);
  });
});
