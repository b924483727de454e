/**
 * What a synthetic operator keeps about its own traffic — the records an operator's charging and
 * mobility functions write (call detail records, SMS records, PDU session records with their CGNAT
 * binding, location history) — built from the network's events, and its subscriber register.
 * The network role hands these to the operator's retained-data store (src/retained-data); the
 * shapes match that store's record types field for field (checked where the role joins them).
 * Only this operator's served subscribers are recorded: the other party of an inter-operator call
 * appears as `otherParty`, as in a real CDR.
 */
import type { NetworkEvent, ServedSubscriber, SipEvent } from './events.ts';
import type { Operator } from './subscribers.ts';

interface Served { msisdn: string; imsi: string; imei: string; cellId: string; latitude: number; longitude: number }
export interface CallRecordOut extends Served { callId: string; direction: 'originating' | 'terminating'; otherParty: string; media: 'voice' | 'video'; startMs: number; answerMs?: number; endMs: number; sipStatus: number }
export interface SmsRecordOut extends Served { direction: 'MO' | 'MT'; otherParty: string; atMs: number }
export interface DataSessionRecordOut extends Served { pduSessionId: number; dnn: string; ueIp: string; nat?: { publicIp: string; portStart: number; portEnd: number }; startMs: number; endMs: number }
export interface LocationRecordOut extends Served { atMs: number; event: 'location-update' | 'registration' | 'deregistration'; tac: number }
export interface SubscriberRecordOut { msisdn: string; imsi: string; givenName: string; familyName: string; street: string; city: string; postcode: string; country: string; contractStartMs: number; contractEndMs?: number }
export interface EquipmentRecordOut { imei: string; imsi: string; msisdn: string; fromMs: number; toMs?: number }

export interface OperatorRecords {
  subscribers?: SubscriberRecordOut[];
  equipment?: EquipmentRecordOut[];
  calls?: CallRecordOut[];
  sms?: SmsRecordOut[];
  dataSessions?: DataSessionRecordOut[];
  locations?: LocationRecordOut[];
}

const GIVEN = ['Amelia', 'Oliver', 'Aisha', 'Mohammed', 'Sofia', 'Noah', 'Fatima', 'Leo', 'Chloe', 'Ibrahim', 'Grace', 'Arjun', 'Maya', 'Hamza', 'Zara', 'Jacob'];
const FAMILY = ['Smith', 'Khan', 'Jones', 'Patel', 'Williams', 'Ahmed', 'Brown', 'Taylor', 'Hussain', 'Davies', 'Evans', 'Ali', 'Wilson', 'Thomas', 'Roberts', 'Shah'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Mill Road', 'Queens Road', 'Victoria Street', 'Green Lane'];
const DAY_MS = 86_400_000;
/** Contracts are dated back from this day (or from the simulation's start, if earlier). */
const REGISTER_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * The operator's subscriber register and handset history (synthetic, a pure function of the index):
 * each contract started 30 days to ~5 years before 2026-01-01 (or `atMs`, if earlier) and is running; the handset (IMEI) has
 * been used with the SIM since the contract started (the simulation has no handset swaps).
 */
export function subscriberRecords(operator: Operator, atMs: number, from = 0, to = operator.size): { subscribers: SubscriberRecordOut[]; equipment: EquipmentRecordOut[] } {
  const subscribers: SubscriberRecordOut[] = [];
  const equipment: EquipmentRecordOut[] = [];
  for (let i = from; i < Math.min(to, operator.size); i++) {
    const ids = operator.identities(i);
    const h = (Math.imul(i + 1, 0x9e3779b1) ^ (i >>> 7)) >>> 0;
    // Midnight UTC, counted back from a fixed date (or `atMs` if earlier): the same contract whenever
    // the role (re)starts, so the idempotent write adds nothing on a restart another day.
    const contractStartMs = Math.floor(Math.min(atMs, REGISTER_EPOCH_MS) / DAY_MS) * DAY_MS - (30 + (h % 1800)) * DAY_MS;
    subscribers.push({
      msisdn: ids.msisdn, imsi: ids.imsi, givenName: GIVEN[h % GIVEN.length]!, familyName: FAMILY[(h >>> 4) % FAMILY.length]!,
      street: `${1 + ((h >>> 8) % 200)} ${STREETS[(h >>> 16) % STREETS.length]!}`, city: 'London', postcode: `E${1 + ((h >>> 3) % 20)} ${(h >>> 12) % 10}AB`, country: 'GB',
      contractStartMs,
    });
    equipment.push({ imei: ids.imei, imsi: ids.imsi, msisdn: ids.msisdn, fromMs: contractStartMs });
  }
  return { subscribers, equipment };
}

/** Records keep whole milliseconds (the simulation's clock has fractions). */
const ms = (t: number): number => Math.floor(t);
const served = (s: ServedSubscriber): Served => ({ msisdn: s.msisdn, imsi: s.imsi, imei: s.imei, cellId: s.cell.id, latitude: s.cell.latitude, longitude: s.cell.longitude });

interface PendingCall { record: Omit<CallRecordOut, 'endMs' | 'sipStatus'>; }
interface PendingSession { record: Omit<DataSessionRecordOut, 'endMs'> }

/**
 * Turns one operator's events into records. Calls and data sessions are recorded when they end
 * (a CDR is closed at release): until then they are pending here, in memory.
 */
export class OperatorRecorder {
  readonly operatorId: string;
  readonly #calls = new Map<string, PendingCall>();
  readonly #sessions = new Map<string, PendingSession>();

  constructor(operatorId: string) {
    this.operatorId = operatorId;
  }

  /** Calls and data sessions begun and not yet ended. */
  get pending(): number {
    return this.#calls.size + this.#sessions.size;
  }

  /** The records completed by these events. */
  add(events: readonly NetworkEvent[]): Required<Pick<OperatorRecords, 'calls' | 'sms' | 'dataSessions' | 'locations'>> {
    const out = { calls: [] as CallRecordOut[], sms: [] as SmsRecordOut[], dataSessions: [] as DataSessionRecordOut[], locations: [] as LocationRecordOut[] };
    for (const e of events) {
      if (e.operatorId !== this.operatorId) continue;
      switch (e.kind) {
        case 'sip':
          for (const s of e.served) this.#sip(e, s, out.calls);
          break;
        case 'sms':
          for (const s of e.served) out.sms.push({ ...served(s), direction: e.sms.direction, otherParty: e.sms.direction === 'MO' ? e.sms.recipient : e.sms.originator, atMs: ms(e.timeMs) });
          break;
        case 'pdu-session-establishment':
          for (const s of e.served) {
            const record: PendingSession['record'] = { ...served(s), pduSessionId: e.pduSessionId, dnn: e.dnn, ueIp: e.ueIpv4, startMs: ms(e.timeMs) };
            if (e.nat) record.nat = { publicIp: e.nat.publicIpv4, portStart: e.nat.portStart, portEnd: e.nat.portEnd };
            this.#sessions.set(`${e.correlationId}|${s.imsi}`, { record });
          }
          break;
        case 'pdu-session-release':
          for (const s of e.served) {
            const key = `${e.correlationId}|${s.imsi}`;
            const p = this.#sessions.get(key);
            if (!p) continue;
            this.#sessions.delete(key);
            out.dataSessions.push({ ...p.record, endMs: ms(e.timeMs) });
          }
          break;
        case 'location-update':
        case 'registration':
        case 'deregistration':
          for (const s of e.served) out.locations.push({ ...served(s), atMs: ms(e.timeMs), event: e.kind, tac: e.cell.tac });
          break;
        default:
          break; // RTP and user-plane packets are content, not retained
      }
    }
    return out;
  }

  #sip(e: SipEvent, s: ServedSubscriber, done: CallRecordOut[]): void {
    const key = `${e.callId}|${s.imsi}`;
    if (e.sipMethod === 'INVITE' && e.sipStatus === undefined) {
      const originating = s.msisdn === e.caller.msisdn;
      this.#calls.set(key, { record: { ...served(s), callId: e.callId, direction: originating ? 'originating' : 'terminating', otherParty: originating ? e.callee.msisdn : e.caller.msisdn, media: e.media, startMs: ms(e.timeMs) } });
      return;
    }
    const p = this.#calls.get(key);
    if (!p) return;
    if (e.sipMethod === 'INVITE' && e.sipStatus === 200) p.record.answerMs = ms(e.timeMs);
    else if (e.sipMethod === 'INVITE' && e.sipStatus !== undefined && e.sipStatus >= 300) {
      this.#calls.delete(key);
      done.push({ ...p.record, endMs: ms(e.timeMs), sipStatus: e.sipStatus });
    } else if (e.sipMethod === 'BYE' && e.sipStatus === 200) {
      this.#calls.delete(key);
      done.push({ ...p.record, endMs: ms(e.timeMs), sipStatus: 200 });
    }
  }
}
