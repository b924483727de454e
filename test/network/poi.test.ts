/**
 * The synthetic operators' POIs, black box over the wires: an X1 client acting as the ADMF tasks
 * them over HTTPS + mutual TLS; a real MDF-side X2/X3 receiver over mutual TLS gets what they emit.
 * Every received PDU is decoded and checked to concern a tasked identity only, counts are compared
 * with the simulation's ground truth, and samples of each payload format go through the external
 * validators (tshark 5gli, asn1c TS 33.128).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { NetworkSimulation, type SubscriberIdentities } from '../../src/network/index.ts';
import { twoOperators } from '../../src/network/test-fixtures.ts';
import { startOperatorNetwork, Poi, type OperatorNetwork } from '../../src/network/poi/index.ts';
import { X1Client, startX1Server, X1ErrorResponseError } from '../../src/wires/x1/index.ts';
import type { X1RequestBody } from '../../src/wires/x1/index.ts';
import { validateX1Documents } from '../helpers/x1-validate.ts';
import { startX2X3Receiver, type X2X3Receiver } from '../../src/wires/x2x3/receiver.ts';
import { tlsListener } from '../../src/wires/transport.ts';
import { firstAttribute, PayloadFormat, PduType, type DecodedX2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { decodeXIRIPayload, type XIRIEvent } from '../../src/standards/ts33128/index.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';

const host = '127.0.0.1';
const ADMF = 'admf';
const DID = '1ae1a5e5-0b9e-4c3e-8a44-0d7d3c0f0b2a';
const XA = '2b36a78b-b628-416d-bd22-404e68a0cd36'; // MSISDN, IRI + CC
const XB = '7d8e9fa0-b1c2-4d3e-9f40-5a6b7c8d9e0f'; // IMEI, IRI only
const binding = { warrantId: 'W-2026-000042', warrantHash: 'b'.repeat(64) };

let dir: string;
let creds: Map<string, Credentials>;
let mdf: X2X3Receiver;
let netA: OperatorNetwork;
let netB: OperatorNetwork;
let sim: NetworkSimulation;
let a1: SubscriberIdentities;
let a2: SubscriberIdentities;
let b1: SubscriberIdentities;
const received: { pdu: DecodedX2X3Pdu; peer: string }[] = [];
const x1Documents: string[] = [];
const admfClients: X1Client[] = [];

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  for (let t = 0; t < ms && !cond(); t += 20) await sleep(20);
  assert.ok(cond(), 'condition not reached');
};
const run = (ms: number, step = 100) => {
  for (let t = 0; t < ms; t += step) {
    const events = sim.advance(step);
    netA.deliver(events);
    netB.deliver(events);
  }
};
const pdusOf = (xid: string, type: number) => received.filter((r) => r.pdu.xid === xid && r.pdu.pduType === type);

/** The IMSI an xIRI record is about (SUPI of the AMF/SMF record, or the SMS party that is the target). */
function xiriImsis(e: XIRIEvent): string[] {
  const supi = (v: { sUPI?: { kind: string; value: string } }) => (v.sUPI?.kind === 'iMSI' ? [v.sUPI.value] : []);
  switch (e.kind) {
    case 'registration':
    case 'deregistration':
    case 'locationUpdate':
    case 'pDUSessionEstablishment':
    case 'pDUSessionRelease':
      return supi(e.value);
    case 'sMSMessage':
      return [...supi(e.value.originatingSMSParty), ...supi(e.value.terminatingSMSParty)];
    default:
      return [];
  }
}

async function task(client: X1Client, bodies: X1RequestBody[]): Promise<void> {
  const out = await client.send(bodies);
  for (const o of out) assert.ok(o.ok, o.ok ? '' : o.error.message);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'poi-'));
  creds = await ensureDemoPki(dir, [ADMF, 'mdf', 'opA-ims', 'opA-5gc', 'opB-ims', 'opB-5gc']);
  const ops = twoOperators(500, 20, 'poi-test');
  sim = new NetworkSimulation({ operators: ops, seed: 'poi', rates: { voiceCallsPerMinute: 30, smsPerMinute: 60, dataSessionsPerMinute: 20, locationUpdatesPerMinute: 60, reRegistrationsPerMinute: 10 } });
  a1 = ops[0].identities(5);
  a2 = ops[0].identities(17);
  b1 = ops[1].identities(3);
  mdf = await startX2X3Receiver({
    bind: { host, port: 0 },
    listener: tlsListener(creds.get('mdf')!),
    onPdu: (pdu, peer) => received.push({ pdu: { ...pdu, raw: pdu.raw.slice(), payload: pdu.payload.slice() }, peer }),
  });
  netA = await startOperatorNetwork({ operator: ops[0], simulation: sim, creds, admfIdentifier: ADMF, host, keepaliveIntervalMs: 200 });
  netB = await startOperatorNetwork({ operator: ops[1], simulation: sim, creds, admfIdentifier: ADMF, host });
  // The ADMF: one X1 client per POI of operator A (profile: destination, then tasks, on every NE).
  for (const [ne, endpoint] of netA.x1Endpoints) {
    const c = new X1Client({
      creds: creds.get(ADMF)!, endpoint, admfIdentifier: ADMF, neIdentifier: ne,
      onExchange: (ex) => x1Documents.push(ex.requestXml, ex.responseXml ?? ''),
    });
    admfClients.push(c);
    await task(c, [
      {
        messageType: 'CreateDestinationRequest',
        destinationDetails: { dId: DID, deliveryType: 'X2andX3', deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: host }, port: { kind: 'TCPPort', value: mdf.endpoint.port } } },
      },
    ]);
    await task(c, [
      { messageType: 'ActivateTaskRequest', taskDetails: { xId: XA, targetIdentifiers: [{ kind: 'e164Number', value: a1.msisdn }], deliveryType: 'X2andX3', listOfDIDs: [DID], warrantBinding: binding } },
      // the 14-digit IMEI (TAC + SNR) of a handset whose network identity carries the check digit
      { messageType: 'ActivateTaskRequest', taskDetails: { xId: XB, targetIdentifiers: [{ kind: 'imei', value: a2.imei.slice(0, 14) }], deliveryType: 'X2Only', listOfDIDs: [DID], warrantBinding: binding } },
    ]);
  }
});

after(async () => {
  for (const c of admfClients) c.close();
  await netA.stop();
  await netB.stop();
  await mdf.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POIs of a synthetic operator over X1 and X2/X3', () => {
  test('only tasked subscribers are intercepted; X3 only under the content task; counts equal the ground truth', async () => {
    assert.equal(a1.imei.length, 15);
    sim.placeCall(a1.msisdn, b1.msisdn, { video: true, durationMs: 3000 });
    sim.placeCall(b1.msisdn, a2.msisdn, { durationMs: 2000 });
    sim.placeCall(a1.msisdn, a2.msisdn, { durationMs: 1500 });
    sim.sendSms(a1.msisdn, b1.msisdn, 'meet at noon');
    sim.sendSms('BANK', a2.msisdn, 'your code is 1234');
    sim.sendSms(a2.msisdn, a1.msisdn, 'ok');
    sim.startDataSession(a1.msisdn, ['www.example.com'], { tls: false });
    sim.startDataSession(a2.imsi, ['news.example.org']);
    sim.moveSubscriber(a1.imsi);
    sim.moveSubscriber(a2.imsi);
    run(40_000);

    const truthA = sim.countsFor(a1.msisdn);
    const truthB = sim.countsFor(a2.imsi);
    const iri = (c: typeof truthA) => c.callIri + c.sms + c.location + c.registration + c.dataIri;
    const expected = iri(truthA) + truthA.callContent + truthA.dataContent + iri(truthB);
    assert.ok(truthA.callContent > 100 && truthA.dataContent > 5 && truthA.sms >= 2 && truthA.dataIri >= 2 && truthA.location >= 1);
    assert.ok(truthB.callIri > 0 && truthB.sms >= 2 && truthB.callContent > 0, 'the IMEI target had content the task must not deliver');
    assert.ok(sim.totals('opA').total > expected * 2, 'plenty of untasked traffic');
    assert.ok(await netA.drain());
    await waitFor(() => received.length >= expected);
    await sleep(100);
    assert.equal(received.length, expected);

    assert.equal(pdusOf(XA, PduType.X2).length, iri(truthA));
    assert.equal(pdusOf(XA, PduType.X3).length, truthA.callContent + truthA.dataContent);
    assert.equal(pdusOf(XB, PduType.X2).length, iri(truthB));
    assert.equal(pdusOf(XB, PduType.X3).length, 0, 'IRI-only task: no content');

    const stats = new Map(netA.stats().map((s) => [s.identifier, s]));
    assert.equal(stats.get('opA-ims')!.byXid[XA]!.x3, truthA.callContent);
    assert.equal(stats.get('opA-5gc')!.byXid[XA]!.byCategory.dataContent, truthA.dataContent);
    assert.equal(stats.get('opA-5gc')!.byXid[XB]!.byCategory.sms, truthB.sms);
    assert.ok(netB.stats().every((s) => s.eventsSeen > 0 && s.eventsMatched === 0 && Object.keys(s.byXid).length === 0), 'untasked operator emits nothing');

    // Decode every PDU: each concerns its task's identity and nothing else.
    const callIds = new Map<string, Set<bigint>>([[XA, new Set()], [XB, new Set()]]);
    const sequences = new Map<string, number[]>();
    for (const { pdu, peer } of received) {
      const target = pdu.xid === XA ? a1 : pdu.xid === XB ? a2 : undefined;
      assert.ok(target, 'PDU for an XID nobody tasked');
      assert.ok(peer === 'opA-ims' || peer === 'opA-5gc');
      assert.equal(new TextDecoder().decode(firstAttribute(pdu, 'networkFunctionId')!.value), peer);
      assert.equal(firstAttribute(pdu, 'matchedTargetIdentifier')!.value, pdu.xid === XA ? `<e164Number>${a1.msisdn}</e164Number>` : `<imei>${a2.imei.slice(0, 14)}</imei>`);
      assert.ok(pdu.payloadDirection >= 1 && pdu.payloadDirection <= 3);
      const key = `${peer}/${pdu.xid}/${pdu.correlationId}/${pdu.pduType}`;
      sequences.set(key, [...(sequences.get(key) ?? []), firstAttribute(pdu, 'sequenceNumber')!.value]);
      switch (pdu.payloadFormat) {
        case PayloadFormat.SipMessage:
          assert.ok(new TextDecoder().decode(pdu.payload).includes(target.msisdn), 'SIP message of another subscriber');
          assert.notEqual(pdu.correlationId, 0n);
          callIds.get(pdu.xid)!.add(pdu.correlationId);
          break;
        case PayloadFormat.Ts33128DefinedPayload:
          assert.ok(xiriImsis(decodeXIRIPayload(pdu.payload).event).includes(target.imsi), 'xIRI about another subscriber');
          break;
        case PayloadFormat.Ipv4Packet: {
          const src = firstAttribute(pdu, 'sourceIpv4Address')!.value;
          const dst = firstAttribute(pdu, 'destinationIpv4Address')!.value;
          assert.ok(src === target.ipv4 || dst === target.ipv4, 'user-plane packet of another subscriber');
          break;
        }
        case PayloadFormat.RtpPacket:
          break;
        default:
          assert.fail(`unexpected payload format ${pdu.payloadFormat}`);
      }
    }
    for (const { pdu } of received.filter((r) => r.pdu.payloadFormat === PayloadFormat.RtpPacket)) {
      assert.ok(callIds.get(pdu.xid)!.has(pdu.correlationId), 'RTP not of a call of the target');
    }
    // Sequence numbers per XID, Correlation ID and PDU type (each POI its own; TS 103 221-2 §5.3.9)
    // count up from 0 without gaps, in stream order.
    assert.ok(sequences.size >= 4);
    for (const [key, seqs] of sequences) assert.deepEqual(seqs, seqs.map((_, i) => i), key);
  });

  test('DeactivateTask stops emission for that task at once; the other task continues', async () => {
    for (const c of admfClients) await task(c, [{ messageType: 'DeactivateTaskRequest', xId: XA }]);
    const beforeA = received.filter((r) => r.pdu.xid === XA).length;
    const beforeB = received.filter((r) => r.pdu.xid === XB).length;
    const truthBefore = sim.countsFor(a1.msisdn).total;
    sim.placeCall(a1.msisdn, b1.msisdn, { durationMs: 2000 });
    sim.sendSms(a1.msisdn, a2.msisdn, 'still there?');
    run(10_000);
    assert.ok(sim.countsFor(a1.msisdn).total > truthBefore + 50, 'the former target kept using the network');
    assert.ok(await netA.drain());
    await waitFor(() => received.filter((r) => r.pdu.xid === XB).length > beforeB);
    await sleep(200);
    assert.equal(received.filter((r) => r.pdu.xid === XA).length, beforeA, 'no PDU after deactivation');
    const [c] = admfClients;
    await assert.rejects(c!.request({ messageType: 'GetTaskDetailsRequest', xId: XA }), (e) => e instanceof X1ErrorResponseError && e.standardCode === 2020);
    const details = await c!.request({ messageType: 'GetTaskDetailsRequest', xId: XB });
    assert.ok((details.taskResponseDetails.taskStatus.amountOfX2Data ?? 0) > 0);
  });

  test('POIs refuse what is not one exact identity (3010, 3020) and untrusted peers', async () => {
    const [c] = admfClients;
    const base = { xId: '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b', deliveryType: 'X2Only' as const, listOfDIDs: [DID] };
    await assert.rejects(c!.request({ messageType: 'ActivateTaskRequest', taskDetails: { ...base, targetIdentifiers: [{ kind: 'ipv4Cidr', value: '100.64.0.0/16' }] } }), { standardCode: 3010 });
    await assert.rejects(c!.request({ messageType: 'ActivateTaskRequest', taskDetails: { ...base, targetIdentifiers: [{ kind: 'emailAddress', value: 'x@example.org' }] } }), { standardCode: 3010 });
    await assert.rejects(
      c!.request({ messageType: 'ActivateTaskRequest', taskDetails: { ...base, targetIdentifiers: [{ kind: 'e164Number', value: a1.msisdn }, { kind: 'e164Number', value: a2.msisdn }] } }),
      { standardCode: 3020 },
    );
    const mdfAsAdmf = new X1Client({ creds: creds.get('mdf')!, endpoint: netA.x1Endpoints.get('opA-ims')!, admfIdentifier: 'mdf', neIdentifier: 'opA-ims' });
    await assert.rejects(mdfAsAdmf.request({ messageType: 'ListAllDetailsRequest' }), { code: 'X1_TOP_LEVEL_ERROR' });
    mdfAsAdmf.close();
  });

  test('an unreachable destination is reported to the ADMF over X1 (ReportTaskIssue)', async () => {
    const reports: string[] = [];
    const admf = await startX1Server({
      creds: creds.get(ADMF)!, bind: { host, port: 0 }, path: '/X1/ADMF', identifier: ADMF, allowedPeers: ['opB-ims'],
      handler: { onReportTaskIssue: (r) => void reports.push(`${r.xId}:${r.taskReportType}:${r.taskIssueErrorCode ?? ''}`) },
    });
    const closed = await startX2X3Receiver({ bind: { host, port: 0 }, listener: tlsListener(creds.get('mdf')!), onPdu: () => undefined });
    const deadPort = closed.endpoint.port;
    await closed.close();
    const poi = await Poi.start({
      identifier: 'opB-ims', operatorId: 'opB', elements: ['ims'], creds: creds.get('opB-ims')!, bind: { host, port: 0 },
      admfIdentifier: ADMF, admfEndpoint: admf.endpoint, healthCheckMs: 50,
    });
    const c = new X1Client({ creds: creds.get(ADMF)!, endpoint: poi.x1Endpoint, admfIdentifier: ADMF, neIdentifier: 'opB-ims', onExchange: (ex) => x1Documents.push(ex.requestXml, ex.responseXml ?? '') });
    const xid = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
    await task(c, [{ messageType: 'CreateDestinationRequest', destinationDetails: { dId: DID, deliveryType: 'X2andX3', deliveryAddress: { kind: 'ipAddressAndPort', address: { kind: 'IPv4Address', value: host }, port: { kind: 'TCPPort', value: deadPort } } } }]);
    await task(c, [{ messageType: 'ActivateTaskRequest', taskDetails: { xId: xid, targetIdentifiers: [{ kind: 'imsi', value: b1.imsi }], deliveryType: 'X2andX3', listOfDIDs: [DID] } }]);
    sim.placeCall(b1.msisdn, a1.msisdn, { durationMs: 1000 });
    for (let t = 0; t < 5000; t += 100) poi.handle(sim.advance(100));
    assert.ok((poi.stats().byXid[xid]?.x2 ?? 0) > 0);
    await waitFor(() => reports.length > 0);
    assert.deepEqual(reports, [`${xid}:NonTerminatingFault:9020`]);
    const dest = await c.request({ messageType: 'GetDestinationDetailsRequest', dId: DID });
    assert.equal(dest.destinationResponseDetails.destinationStatus.destinationDeliveryStatus, 'deliveryFault');
    c.close();
    await poi.stop();
    await admf.close();
  });

  test('external validators: X1 documents (XSD), X2/X3 PDUs of each payload format (tshark 5gli), xIRI (asn1c)', { skip: validatorsSkipReason }, () => {
    const docs = x1Documents.filter((d) => d.length > 0);
    assert.ok(docs.length >= 10);
    for (const r of validateX1Documents(docs)) assert.equal(r.ok, true, r.stderr + r.stdout);

    const formats = [PayloadFormat.SipMessage, PayloadFormat.RtpPacket, PayloadFormat.Ts33128DefinedPayload, PayloadFormat.Ipv4Packet];
    // Spread samples per format; user-plane packets from the start of a flow (tshark follows the inner
    // TCP stream and warns about segments ACKed but not captured if the sample skips some).
    const samples = formats.flatMap((f) => {
      const all = received.filter((r) => r.pdu.payloadFormat === f);
      return f === PayloadFormat.Ipv4Packet ? all.slice(0, 4) : all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 4)) === 0).slice(0, 4);
    });
    assert.deepEqual(new Set(samples.map((s) => s.pdu.payloadFormat)), new Set(formats));
    const x2x3 = validateBytes('decode-x2x3.sh', samples.map((s, i) => ({ name: `pdu-${i}.bin`, bytes: s.pdu.raw })), ['-P']);
    assert.equal(x2x3.ok, true, x2x3.stderr + x2x3.stdout.slice(-4000));

    const xiri = received.filter((r) => r.pdu.payloadFormat === PayloadFormat.Ts33128DefinedPayload);
    const kinds = new Map<string, Uint8Array>();
    for (const r of xiri) kinds.set(decodeXIRIPayload(r.pdu.payload).event.kind, r.pdu.payload);
    assert.ok(['sMSMessage', 'locationUpdate', 'pDUSessionEstablishment', 'pDUSessionRelease'].every((k) => kinds.has(k)), [...kinds.keys()].join());
    const asn = validateBytes('decode-ps-pdu.sh', [...kinds].map(([k, b]) => ({ name: `${k}.ber`, bytes: b })), ['-t', '33128:XIRIPayload', '-c', '-o', 'null']);
    assert.equal(asn.ok, true, asn.stderr + asn.stdout);
  });
});
