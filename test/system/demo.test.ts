/**
 * The demo pipeline end to end: `runDemo` writes a deployment (`init`), starts every role as its own
 * supervised process (`up`), serves two agencies' warrants over HI-1 (police: an MSISDN with content
 * and an IMEI IRI only; the second agency: an MSISDN with content), lets the networks run in real
 * time with scripted target activity, lets the warrants expire, stops everything (`down`) and reports
 * what each LEMF holds against the networks' ground truth, and the Federal Investigation Agency's
 * production order (retained data of the police MSISDN target, asked of demo-op-a's RDHI) against the
 * network's records. Then the evidence it left on disk is read back by tools that are not the
 * LEMF: `warranted inspect` as a child process, and the asn1c decoder built from the official
 * ASN.1 (../shared/validators/decode-ps-pdu.sh) on a sample of the PS-PDUs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { runDemo, type DemoResult } from '../../src/cli/demo/run.ts';
import { liidDirName, openEvidence } from '../../src/monitoring/index.ts';
import { decodeAll } from '../../src/standards/ber/index.ts';
import { decodePsPdu } from '../../src/standards/hi2hi3/index.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';
import { assertCapturedHi1Valid, startHi1Capture, type Hi1Capture } from '../helpers/hi1-capture.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
let dataDir = '';
let result: DemoResult | undefined;
let failure: unknown;
const lines: string[] = [];
let hi1: Hi1Capture | undefined;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'warranted-system-demo-'));
  hi1 = startHi1Capture();
  try {
    // The warrants' window opens at submission: HI-1 approval on a loaded CI machine takes seconds of it.
    result = await runDemo({ durationS: 36, warrantEndS: 26, subscribers: 300, seed: 7, dataDir, out: (l) => lines.push(l) });
  } catch (e) {
    failure = e;
  }
}, { timeout: 480_000 });
after(() => {
  hi1?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const demo = (): DemoResult => {
  assert.ok(result, `runDemo failed: ${String(failure)}\n${lines.join('\n')}`);
  return result;
};
const police = () => demo().agencies[0]!;
// The evidence is sealed at rest: read back with the agency's own key (docs/monitoring.md "At rest").
const lemfDir = () => join(demo().runDir, 'data', 'lemf-pk-police');
const lemfKey = () => join(demo().runDir, 'keys', 'lemf-pk-police-evidence.key');
const evidenceBytes = (file: 'hi2.ber' | 'hi3.ber'): Uint8Array => {
  const reader = openEvidence(lemfDir(), readFileSync(lemfKey()));
  try {
    return reader.readChannel(police().liid, file === 'hi2.ber' ? 'HI2' : 'HI3');
  } finally {
    reader.close();
  }
};
const row = (target: 'MSISDN' | 'IMEI', category: string) => {
  const r = demo().rows.find((x) => x.target.startsWith(target) && x.category === category);
  assert.ok(r, `row ${target} ${category}`);
  return r;
};

describe('warranted demo, end to end', () => {
  test('only the warranted targets, inside the window, everything audited', { timeout: 180_000 }, (t) => {
    const r = demo();
    t.diagnostic(lines.filter((l) => /^(target|MSISDN|IMEI|non-targets|after expiry|rogue|X1|audit|RESULT)/.test(l)).join('\n'));
    assert.ok(r.ok, `demo verdict:\n${lines.join('\n')}`);
    for (const x of r.rows) {
      assert.ok(x.delivered >= x.expectedCore && x.delivered <= x.expectedMax, `${x.target} ${x.category}: delivered ${x.delivered} outside [${x.expectedCore}, ${x.expectedMax}]`);
    }
    // The MSISDN target (IRI + content): calls with their audio, SMS, location, data sessions and packets.
    for (const c of ['callIri', 'callContent', 'sms', 'location', 'dataIri', 'dataContent']) assert.ok(row('MSISDN', c).delivered > 0, `MSISDN ${c} delivered`);
    // The IMEI target (IRI only): its IRI arrives, never any content.
    assert.ok(row('IMEI', 'callIri').delivered > 0 && row('IMEI', 'sms').delivered > 0, 'IMEI IRI delivered');
    assert.equal(row('IMEI', 'callContent').delivered, 0);
    assert.equal(row('IMEI', 'dataContent').delivered, 0);
    assert.equal(r.nonTarget, 0, 'records about non-targets');
    assert.equal(r.afterExpiry, 0, 'records from after the warrant ended');
    assert.ok(r.rogueAttemptRefused > 0, 'the rogue X2 was refused');
    // Two agencies, each its own LEMF and warrant: each holds records, none of the other's.
    assert.equal(r.agencies.length, 2);
    for (const a of r.agencies) {
      assert.ok(a.records > 0, `${a.agencyId} received records`);
      assert.equal(a.othersTargets, 0, `${a.agencyId}: records of the other agency's targets`);
      assert.equal(a.foreignLiids, 0, `${a.agencyId}: records under another warrant's LIID`);
    }
    assert.ok(r.auditVerified, 'offline audit verification');
    assert.ok(r.x1Exchanges > 0);
    assert.equal(r.x1Exchanges, r.x1ExchangesAudited, 'every X1 exchange is in the audit log');
    assert.ok(r.recordsDelivered > 0);
  });

  test('the evidence files exist and `warranted inspect` decodes them', { timeout: 180_000 }, () => {
    // HI3 (hundreds of RTP and IP packets) is decoded in process; `inspect` reads the HI2 file.
    const cc = decodeAll(evidenceBytes('hi3.ber')).map((el) => decodePsPdu(el.raw));
    assert.ok(cc.length > 0 && cc.every((p) => p.pSHeader.lawfulInterceptionIdentifier === police().liid), 'hi3.ber: PS-PDUs of the warrant LIID');
    for (const file of ['hi2.ber'] as const) {
      assert.ok(existsSync(join(lemfDir(), liidDirName(police().liid), `${file}.sealed`)), 'sealed on disk');
      // `inspect --evidence` exports the plain stream for the key holder; `inspect` decodes the export.
      const path = join(mkdtempSync(join(tmpdir(), 'demo-export-')), file);
      const exported = spawnSync(process.execPath, [join(repoRoot, 'bin/warranted.mjs'), 'inspect', '--evidence', lemfDir(), '--key', lemfKey(), '--liid', police().liid, '--channel', 'HI2', '--export', path], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(exported.status, 0, `inspect --evidence: ${exported.stdout.slice(0, 2000)}${exported.stderr.slice(0, 2000)}`);
      const out = spawnSync(process.execPath, [join(repoRoot, 'bin/warranted.mjs'), 'inspect', path], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      assert.equal(out.status, 0, `inspect ${file}: ${out.stderr.slice(0, 2000)}`);
      const decoded = out.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { format?: string; error?: unknown; pdu?: { pSHeader?: { lawfulInterceptionIdentifier?: string } } });
      assert.equal(decoded.length, decodeAll(new Uint8Array(readFileSync(path))).length, `${file}: one decoded object per PS-PDU`);
      assert.ok(decoded.every((d) => d.error === undefined && d.format === 'pspdu'));
      assert.ok(decoded.every((d) => d.pdu?.pSHeader?.lawfulInterceptionIdentifier === police().liid), 'every PDU carries the warrant LIID');
    }
  });

  test('a sample of the evidence passes the asn1c decoder of the official ASN.1', { timeout: 180_000, skip: validatorsSkipReason }, () => {
    // TS 33.128 IRI (threeGPP33128DefinedIRI) from HI2 and IPCC (TS 102 232-3) from HI3; the
    // TS 102 232-5 IPMM PDUs (SIP, RTP) are left out: the validator's ASN.1 prunes them (docs/hi2hi3.md).
    const pick = (file: 'hi2.ber' | 'hi3.ber', wanted: (pdu: ReturnType<typeof decodePsPdu>) => boolean, n: number) =>
      decodeAll(evidenceBytes(file))
        .map((el) => el.raw)
        .filter((raw) => wanted(decodePsPdu(raw)))
        .slice(0, n);
    const iri = pick('hi2.ber', (p) => p.payload.kind === 'iRIPayloadSequence' && p.payload.value.every((x) => x.iRIContents.kind === 'threeGPP33128DefinedIRI'), 20);
    const ipcc = pick('hi3.ber', (p) => p.payload.kind === 'cCPayloadSequence' && p.payload.value.every((x) => x.cCContents.kind === 'iPCC'), 10);
    assert.ok(iri.length >= 5, `33.128 IRI PDUs in hi2.ber: ${iri.length}`);
    assert.ok(ipcc.length >= 5, `IPCC PDUs in hi3.ber: ${ipcc.length}`);
    const files = [...iri.map((bytes, i) => ({ name: `iri-${i}.ber`, bytes })), ...ipcc.map((bytes, i) => ({ name: `ipcc-${i}.ber`, bytes }))];
    const outer = validateBytes('decode-ps-pdu.sh', files, ['-c', '-o', 'null']);
    assert.equal(outer.status, 0, outer.stderr);
    for (const f of files) assert.match(outer.stderr, new RegExp(`${f.name}: decoded OK`), f.name);
    // The TS 33.128 IRIPayload inside each IRI PDU, with the 33.128 codec.
    const inner = iri.flatMap((raw, i) => {
      const p = decodePsPdu(raw).payload;
      return p.kind === 'iRIPayloadSequence' ? p.value.flatMap((x, j) => (x.iRIContents.kind === 'threeGPP33128DefinedIRI' ? [{ name: `iri-${i}-${j}-payload.ber`, bytes: x.iRIContents.value }] : [])) : [];
    });
    const r = validateBytes('decode-ps-pdu.sh', inner, ['-t', '33128:IRIPayload', '-o', 'null']);
    assert.equal(r.status, 0, r.stderr);
  });

  test('the production order: the RDHI answered exactly the network\'s records, signed; a request beyond the order refused 403; every step on the log', (t) => {
    const rd = demo().retainedData;
    assert.ok(rd, 'the verdict has a retained-data section');
    t.diagnostic(`${rd.categories.map((c) => `${c.category} ${c.returned}/${c.expected}`).join(', ')}; ${(rd.ms / 1000).toFixed(1)} s`);
    assert.equal(rd.error, undefined, lines.join('\n'));
    assert.equal(rd.orderState, 'Active');
    assert.equal(rd.operatorId, 'demo-op-a');
    assert.deepEqual(rd.categories.map((c) => c.category), ['subscriber', 'calls', 'sms', 'location']);
    for (const c of rd.categories) {
      assert.equal(c.missing, 0, `${c.category}: records of the network's ground truth not returned`);
      assert.equal(c.extra, 0, `${c.category}: records returned that the network's ground truth does not have`);
      assert.equal(c.returned, c.expected, c.category);
      assert.ok(c.ok);
    }
    // The scripted activity made calls, SMS and moves of the target in the period; one subscriber record.
    const by = Object.fromEntries(rd.categories.map((c) => [c.category, c.expected]));
    assert.equal(by.subscriber, 1);
    for (const c of ['calls', 'sms', 'location']) assert.ok(by[c]! > 0, `${c}: the period holds records`);
    assert.ok(rd.answersVerified >= 4, 'every answer signed by the operator and verified');
    assert.ok(rd.refusal.refused, `beyond the order: ${rd.refusal.message}`);
    assert.equal(rd.refusal.standardCode, 403, 'TS 102 657 categorised error: beyond the order');
    const returned = rd.categories.reduce((n, c) => n + c.returned, 0);
    assert.deepEqual(rd.events, { request: 5, refused: 1, disclosed: 4, recordsDisclosed: returned }, 'rd.request, rd.refused and rd.disclosed of the order on the audit log');
    assert.ok(lines.some((l) => /^ {2}retained data OK/.test(l)), 'the verdict prints the section');
  });

  test('no target identity in clear at rest, except in the embedded warrant store and the access log (docs/operator-guide.md "At rest")', () => {
    const values = [...new Set(demo().rows.flatMap((r) => r.target.match(/\b\d{12,15}\b/g) ?? []))];
    assert.ok(values.length >= 3, `target values: ${values.join(', ')}`);
    const files = readdirSync(join(demo().runDir, 'data'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .filter((p) => !p.includes(`${sep}control${sep}warrants${sep}`) && !p.endsWith(`${sep}access.jsonl`))
      // The operator's own records of its subscribers and the orders served on it (outside the system,
      // like the network itself): an operator holds its subscribers' numbers, and an order names its identifier.
      .filter((p) => !/[\\/]network-[^\\/]+[\\/](retained-data|rdhi-orders)[\\/]/u.test(p));
    assert.ok(files.some((p) => p.endsWith('hi3.ber.sealed')) && files.some((p) => p.endsWith('x1-exchanges.jsonl')), 'the evidence and the X1 journal are among the files read');
    const found = files.flatMap((p) => {
      const bytes = readFileSync(p);
      return values.filter((v) => bytes.includes(v)).map((v) => `${p}: ${v}`);
    });
    assert.deepEqual(found, []);
  });
});

// Every HI-1 document of the demo run against the official TS 103 120 XSDs and our extension schema.
test('every HI-1 document the demo exchanged validates (validate-hi1.sh + warranted-hi1-1.xsd)', { skip: validatorsSkipReason }, () => {
  demo();
  assertCapturedHi1Valid(hi1!, 12);
});
