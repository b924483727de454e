/**
 * `warranted inspect` as a user runs it: a child process (`node bin/warranted.mjs inspect …`) on the
 * shared third-party vectors (read in place, never copied) and on files this test writes with the
 * project's encoders; malformed input must give a non-zero exit and the typed error code in JSON.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validatorsDir, validatorsSkipReason, vectorsDir } from '../helpers/validators.ts';
import { encodeX1Request, encodeX1Response } from '../../src/standards/x1/index.ts';
import { requestContainers, topLevelError } from '../../src/standards/x1/test-samples.ts';
import { encodeHI1Message } from '../../src/standards/hi1/index.ts';
import { allVerbsRequest } from '../../src/standards/hi1/test-fixtures.ts';
import { encodeX2X3Pdu, keepalivePdu, PayloadFormat, PduType } from '../../src/standards/x2x3/index.ts';
import { basePdu, x3RtpPdu } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { encodeIRIPayload, encodeXIRIPayload, xiriToIri } from '../../src/standards/ts33128/index.ts';
import { sampleXIRIPayloads } from '../../src/standards/ts33128/fixtures.ts';
import { encodePsPdu, IRIType, type PsPdu } from '../../src/standards/hi2hi3/index.ts';
import { taskHeader } from '../../src/standards/hi2hi3/test-fixtures.ts';
import { buildTcpPacket, writePcap } from '../../src/standards/payloads/index.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const testdataDir = join(validatorsDir, 'testdata');
const skip = validatorsSkipReason;

type Rec = Record<string, unknown> & { file?: string; error?: { code: string; standardCode?: number | string } };

function inspect(args: string[], env: Record<string, string> = {}): { status: number | null; records: Rec[]; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/warranted.mjs'), 'inspect', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  return { status: r.status, records: lines.map((l) => JSON.parse(l) as Rec), stderr: r.stderr };
}

const errorCodes = (records: Rec[]): string[] => records.flatMap((r) => (r.error ? [r.error.code] : []));

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

let dir = '';
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'warranted-inspect-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('shared third-party vectors', { skip }, () => {
  test('every valid vector decodes (exit 0), one JSON object per message / PDU', () => {
    const names = ['x1-activate-task-request.xml', 'x1-create-destination-request.xml', 'x2-xiri-ts33128.bin', 'x3-ipv4.bin', 'x2x3-keepalive.bin', 'x2x3-two-pdus.bin', 'ps-pdu-ipcc.ber', 'ps-pdu-ipiri.ber', 'ps-pdu-ts33128-iri.ber', 'ts33128-iri-deregistration.ber', 'ts33128-xiri-deregistration.ber', 'x2x3-samples.pcap'];
    const thirdParty = [
      ...readdirSync(join(vectorsDir, 'x1')).filter((f) => !f.includes('INVALID')).map((f) => join(vectorsDir, 'x1', f)),
      ...readdirSync(join(vectorsDir, 'hi1')).map((f) => join(vectorsDir, 'hi1', f)),
      ...readdirSync(join(vectorsDir, 'x2x3')).map((f) => join(vectorsDir, 'x2x3', f)),
    ];
    const files = [...names.map((n) => join(testdataDir, n)), ...thirdParty];
    const r = inspect(files);
    assert.deepEqual(errorCodes(r.records), []);
    assert.equal(r.status, 0);
    for (const f of files) assert.ok(r.records.some((x) => x.file === f && (x.message ?? x.pdu ?? x.value) !== undefined), `nothing decoded from ${f}`);
    const formats = new Map(r.records.map((x) => [x.file, x.format]));
    assert.equal(formats.get(join(testdataDir, 'x1-activate-task-request.xml')), 'x1');
    assert.equal(formats.get(join(vectorsDir, 'hi1', 'etsi-request2.xml')), 'hi1');
    assert.equal(formats.get(join(testdataDir, 'x3-ipv4.bin')), 'x2x3');
    assert.equal(formats.get(join(testdataDir, 'ps-pdu-ipcc.ber')), 'pspdu');
    assert.equal(formats.get(join(testdataDir, 'ts33128-iri-deregistration.ber')), 'ts33128');
    assert.equal(formats.get(join(testdataDir, 'x2x3-samples.pcap')), 'pcap');
    assert.equal(r.records.filter((x) => x.file === join(testdataDir, 'x2x3-two-pdus.bin')).length, 2);
    assert.equal(r.records.filter((x) => x.file === join(vectorsDir, 'x1', 'sipgate-MultiRequest_example.xml')).length, 2);
  });

  test('the X2 xIRI and the PS-PDU 33.128 IRI come with their decoded inner payload', () => {
    const r = inspect([join(testdataDir, 'x2-xiri-ts33128.bin'), join(testdataDir, 'ps-pdu-ts33128-iri.ber')]);
    assert.equal(r.status, 0);
    const [x2, ps] = r.records;
    assert.deepEqual((x2?.ts33128 as { type: string }).type, 'XIRIPayload');
    assert.match(JSON.stringify(x2?.ts33128), /"kind":"deregistration"/);
    assert.equal((x2?.pdu as { correlationId: unknown }).correlationId, '1', 'bigint printed as a string');
    const inner = ps?.ts33128 as { type: string; value: { iRIPayloadOID: string } }[];
    assert.equal(inner[0]?.type, 'IRIPayload');
    assert.equal(inner[0]?.value.iRIPayloadOID, '4.19.16.5.3');
  });

  test('INVALID vectors: exit 1 and the typed error code', () => {
    const expected: [string, string][] = [
      [join(vectorsDir, 'x1', 'sipgate-INVALID-xxe.xml'), 'X1_DTD_FORBIDDEN'],
      [join(vectorsDir, 'x1', 'sipgate-INVALID-BadVersionRequest_example.xml'), 'X1_UNSUPPORTED_VERSION'],
      [join(vectorsDir, 'x1', 'sipgate-sim-INVALID-ActivateTask-did-not-uuid.xml'), 'X1_BAD_UUID'],
      [join(testdataDir, 'x1-INVALID-create-destination-timestamp.xml'), 'X1_BAD_TIMESTAMP'],
      [join(testdataDir, 'hi1-INVALID-lowercase-countrycode.xml'), 'HI1_BAD_VALUE'],
    ];
    const r = inspect(expected.map(([f]) => f));
    assert.equal(r.status, 1);
    for (const [f, code] of expected) assert.deepEqual(errorCodes(r.records.filter((x) => x.file === f)), [code], f);
  });

  test('a capture without X2/X3 or PS-PDU flows lists its flows as skipped (exit 0)', () => {
    const r = inspect([join(validatorsDir, '..', 'captures', 'openli-training-lab', 'tcpsip_voip.pcap')]);
    assert.equal(r.status, 0);
    const summary = r.records.at(-1)?.summary as { flows: number; decodedFlows: number };
    assert.ok(summary.flows > 0);
    assert.equal(summary.decodedFlows, 0);
    assert.ok(r.records.some((x) => x.skipped !== undefined));
  });

  test('--validate runs the matching external validator and reports its verdict', () => {
    const r = inspect(['--validate', join(testdataDir, 'x1-activate-task-request.xml'), join(testdataDir, 'ps-pdu-ipcc.ber'), join(testdataDir, 'x2x3-samples.pcap')]);
    assert.equal(r.status, 0, JSON.stringify(r.records.filter((x) => x.verdict !== undefined)));
    const verdicts = r.records.filter((x) => x.verdict !== undefined).map((x) => [x.validator, x.verdict]);
    assert.deepEqual(verdicts, [
      ['validate-x1.sh', 'valid'],
      ['decode-ps-pdu.sh', 'valid'],
      ['decode-x2x3.sh', 'valid'],
    ]);
    const bad = inspect(['--validate', '--format', 'x1', join(vectorsDir, 'x1', 'sipgate-INVALID-NoResponsesInResponseContainer_example.xml')]);
    assert.equal(bad.status, 1);
    assert.equal(bad.records.find((x) => x.validator === 'validate-x1.sh')?.verdict, 'invalid');
  });
});

describe('files written with our encoders', () => {
  const xiri = encodeXIRIPayload(sampleXIRIPayloads[0]!);
  const x2 = (seq: number, payload = xiri): Uint8Array =>
    encodeX2X3Pdu(basePdu({ pduType: PduType.X2, payloadFormat: PayloadFormat.Ts33128DefinedPayload, attributes: [{ kind: 'sequenceNumber', value: seq }], payload }));
  const x2x3Stream = concat([x2(1), encodeX2X3Pdu(x3RtpPdu(2)), encodeX2X3Pdu(keepalivePdu(3))]);
  const psPdu = (sequenceNumber: number): PsPdu => ({
    pSHeader: { ...taskHeader, sequenceNumber },
    payload: { kind: 'iRIPayloadSequence', value: [{ iRIType: IRIType.iRIReport, iRIContents: { kind: 'threeGPP33128DefinedIRI', value: encodeIRIPayload(xiriToIri(sampleXIRIPayloads[1]!)) } }] },
  });
  const psStream = concat([encodePsPdu(psPdu(0)), encodePsPdu(psPdu(1))]);

  /** The stream cut into TCP segments, captured out of order with one retransmission. */
  function pcapOf(stream: Uint8Array, options: { dropOne?: boolean } = {}): Uint8Array {
    const isn = 0xfffffff0; // the sequence numbers wrap inside the flow
    const cuts = [0, 7, 50, 51, 130, stream.length];
    const segs = cuts.slice(0, -1).map((c, i) => ({ seq: (isn + c) >>> 0, payload: stream.subarray(c, cuts[i + 1]) }));
    const order = [0, 2, 1, 1, 4, 3]; // 2 before 1, 1 retransmitted
    const chosen = options.dropOne === true ? order.filter((i) => i !== 2) : order;
    const ep = { src: '192.0.2.1', dst: '192.0.2.2' };
    return writePcap(
      chosen.map((i, n) => ({
        timeMs: 1_700_000_000_000 + n,
        data: buildTcpPacket(ep, { srcPort: 40000, dstPort: 50000, seq: segs[i]!.seq, ack: 1, flags: 0x18, payload: segs[i]!.payload }),
      })),
    );
  }

  test('X1 request and response containers, a top-level error, and an HI-1 message', () => {
    const req = file('req.xml', encodeX1Request(requestContainers.at(-1)!));
    const top = file('top.xml', encodeX1Response(topLevelError));
    const hi1 = file('hi1.xml', encodeHI1Message(allVerbsRequest));
    const r = inspect([req, top, hi1]);
    assert.equal(r.status, 0, JSON.stringify(errorCodes(r.records)));
    assert.equal(r.records.filter((x) => x.file === req).length, requestContainers.at(-1)!.x1RequestMessage.length);
    assert.equal(r.records.find((x) => x.file === top)?.container, 'X1TopLevelErrorResponse');
    const h = r.records.find((x) => x.file === hi1);
    assert.equal(h?.format, 'hi1');
    assert.equal((h?.message as { payload: { kind: string } }).payload.kind, 'request');
  });

  test('an X2/X3 stream and a PS-PDU stream, each also inside a reordered pcap', () => {
    const files = [file('s.bin', x2x3Stream), file('s.ber', psStream), file('x.pcap', pcapOf(x2x3Stream)), file('p.pcap', pcapOf(psStream))];
    const r = inspect(files);
    assert.equal(r.status, 0, JSON.stringify(errorCodes(r.records)));
    const pdus = (f: string): Rec[] => r.records.filter((x) => x.file === f && x.pdu !== undefined);
    assert.deepEqual(pdus(files[0]!).map((x) => x.pduTypeName), ['X2 PDU', 'X3 PDU', 'Keepalive']);
    assert.deepEqual(pdus(files[2]!).map((x) => x.pduTypeName), ['X2 PDU', 'X3 PDU', 'Keepalive']);
    assert.deepEqual(pdus(files[2]!).map((x) => x.offset), pdus(files[0]!).map((x) => x.offset));
    assert.equal(pdus(files[1]!).length, 2);
    assert.equal(pdus(files[3]!).length, 2);
    assert.equal(pdus(files[3]!)[1]?.flow, '192.0.2.1:40000 -> 192.0.2.2:50000');
    for (const x of [...pdus(files[1]!), ...pdus(files[3]!)]) assert.equal((x.ts33128 as { type: string }[])[0]?.type, 'IRIPayload');
    assert.equal((pdus(files[0]!)[0]?.ts33128 as { type: string }).type, 'XIRIPayload');
  });

  test('--format overrides detection: an X1 file read as PS-PDU fails with the BER code', () => {
    const req = file('req2.xml', encodeX1Request(requestContainers[0]!));
    const r = inspect(['--format', 'pspdu', req]);
    assert.equal(r.status, 1);
    assert.match(errorCodes(r.records)[0] ?? '', /^HI2HI3_/);
  });

  test('malformed input: non-zero exit and the typed error code in JSON', () => {
    const cases: [string, Uint8Array | string, string][] = [
      ['trunc.bin', x2x3Stream.subarray(0, x2x3Stream.length - 5), 'X2X3_TRUNCATED'],
      ['badattr.bin', (() => {
        const b = x2(1).slice();
        b[42] = 0xff; // first attribute's Length (octets 42-43, §5.3) runs past the header
        return b;
      })(), 'X2X3_ATTRIBUTE_OVERRUN'],
      ['badxiri.bin', x2(1, Uint8Array.of(0x30, 0x03, 0x81, 0x01, 0x09)), 'TS33128_BAD_OID'],
      ['trunc.ber', psStream.subarray(0, psStream.length - 3), 'INSPECT_STREAM_TRUNCATED'],
      ['gap.pcap', pcapOf(x2x3Stream, { dropOne: true }), 'INSPECT_TCP_GAP'],
      ['pcapng.pcap', Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d, 0, 1, 0, 0, ...new Uint8Array(8).fill(0xff), 0, 0, 0, 28), 'PCAP_BAD_MAGIC'],
      ['text.txt', 'hello, not an LI message\n', 'INSPECT_UNKNOWN_FORMAT'],
      ['bad.xml', '<?xml version="1.0"?><X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10"><oops/></X1Request>', 'X1_SCHEMA_VIOLATION'],
    ];
    const paths = cases.map(([name, bytes]) => file(name, bytes));
    const r = inspect(paths);
    assert.equal(r.status, 1);
    cases.forEach(([name, , code], i) => {
      const mine = r.records.filter((x) => x.file === paths[i]);
      const inner = mine.flatMap((x) => {
        const t = x.ts33128 as { error?: { code: string } } | undefined;
        return t?.error ? [t.error.code] : [];
      });
      const got = [...errorCodes(mine), ...inner];
      assert.ok(got.includes(code), `${name}: expected ${code}, got ${JSON.stringify(got)}`);
    });
  });

  test('usage errors exit 2; an unreadable file exits 1 with its code', () => {
    const bad = inspect(['--format', 'nope', 'x']);
    assert.equal(bad.status, 2);
    assert.deepEqual(errorCodes(bad.records), ['INSPECT_USAGE']);
    const missing = inspect([join(dir, 'does-not-exist.bin')]);
    assert.equal(missing.status, 1);
    assert.deepEqual(errorCodes(missing.records), ['INSPECT_FILE_UNREADABLE']);
  });

  test('--validate without the shared folder says so plainly and does not fail the decode', () => {
    const f = file('ka.bin', encodeX2X3Pdu(keepalivePdu(1)));
    const r = inspect(['--validate', f], { WARRANTED_SHARED: join(dir, 'no-shared-here') });
    assert.equal(r.status, 0);
    const v = r.records.find((x) => x.verdict !== undefined);
    assert.equal(v?.verdict, 'skipped');
    assert.match(String(v?.reason), /validators not found/);
  });
});
