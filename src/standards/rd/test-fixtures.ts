/** One sample of every RetainedDataMessage payload the codec implements, and the five request types (tests only). */
import type { RetainedDataMessageInput } from './message.ts';
import { buildExactRequest, type ExactRdRequest } from './request.ts';
import { furtherInformation } from './categorised-errors.ts';
import { encodeTbcd } from './tbcd.ts';
import type { RetainedDataHeader, RetainedDataPayload } from './types-message.ts';

export const T0 = new Date('2026-03-01T00:00:00Z');
export const T1 = new Date('2026-03-02T00:00:00Z');
const header: RetainedDataHeader = {
  requestID: { countryCode: 'GB', authorisedOrganisationID: 'MET-POLICE', requestNumber: 'PO-2026-0001', externalIdentifier: 'order-7f3a' },
  cSPID: 'operator-a',
  timeStamp: new Date('2026-03-03T10:15:30.250Z'),
};
const base = { requestID: { countryCode: 'GB', authorisedOrganisationID: 'MET-POLICE', requestNumber: 'PO-2026-0001' }, cSPID: 'operator-a', timeStamp: T1 };

export const exactRequests: ExactRdRequest[] = [
  { ...base, category: 'subscriber', identifier: { kind: 'msisdn', value: '+44 7700 900123' }, period: { start: T0, end: T1 } },
  { ...base, category: 'calls', identifier: { kind: 'msisdn', value: '447700900123' }, period: { start: T0, end: T1 } },
  { ...base, category: 'sms', identifier: { kind: 'imsi', value: '234150000000001' }, period: { start: T0, end: T1 } },
  { ...base, category: 'dataSessions', identifier: { kind: 'imsi', value: '234150000000001' }, period: { start: T0, end: T1 } },
  { ...base, category: 'location', identifier: { kind: 'msisdn', value: '447700900123' }, period: { start: T0, end: T1 } },
  { ...base, category: 'equipment', identifier: { kind: 'imei', value: '49015420323751' }, period: { start: T0, end: T1 } },
  { ...base, category: 'equipment', identifier: { kind: 'msisdn', value: '447700900123' }, period: { start: T0, end: T1 } },
  { ...base, category: 'ipSubscriber', identifier: { kind: 'ip', address: '203.0.113.7', at: new Date('2026-03-01T12:00:00Z'), port: 40001 } },
  { ...base, category: 'ipSubscriber', identifier: { kind: 'ip', address: '2001:db8::7', at: new Date('2026-03-01T12:00:00Z') } },
];

const msisdn = '447700900123';
const imsi = encodeTbcd('234150000000001');
const imei = encodeTbcd('490154203237518');
const cell = Uint8Array.of(0x32, 0xf4, 0x51, 0x00, 0x01, 0x00, 0x2a);

/** Response records: subscriber, call, SMS, location, equipment, data session with CGNAT, e-mail transmission. */
const responsePayload: RetainedDataPayload = {
  responseMessage: {
    responseStatus: { responseComplete: null },
    responsePayload: [
      {
        recordNumber: 1,
        recordPayload: {
          telephonyRecord: {
            telephonySubscriber: {
              subscriberID: 'acct-1001',
              genericSubscriberInfo: {
                individualInfo: {
                  name: { surname: 'Ørsted', firstname: 'Anna' },
                  contactAddress: { address: { buildingNumber: '10', streetName: 'Example Road', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' } },
                  dateOfBirth: new Date('1990-05-04T00:00:00Z'),
                  gender: 'female',
                },
                contracts: [{ contractNumber: 'C-1', timeSpan: { startTime: new Date('2024-01-01T00:00:00Z') } }],
              },
              subscribedTelephonyServices: [
                {
                  serviceID: 'mobile',
                  timeSpan: { startTime: new Date('2024-01-01T00:00:00Z') },
                  registeredNumbers: [msisdn],
                  iMSI: imsi,
                  iMEI: [imei],
                  subscriptionType: 'postpay',
                  carrierPreselect: false,
                  registeredICCIDs: [{ iCCID: '8944000000000000001', iMSI: imsi }],
                },
              ],
            },
          },
        },
      },
      {
        recordNumber: 2,
        recordPayload: {
          telephonyRecord: {
            telephonyServiceUsage: {
              partyInformation: [
                { partyRole: 'originating-Party', partyNumber: msisdn, iMSI: imsi, iMEI: imei, locations: [{ telephonyNetworkID: cell, timeSpan: { startTime: T0 }, detailedLocation: { cellInformation: { globalCellID: cell, gsmLocation: { geoCoordinatesDec: { latitudeDec: 'N51.50100000', longitudeDec: 'W0.14190000', mapDatum: 'wGS84', azimuth: 120 } } }, transmitterDetails: { technology: 'eUTRAN', range: 1500 } } }] },
                { partyRole: 'terminating-Party', partyNumber: '447700900456' },
              ],
              communicationTime: { startTime: T0, endTime: new Date('2026-03-01T00:02:05Z'), durationTime: 125 },
              endReason: 16,
              communicationType: 'telephonyWirelessCS',
              bearerService: 'speech',
              ringDuration: 4,
            },
          },
        },
        additionalInformation: { otherInformation: 'ground truth: synthetic network' },
      },
      {
        recordNumber: 3,
        recordPayload: {
          telephonyRecord: {
            telephonyServiceUsage: {
              partyInformation: [{ partyRole: 'smsOriginator', partyNumber: msisdn }, { partyRole: 'smsRecipient', partyNumber: '447700900456' }],
              communicationTime: { startTime: T0 },
              communicationType: 'sMS',
              smsInformation: { smsEvent: 'shortMessage', smsType: 'submitMStoSC' },
            },
          },
        },
      },
      { recordNumber: 4, recordPayload: { telephonyRecord: { telephonyDevice: { deviceIDType: 'imei', telephonyDeviceID: imei, subscriberID: 'acct-1001' } } } },
      {
        recordNumber: 5,
        recordPayload: {
          networkAccess: {
            naServiceUsage: {
              naAccessTime: T0,
              nwAccessType: 'mobilePacketData',
              naStatus: 'succeeded',
              interval: { startTime: T0, endTime: T1 },
              naAssignedAddress: [
                { addressSetOrRangeOrMask: { set: [{ iPv4BinaryAddress: Uint8Array.of(100, 64, 0, 9) }] }, addressType: 'internal' },
                { addressSetOrRangeOrMask: { set: [{ iPv4BinaryAddress: Uint8Array.of(203, 0, 113, 7) }] }, addressType: 'external' },
              ],
              location: { eCGI: Uint8Array.of(0x32, 0xf4, 0x51, 0, 0, 0, 1, 0x2a), locationInformationSource: 'network' },
              gprsInformation: { iMSI: imsi, mSISDN: msisdn },
              octetsDownloaded: 123456789,
              octetsUploaded: 4567,
              endReason: 'userDisconnect',
              addressTranslationRecords: [
                {
                  validity: { startTime: T0, endTime: T1 },
                  privateIPAddress: { iPv4BinaryAddress: Uint8Array.of(100, 64, 0, 9) },
                  publicIPAddress: { iPv4BinaryAddress: Uint8Array.of(203, 0, 113, 7) },
                  publicPort: { portRange: [{ lowerBound: 40000, upperBound: 40063 }] },
                  connectionType: 'tcp',
                },
              ],
            },
          },
        },
      },
      { recordNumber: 6, recordPayload: { networkAccess: { naSubscriber: { subscriberID: 'acct-1001', naSubscriptions: [{ imsi, mSISDNs: [msisdn], sUPI: { iMSI: imsi }, gPSI: { mSISDN: msisdn }, fixIpAddress: { iPv6BinaryAddress: new Uint8Array(16).fill(0x20) } }] } } } },
      { recordNumber: 7, recordPayload: { networkAccess: { naDevice: { naDeviceId: 'dev-1', imei, location: { tAI: Uint8Array.of(0x32, 0xf4, 0x51, 0, 0, 1) } } } } },
      { recordNumber: 8, recordPayload: { messageRecord: { msgServiceUsage: { msgTransmission: { dateTime: T0, senderAddress: 'a@example.org', recipients: ['b@example.org'], deliveryStatus: 'succeeded', protocol: 'smtp', clientID: { iPTextAddress: '192.0.2.10' } } } } } },
    ],
    responseNumber: 1,
    numberOfRecordsFound: 8,
  },
};

/** name → message, one per payload kind (and the five request types from the builder). */
export function sampleMessages(): [string, RetainedDataMessageInput][] {
  const m = (p: RetainedDataPayload, extra: Partial<RetainedDataMessageInput> = {}): RetainedDataMessageInput => ({ retainedDataHeader: header, retainedDataPayload: p, ...extra });
  return [
    ...exactRequests.map((r, i): [string, RetainedDataMessageInput] => [`request-${r.category}-${i}`, buildExactRequest(r)]),
    ['requestAcknowledgement', m({ requestAcknowledgement: { suggestedCompletionTime: T1 } })],
    ['responseMessage', m(responsePayload, { retainedDataDigest: Uint8Array.of(1, 2, 3, 4) })],
    ['responseIncomplete', m({ responseMessage: { responseStatus: { responseIncomplete: null }, responsePayload: [] } })],
    ['responseUnavailable', m({ responseMessage: { responseStatus: { responseUnavailable: null } } })],
    ['responseFailed', m({ responseMessage: { responseStatus: { responseFailed: furtherInformation('outsideOrder', 'period beyond the production order') } } })],
    ['responseAcknowledgement', m({ responseAcknowledgement: { acknowledgeCompleteResults: null } })],
    ['responseAcknowledgementNumber', m({ responseAcknowledgement: { acknowledgePartialResultsNumber: 3 } })],
    ['errorMessage', m({ errorMessage: furtherInformation('notExact', 'isAMemberOf is refused', 'rdhi-desk@operator-a.example') })],
    ['cancelMessage', m({ cancelMessage: null })],
    ['cancelAcknowledgement', m({ cancelAcknowledgement: null })],
    ['getstatusMessage', m({ getstatusMessage: { requestNumbers: ['PO-2026-0001', 'PO-2026-0002'] } }, { retainedDataHeader: { ...header, requestID: { countryCode: 'GB', authorisedOrganisationID: 'MET-POLICE' } } })],
    ['statusMessage', m({ statusMessage: { statusResponse: [{ requestNumber: 'PO-2026-0001', requestStatus: { ready: null } }, { requestNumber: 'PO-2026-0002', requestStatus: { error: furtherInformation('unknownRequest', 'no such request') } }] } })],
    ['getResultsMessage', m({ getResultsMessage: null })],
  ];
}
