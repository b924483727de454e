/**
 * SMS the synthetic network generated, on the path they take in a deployment up to the LEMF: the
 * network's own SMS arrivals (NetworkSimulation → smsFlow, texts from its SMS_TEXTS) for one target,
 * the SMSF IRI-POI's X2 PDU for each (src/network/poi/emit.ts: payload format 2, a TS 33.128 xIRI
 * SMSMessage carrying the TS 23.040 TPDU in sMSTPDUData, clause 6.2.5.3), encoded and decoded as
 * TS 103 221-2 octets, and converted by the MDF's own RecordConverter into HI2 PS-PDUs
 * (threeGPP33128DefinedIRI) ready for the harness's HI2 connection. What the console must show is
 * read from the network's events, never written here.
 */
import { createOperator, NetworkSimulation, type ServedSubscriber, type SmsEvent } from '../../src/network/index.ts';
import { draftFor, pduFor } from '../../src/network/poi/emit.ts';
import { RecordConverter } from '../../src/mediation/convert.ts';
import { EVERY_SERVICE, MediationTask } from '../../src/mediation/mediation-task.ts';
import { decodeX2X3Pdu, encodeX2X3Pdu } from '../../src/standards/x2x3/index.ts';

/** One SMS as the network's event says it happened, from the target's side. */
export interface NetworkSmsMessage {
  text: string;
  direction: 'fromTarget' | 'toTarget';
  /** The other party: the recipient of what the target sent, the originator of what it received. */
  peer: string;
  timeMs: number;
  /**
   * The target's serving cell, which the xIRI's location names (TS 33.128 SMSMessage location): the
   * network's cell id and its azimuth in the whole degrees CellSiteInformation carries (INTEGER (0..359)).
   */
  cell: { id: string; azimuth: number };
}

export interface NetworkSms {
  /** The target subscriber's identities (the task matched on its MSISDN). */
  target: { msisdn: string; imsi: string };
  messages: NetworkSmsMessage[];
  /** The HI2 PS-PDUs the MDF made of the POI's X2 PDUs, in the events' order. */
  pdus: Uint8Array[];
}

const XID = '5b0c6a3e-0d1f-4c2a-9e7b-3f1d2c4b5a60';
const POI = 'opS-5gc';

/**
 * The first `count` SMS the network delivered to or sent from its subscriber 0, taking each text once
 * (a record marked privileged is then found by its text alone), converted for `liid`. Both directions
 * occur with the fixed seed; a network change that loses one fails here rather than in the browser.
 */
export function networkSms(o: { liid: string; count: number; startTimeMs: number }): NetworkSms {
  // Three subscribers: the target, two others on the same operator; outside senders (BANK, …) as the network picks them.
  const op = createOperator({ id: 'opS', name: 'Sierra', mcc: '234', mnc: '30', countryCode: '44', msisdnPrefix: '7800', subscribers: 3, cells: 3, seed: 'console-sms', ipv4Pool: '100.66.0.0/16', cgnatPool: '203.0.113.0/26' });
  const sim = new NetworkSimulation({
    operators: [op], seed: 'console-sms', rtp: false, startTimeMs: o.startTimeMs,
    rates: { voiceCallsPerMinute: 0, videoCallsPerMinute: 0, smsPerMinute: 20, dataSessionsPerMinute: 0, locationUpdatesPerMinute: 0, reRegistrationsPerMinute: 0 },
  });
  const target = op.identities(0);
  const picked: { event: SmsEvent; served: ServedSubscriber }[] = [];
  const texts = new Set<string>();
  // Bounded: an hour of simulated traffic at 20 SMS a minute.
  for (let minute = 0; minute < 60 && picked.length < o.count; minute++) {
    for (const e of sim.advance(60_000)) {
      if (e.kind !== 'sms' || picked.length >= o.count || texts.has(e.sms.text)) continue;
      const served = e.served.find((s) => s.imsi === target.imsi);
      if (!served) continue;
      texts.add(e.sms.text);
      picked.push({ event: e, served });
    }
  }
  if (picked.length < o.count) throw new Error(`the network sent ${picked.length} SMS of distinct text for its target, ${o.count} wanted`);

  const task = { xId: XID, targetIdentifiers: [{ kind: 'e164Number' as const, value: target.msisdn }], deliveryType: 'X2andX3' as const, listOfDIDs: [] };
  const mediation = new MediationTask({ xid: XID, liid: o.liid, hiDelivery: 'HI2andHI3', startMs: o.startTimeMs - 86_400_000, endMs: Date.now() + 86_400_000, authorizationCountryCode: 'XX', serviceMask: EVERY_SERVICE, targets: `e164Number:${target.msisdn}` });
  // The MDF's sequence counters (here in memory): TS 102 232-1 §5.2.5, one run per LIID, CIN, NE and payload type.
  const counters = new Map<string, number>();
  const converter = new RecordConverter({
    operatorOf: (poi) => poi.split('-')[0] ?? poi,
    deliveryCountryCode: 'XX',
    nextSequence: (key) => {
      const n = counters.get(key) ?? 0;
      counters.set(key, n + 1);
      return n;
    },
  });
  const pdus: Uint8Array[] = [];
  const messages: NetworkSmsMessage[] = [];
  for (const [i, { event, served }] of picked.entries()) {
    const draft = draftFor(event, served, task.deliveryType);
    if (!draft) throw new Error('the POI made no X2 PDU of an SMS event');
    const timeMs = Math.floor(event.timeMs);
    const x2 = pduFor(draft, { task, target: task.targetIdentifiers[0]! }, { sequenceNumber: i, timeMs, networkFunctionId: Buffer.from('opS-smsf') });
    pdus.push(converter.convert(decodeX2X3Pdu(encodeX2X3Pdu(x2)), mediation, POI, timeMs).bytes);
    const fromTarget = event.originatorParty.imsi === target.imsi;
    messages.push({ text: event.sms.text, direction: fromTarget ? 'fromTarget' : 'toTarget', peer: fromTarget ? event.sms.recipient : event.sms.originator, timeMs, cell: { id: served.cell.id, azimuth: Math.round(served.cell.azimuthDeg) % 360 } });
  }
  if (new Set(messages.map((m) => m.direction)).size < 2) throw new Error('the network\'s SMS for the target all went one way');
  return { target: { msisdn: target.msisdn, imsi: target.imsi }, messages, pdus };
}
