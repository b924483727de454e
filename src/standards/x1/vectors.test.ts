/**
 * Third-party X1 documents (sipgate's li-lib / li-simulator, the validators' own testdata): each must
 * decode, or, where it is invalid, be refused with the right typed error. Validity is cross-checked
 * with xmllint + the official XSD so the decoder and the schema agree document by document.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runValidator, standardsDir, validatorsDir, validatorsSkipReason, vectorsDir } from '../../../test/helpers/validators.ts';
import { decodeX1Request, decodeX1Response, encodeX1Request, encodeX1Response, X1Error } from './index.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.xml') ? [p] : [];
  });
}

/** Documents the XSD rejects, with the error code our decoder must give (and the §6.7 code). */
const INVALID: Record<string, [code: string, standardCode: number]> = {
  'x1/sipgate-INVALID-BadVersionRequest_example.xml': ['X1_UNSUPPORTED_VERSION', 1020],
  'x1/sipgate-INVALID-NoResponsesInResponseContainer_example.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'x1/sipgate-INVALID-xxe.xml': ['X1_DTD_FORBIDDEN', 1010],
  'x1/sipgate-sim-INVALID-ActivateTask-did-not-uuid.xml': ['X1_BAD_UUID', 1010],
  'x1-INVALID-activate-task-bad-deliverytype.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'x1-INVALID-create-destination-timestamp.xml': ['X1_BAD_TIMESTAMP', 1010],
  // sipgate simulator fixtures that do not validate (see ../shared/standards/ts103221-1/SOURCE.md):
  'sipgate-li-simulator/DestinationAdded/ActivateTask_InvalidCombinationOfDeliveryTypeAndDestinations.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'sipgate-li-simulator/TaskAdded/ModifyTask_InvalidCombinationOfDeliveryTypeAndDestinations.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'sipgate-li-simulator/DestinationAdded/GetDestinationDetailsResponse_positive.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'sipgate-li-simulator/DestinationModified/GetDestinationDetailsResponse_positive.xml': ['X1_SCHEMA_VIOLATION', 1010],
  'sipgate-li-simulator/TaskModified/GetTaskDetailsResponse_positive.xml': ['X1_BAD_UUID', 1010],
};

function vectors(): { key: string; path: string }[] {
  const simulator = join(standardsDir, 'ts103221-1/examples-third-party');
  return [
    ...walk(join(vectorsDir, 'x1')).map((p) => ({ key: relative(vectorsDir, p), path: p })),
    ...walk(simulator).map((p) => ({ key: relative(simulator, p), path: p })),
    ...walk(join(validatorsDir, 'testdata')).filter((p) => /\/x1-[^/]*\.xml$/.test(p)).map((p) => ({ key: relative(join(validatorsDir, 'testdata'), p), path: p })),
  ];
}

function decodeAny(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  return /<(\w+:)?X1Request[\s>]/.test(text) ? decodeX1Request(bytes) : decodeX1Response(bytes);
}

describe('third-party X1 vectors', { skip: validatorsSkipReason }, () => {
  test('each decodes, or is refused with the expected typed error', () => {
    const all = vectors();
    assert.ok(all.length >= 40, `found ${all.length} vectors`);
    let decoded = 0;
    for (const v of all) {
      const bytes = readFileSync(v.path);
      const expected = INVALID[v.key];
      if (expected === undefined) {
        const doc = decodeAny(bytes);
        decoded++;
        // and what we decoded re-encodes to a document that decodes to the same value
        const again = 'x1RequestMessage' in (doc as object)
          ? decodeX1Request(encodeX1Request(doc as Parameters<typeof encodeX1Request>[0]))
          : decodeX1Response(encodeX1Response(doc as Parameters<typeof encodeX1Response>[0]));
        assert.deepEqual(again, doc, v.key);
      } else {
        assert.throws(
          () => decodeAny(bytes),
          (e) => e instanceof X1Error && e.code === expected[0] && e.standardCode === expected[1],
          `${v.key} should be refused with ${expected[0]}`,
        );
      }
    }
    assert.ok(decoded >= 25);
    assert.ok(all.filter((v) => INVALID[v.key] !== undefined).length === Object.keys(INVALID).length, 'every listed invalid vector exists');
  });

  test('the decoder accepts exactly the documents xmllint + official XSD accept', () => {
    for (const v of vectors()) {
      const xsdOk = runValidator('validate-x1.sh', [v.path]).ok;
      let ours = true;
      try {
        decodeAny(readFileSync(v.path));
      } catch {
        ours = false;
      }
      assert.equal(ours, xsdOk, `${v.key}: decoder ${ours ? 'accepts' : 'refuses'}, xmllint ${xsdOk ? 'accepts' : 'refuses'}`);
    }
  });

  test('the sipgate ErrorResponse fixtures give their §6.7 codes', () => {
    const simulator = join(standardsDir, 'ts103221-1/examples-third-party/sipgate-li-simulator');
    const r = decodeX1Response(readFileSync(join(simulator, 'Started/ActivateTask_DidDoesNotExist.xml')));
    assert.equal(r.kind, 'X1Response');
    const m = r.kind === 'X1Response' ? r.x1ResponseMessage[0] : undefined;
    assert.ok(m?.messageType === 'ErrorResponse');
    assert.equal(m.errorInformation.errorCode, 2040);
    assert.equal(m.requestMessageType, 'ActivateTask');
  });
});
