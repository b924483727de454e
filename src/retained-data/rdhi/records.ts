/**
 * The operator's rows as TS 102 657 records (Annex B.3 telephony, Annex E network access), one
 * RetainedDataRecord per row, in the shapes the request types of docs/rd.md ask for:
 * - subscriber: TelephonySubscriber with the person, address, contract and the service's numbers,
 *   IMSI (TBCD, "as per 3GPP TS 09.02") and time span;
 * - equipment: one TelephonySubscriber per IMEI↔IMSI/MSISDN period (SubscribedTelephonyServices
 *   timeSpan, registeredNumbers, iMSI, iMEI — the fields the request's requestedData names);
 * - calls / SMS: TelephonyServiceUsage, the served party first (role, number, IMSI, IMEI, cell);
 * - location: TelephonyServiceUsage with the served party's location only (§B.3 TelephonyLocation);
 * - data sessions and IP lookups: NAServiceUsage with the assigned addresses and, behind CGNAT, the
 *   AddressTranslationRecord (public address and port block, Annex E).
 * Nothing here selects rows: what reaches this file was already limited to the order's scope.
 */
import { isIPv4 } from 'node:net';
import { encodeTbcd, type ResponseRecord, type RetainedDataRecord } from '../../standards/rd/index.ts';
import type { RetainedAnswer } from '../store.ts';
import type { CallRecord, DataSessionRecord, EquipmentRecord, LocationRecord, SmsRecord, SubscriberRecord } from '../types.ts';

type TelephonyRecordValue = NonNullable<Extract<RetainedDataRecord, { telephonyRecord: unknown }>['telephonyRecord']>;
type TelephonyParty = NonNullable<Extract<TelephonyRecordValue, { telephonyServiceUsage: unknown }>['telephonyServiceUsage']['partyInformation']>[number];
type Ip = NonNullable<NonNullable<Extract<Extract<RetainedDataRecord, { networkAccess: unknown }>['networkAccess'], { naServiceUsage: unknown }>['naServiceUsage']['naAssignedAddress']>[number]['addressSetOrRangeOrMask']>;
type IpAddress = Extract<Ip, { set: unknown }>['set'][number];

const at = (ms: number) => new Date(ms);
const tbcd = (digits: string) => encodeTbcd(digits);
/** GeoCoordinatesDec, TS 102 657 Annex B: hemisphere letter and decimal degrees (SIZE 3..12 / 4..13). */
const latDec = (v: number) => `${v < 0 ? 'S' : 'N'}${Math.abs(v).toFixed(6)}`;
const lonDec = (v: number) => `${v < 0 ? 'W' : 'E'}${Math.abs(v).toFixed(6)}`;

function ipAddress(text: string): IpAddress {
  if (isIPv4(text)) return { iPv4BinaryAddress: Uint8Array.from(text.split('.').map(Number)) };
  return { iPTextAddress: text };
}

function servedParty(r: CallRecord | SmsRecord | LocationRecord, role: TelephonyParty['partyRole'], whenMs: number): TelephonyParty {
  return {
    ...(role === undefined ? {} : { partyRole: role }),
    partyNumber: r.msisdn,
    iMSI: tbcd(r.imsi),
    iMEI: tbcd(r.imei),
    locations: [
      {
        telephonyNetworkID: new TextEncoder().encode(r.cellId),
        timeSpan: { startTime: at(whenMs) },
        detailedLocation: { cellInformation: { gsmLocation: { geoCoordinatesDec: { latitudeDec: latDec(r.latitude), longitudeDec: lonDec(r.longitude), mapDatum: 'wGS84' } } } },
      },
    ],
  };
}

function subscriber(s: SubscriberRecord): RetainedDataRecord {
  const span = { startTime: at(s.contractStartMs), ...(s.contractEndMs === undefined ? {} : { endTime: at(s.contractEndMs) }) };
  return {
    telephonyRecord: {
      telephonySubscriber: {
        subscriberID: s.imsi,
        genericSubscriberInfo: {
          individualInfo: {
            name: { surname: s.familyName, firstname: s.givenName },
            contactAddress: { address: { streetName: s.street, city: s.city, postalCode: s.postcode, country: s.country } },
          },
          contracts: [{ timeSpan: span }],
        },
        subscribedTelephonyServices: [{ serviceID: 'mobile', timeSpan: span, registeredNumbers: [s.msisdn], iMSI: tbcd(s.imsi) }],
      },
    },
  };
}

function equipment(e: EquipmentRecord): RetainedDataRecord {
  const span = { startTime: at(e.fromMs), ...(e.toMs === undefined ? {} : { endTime: at(e.toMs) }) };
  return { telephonyRecord: { telephonySubscriber: { subscriberID: e.imsi, subscribedTelephonyServices: [{ timeSpan: span, registeredNumbers: [e.msisdn], iMSI: tbcd(e.imsi), iMEI: [tbcd(e.imei)] }] } } };
}

function call(c: CallRecord): RetainedDataRecord {
  const served = servedParty(c, c.direction === 'originating' ? 'originating-Party' : 'terminating-Party', c.startMs);
  const other: TelephonyParty = { partyRole: c.direction === 'originating' ? 'terminating-Party' : 'originating-Party', partyNumber: c.otherParty };
  const begin = c.answerMs ?? c.startMs;
  return {
    telephonyRecord: {
      telephonyServiceUsage: {
        partyInformation: [served, other],
        communicationTime: { startTime: at(begin), endTime: at(c.endMs), durationTime: c.answerMs === undefined ? 0 : Math.round((c.endMs - c.answerMs) / 1000) },
        communicationType: 'telephonyWirelessCS',
        // TS 102 657 has no video bearer; a video call's bearer is data.
        bearerService: c.media === 'voice' ? 'speech' : 'data',
        ...(c.answerMs === undefined ? {} : { ringDuration: Math.round((c.answerMs - c.startMs) / 1000) }),
      },
    },
  };
}

function sms(s: SmsRecord): RetainedDataRecord {
  const mo = s.direction === 'MO';
  return {
    telephonyRecord: {
      telephonyServiceUsage: {
        partyInformation: [servedParty(s, mo ? 'smsOriginator' : 'smsRecipient', s.atMs), { partyRole: mo ? 'smsRecipient' : 'smsOriginator', partyNumber: s.otherParty }],
        communicationTime: { startTime: at(s.atMs) },
        communicationType: 'sMS',
        smsInformation: { smsEvent: 'shortMessage', smsType: mo ? 'submitMStoSC' : 'deliverSCtoMS' },
      },
    },
  };
}

function location(l: LocationRecord): RetainedDataRecord {
  return { telephonyRecord: { telephonyServiceUsage: { partyInformation: [servedParty(l, undefined, l.atMs)], communicationTime: { startTime: at(l.atMs) } } } };
}

function dataSession(d: DataSessionRecord): RetainedDataRecord {
  const interval = { startTime: at(d.startMs), endTime: at(d.endMs) };
  const addresses = [{ addressSetOrRangeOrMask: { set: [ipAddress(d.ueIp)] }, addressType: d.nat ? ('internal' as const) : ('external' as const) }];
  if (d.nat) addresses.push({ addressSetOrRangeOrMask: { set: [ipAddress(d.nat.publicIp)] }, addressType: 'external' as const });
  return {
    networkAccess: {
      naServiceUsage: {
        naAccessTime: at(d.startMs),
        nwAccessType: 'mobilePacketData',
        naStatus: 'succeeded',
        interval,
        naAssignedAddress: addresses,
        gprsInformation: { iMSI: tbcd(d.imsi), mSISDN: d.msisdn },
        ...(d.nat
          ? {
              addressTranslationRecords: [
                { validity: interval, privateIPAddress: ipAddress(d.ueIp), publicIPAddress: ipAddress(d.nat.publicIp), publicPort: { portRange: [{ lowerBound: d.nat.portStart, upperBound: d.nat.portEnd }] } },
              ],
            }
          : {}),
      },
    },
  };
}

/** The answer's rows as numbered ResponseRecords (§8.4.3.3: RecordNumber starts from zero for each HI-B set). */
export function answerRecords(a: RetainedAnswer): ResponseRecord[] {
  const payloads: RetainedDataRecord[] = (() => {
    switch (a.category) {
      case 'subscriber':
        return a.subscribers.map(subscriber);
      case 'equipment':
        return a.equipment.map(equipment);
      case 'calls':
        return a.calls.map(call);
      case 'sms':
        return a.sms.map(sms);
      case 'location':
        return a.locations.map(location);
      case 'dataSessions':
        return a.dataSessions.map(dataSession);
      case 'ipSubscriber':
        return a.answer === undefined ? [] : [...a.answer.subscribers.map(subscriber), ...a.answer.sessions.map(dataSession)];
    }
  })();
  return payloads.map((recordPayload, i) => ({ recordNumber: i, recordPayload }));
}
