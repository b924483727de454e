/**
 * The MDF guard enforces the whole warrant (issue 8 item 5), over real X1 and X2/X3 with mutual TLS on
 * 127.0.0.1: an SMS-only warrant provisioned as the ADMF does it (ServiceScoping, tasked elements) gets
 * its SMS from the tasked POI for its target delivered, and nothing else — no location, no data-session
 * IRI, no UPF content, no record from another registered POI, none for another target or naming none.
 * Each refusal is typed, counted, alarmed and audited; the task's new fields survive a restart.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { startMediation, type Mediation, type MediationAlarm } from '../../src/mediation/mdf.ts';
import { recordServiceOf } from '../../src/mediation/task-table.ts';
import { activate, createDestination, destination, hi2Did, hi3Did, mdfTask } from '../../src/provisioning/x1-messages.ts';
import type { AgencyDestinationEntry, ProvisionTask } from '../../src/provisioning/registry.ts';
import { encodeXIRIPayload, XIRI_PAYLOAD_OID } from '../../src/standards/ts33128/index.ts';
import { sampleXIRIPayloads } from '../../src/standards/ts33128/fixtures.ts';
import { XIRI_EVENT_NAMES } from '../../src/standards/ts33128/events.ts';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type X2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import { X1Client } from '../../src/wires/x1/index.ts';
import { X2X3Sender } from '../../src/wires/x2x3/sender.ts';
import { freePort, HOST, waitFor } from './restart-helpers.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

const IDS = { admf: 'admf', mdf: 'mdf', smsf: 'opa-5gc', ims: 'opa-ims' };
const TARGET = '447700900123';
let root: string;
let creds: Map<string, Credentials>;
const cred = (id: string) => creds.get(id)!;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mdf-guard-'));
  creds = await ensureDemoPki(join(root, 'pki'), Object.values(IDS));
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  audit: { type: string; subject?: string; details: Record<string, unknown> }[];
  alarms: MediationAlarm[];
}

const startMdf = (dataDir: string, run: Run) =>
  startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: IDS.mdf,
    creds: cred(IDS.mdf),
    bindHost: HOST,
    admfIdentifier: IDS.admf,
    // Both elements are registered: registration alone must not let one send for the other's tasks.
    allowedPois: [IDS.smsf, IDS.ims],
    dataDir,
    audit: { append: (e) => Promise.resolve(run.audit.push(e)) },
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
    onAlarm: (a) => run.alarms.push(a),
  });

/** The ADMF's X1 to the MDF: HI2/HI3 destinations, then the task with ServiceScoping and its elements. */
async function provision(mdf: Mediation, t: ProvisionTask, elements: string[]): Promise<void> {
  const dest: AgencyDestinationEntry = { id: t.destinationId, agencyId: 'agency', hi2: { host: HOST, port: await freePort() }, hi3: { host: HOST, port: await freePort() } };
  const x1 = new X1Client({ creds: cred(IDS.admf), endpoint: mdf.x1Endpoint, admfIdentifier: IDS.admf, neIdentifier: IDS.mdf });
  try {
    await x1.request(createDestination(destination(hi2Did(dest), 'HI2', 'X2Only', dest.hi2)));
    await x1.request(createDestination(destination(hi3Did(dest), 'HI3', 'X3Only', dest.hi3)));
    await x1.request(activate(mdfTask(t, dest, elements)));
  } finally {
    x1.close();
  }
}

const event = (kind: string) => sampleXIRIPayloads.find((p) => p.event.kind === kind)!.event;
const xiri = (kind: string) => encodeXIRIPayload({ xIRIPayloadOID: XIRI_PAYLOAD_OID, event: event(kind) });
const matched = (msisdn: string) => ({ kind: 'matchedTargetIdentifier' as const, value: `<e164Number>${msisdn}</e164Number>` });
type Attr = X2X3Pdu['attributes'][number];

function pdu(xid: string, pduType: PduType, payloadFormat: number, payload: Uint8Array, attributes: Attr[]): X2X3Pdu {
  const ms = Date.now();
  const ts: Attr = { kind: 'timestamp', value: { seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1_000_000 } };
  return { version: X2X3_VERSION, pduType, payloadFormat, payloadDirection: PayloadDirection.Unknown, xid, correlationId: 0n, attributes: [ts, ...attributes], payload };
}

async function send(poi: string, mdf: Mediation, pdus: X2X3Pdu[], until: () => boolean): Promise<void> {
  const s = new X2X3Sender({ endpoint: mdf.x2x3Endpoint, connector: tlsConnector(cred(poi)) });
  s.start();
  try {
    await waitFor(`${poi} to connect`, () => s.connected);
    for (const p of pdus) s.send(p);
    await waitFor('the MDF to take every PDU', until);
  } finally {
    await s.stop();
  }
}

test('every TS 33.128 xIRI sample is classified by the service its XIRIEvent belongs to', () => {
  const want: Record<string, string> = {
    registration: 'location', deregistration: 'location', locationUpdate: 'location', startOfInterceptionWithRegisteredUE: 'location', unsuccessfulAMProcedure: 'location',
    pDUSessionEstablishment: 'data', pDUSessionModification: 'data', pDUSessionRelease: 'data', startOfInterceptionWithEstablishedPDUSession: 'data', unsuccessfulSMProcedure: 'data',
    sMSMessage: 'sms',
  };
  // The table in task-table.ts is by tag number: the tag of each name is XIRI_EVENT_NAMES'.
  for (const [name, service] of Object.entries(want)) assert.ok(Object.values(XIRI_EVENT_NAMES).includes(name), `${name} (${service}) is an XIRIEvent`);
  let checked = 0;
  for (const p of sampleXIRIPayloads) {
    const got = recordServiceOf(pdu(randomUUID(), PduType.X2, PayloadFormat.Ts33128DefinedPayload, encodeXIRIPayload(p), []));
    if (want[p.event.kind] === undefined) continue;
    assert.equal(got, want[p.event.kind], p.event.kind);
    checked++;
  }
  assert.ok(checked >= 11, 'the samples cover every AMF, SMF and SMSF event the POIs send');
  assert.equal(recordServiceOf(pdu(randomUUID(), PduType.X3, PayloadFormat.RtpPacket, rtpPacket(1), [])), 'voice');
  assert.equal(recordServiceOf(pdu(randomUUID(), PduType.X3, PayloadFormat.Ipv4Packet, ipv4UdpPacket(rtpPacket(1)), [])), 'data');
  assert.equal(recordServiceOf(pdu(randomUUID(), PduType.X2, PayloadFormat.SipMessage, Buffer.from('MESSAGE sip:a@b SIP/2.0\r\n'), [])), 'sms');
  assert.equal(recordServiceOf(pdu(randomUUID(), PduType.X2, PayloadFormat.SipMessage, Buffer.from('INVITE sip:a@b SIP/2.0\r\n'), [])), 'voice');
  assert.equal(recordServiceOf(pdu(randomUUID(), PduType.X2, PayloadFormat.Ts33128DefinedPayload, Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), [])), undefined);
});

test('an SMS-only warrant: only its SMS, from its POI, for its target, reach delivery; the rest is refused, counted, alarmed, audited', { timeout: 120_000 }, async () => {
  const dataDir = join(root, 'sms-only', 'mdf');
  const run: Run = { audit: [], alarms: [] };
  const task: ProvisionTask = {
    xid: randomUUID(), liid: 'LIID-GUARD-SMS', warrantId: 'W-GUARD', warrantHash: 'd'.repeat(64), operatorId: 'opa',
    target: { kind: 'e164Number', value: TARGET }, deliveryType: 'X2andX3', services: ['sms'],
    start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString(), destinationId: 'agency-1',
  };
  let mdf = await startMdf(dataDir, run);
  try {
    await provision(mdf, task, [IDS.smsf]);
    const x = task.xid;
    const ok = () => pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('sMSMessage'), [matched(TARGET)]);
    const fromSmsf = [
      ok(),
      pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('locationUpdate'), [matched(TARGET)]),
      pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('pDUSessionEstablishment'), [matched(TARGET)]),
      pdu(x, PduType.X3, PayloadFormat.Ipv4Packet, ipv4UdpPacket(rtpPacket(1)), [matched(TARGET)]),
      pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('sMSMessage'), [matched('447700900999')]),
      pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('sMSMessage'), []),
      pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('sMSMessage'), [{ kind: 'matchedTargetIdentifier', value: 'not an identifier' }]),
      ok(),
    ];
    await send(IDS.smsf, mdf, fromSmsf, () => mdf.stats().received >= fromSmsf.length);
    await send(IDS.ims, mdf, [ok(), ok()], () => mdf.stats().received >= fromSmsf.length + 2);

    assert.deepEqual(mdf.stats().refused, { MDF_SERVICE_NOT_WARRANTED: 3, MDF_TARGET_MISMATCH: 3, MDF_POI_NOT_TASKED: 2 });
    assert.equal(mdf.stats().received, 10, 'two SMS records passed the guard');
    for (const code of ['MDF_SERVICE_NOT_WARRANTED', 'MDF_TARGET_MISMATCH', 'MDF_POI_NOT_TASKED']) {
      assert.ok(run.alarms.some((a) => a.code === code && a.xid === x), `${code} alarmed`);
    }
    assert.ok(run.alarms.some((a) => a.code === 'MDF_POI_NOT_TASKED' && a.poi === IDS.ims), 'the untasked POI is named');
    await waitFor('the refusals to be audited', () => run.audit.filter((e) => e.type === 'mdf.record-refused').length >= 3, 5000);
    const audited = (code: string) => run.audit.filter((e) => e.type === 'mdf.record-refused' && e.details.code === code).reduce((n, e) => n + Number(e.details.count), 0);
    assert.equal(audited('MDF_SERVICE_NOT_WARRANTED'), 3);
    assert.equal(audited('MDF_TARGET_MISMATCH'), 3);
    assert.equal(audited('MDF_POI_NOT_TASKED'), 2);

    // The task's services, elements and targets come back from the state file after a restart.
    await mdf.stop();
    mdf = await startMdf(dataDir, run);
    const [restored] = mdf.tasks();
    assert.deepEqual([...(restored?.services ?? [])], ['sms']);
    assert.deepEqual(restored?.taskedPois, [IDS.smsf]);
    await send(IDS.ims, mdf, [ok()], () => mdf.stats().received >= 1);
    await send(IDS.smsf, mdf, [pdu(x, PduType.X2, PayloadFormat.Ts33128DefinedPayload, xiri('registration'), [matched(TARGET)]), ok()], () => mdf.stats().received >= 3);
    assert.deepEqual(mdf.stats().refused, { MDF_POI_NOT_TASKED: 1, MDF_SERVICE_NOT_WARRANTED: 1 });
  } finally {
    await mdf.stop();
  }
});
