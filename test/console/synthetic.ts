/** Generated LEMF records (deterministic) for the kill -9 test: SMS, locations, RTP, in the LEMF's shape. */
import type { MonitoringRecord } from '../../src/monitoring/index.ts';

export const SYNTHETIC_LIID = 'LIID-KILL-1';
const T0 = Date.parse('2026-11-25T08:00:00.000Z');

export function syntheticRecords(n: number, liid = SYNTHETIC_LIID): MonitoringRecord[] {
  const out: MonitoringRecord[] = [];
  for (let id = 0; id < n; id++) {
    const at = new Date(T0 + id * 37).toISOString();
    const base = { id, liid, sequenceNumber: id, element: 0, timeStamp: at, receivedAt: at, operator: 'opA', peer: 'mdf', inSequence: true, evidence: { file: 'hi2.ber' as const, offset: id * 100, length: 100 } };
    if (id % 3 === 0) out.push({ ...base, channel: 'HI2', cin: 7, kind: 'sms', iriType: 'REPORT', identities: ['e164Number:447700900123', `e164Number:4477009${String(id % 50).padStart(5, '0')}`], summary: { kind: 'sms', event: 'sMSMessage', text: `message ${id}`, smsDirection: 'fromTarget', originator: '447700900123', recipient: `4477009${String(id % 50).padStart(5, '0')}` } });
    else if (id % 3 === 1) out.push({ ...base, channel: 'HI2', cin: 8, kind: 'location', iriType: 'REPORT', identities: ['imsi:234150000000123'], summary: { kind: 'location', event: 'locationUpdate', location: { cellId: `234-15-${(id % 20).toString(16).padStart(9, '0')}`, latitude: 51.5 + (id % 20) / 1000, longitude: -0.13 } } });
    else out.push({ ...base, channel: 'HI3', cin: 9, kind: 'call-content', direction: 'fromTarget', identities: [], summary: { kind: 'call-content', ssrc: 1, rtpSequence: id & 0xffff, rtpTimestamp: id * 160, payloadType: 0, media: Buffer.alloc(160, id & 0xff).toString('base64') } });
  }
  return out;
}
