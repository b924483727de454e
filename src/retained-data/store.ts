/**
 * The operator's retained-data store (its RDHI's data, TS 102 656/657): embedded PGlite on disk in
 * the operator's data directory by default, PostgreSQL by configuration — one schema
 * (migrations/001_retained_data.sql). Written in batches as traffic happens (write.ts), read ONLY
 * through the exact-identifier + period functions below, one per request type of docs/rd.md,
 * and swept by retention (retention.ts).
 */
import type { RdCategory } from '../standards/rd/request.ts';
import { openDriver, type RetainedStoreLocation, type SqlDriver } from './driver.ts';
import { RetainedDataError } from './errors.ts';
import * as q from './queries.ts';
import { sweep, type RetentionEvent, type RetentionPeriod } from './retention.ts';
import { writeBatch } from './write.ts';
import type { CallRecord, DataSessionRecord, EquipmentRecord, IpIdentifier, IpSubscriberAnswer, LocationRecord, Period, RecordBatch, RetentionCategory, SmsRecord, SubscriberIdentifier, SubscriberRecord, TrafficData } from './types.ts';

/** An answer to one exact request, by category (the RDHI encodes it as TS 102 657 records). */
export type RetainedAnswer =
  | { category: 'subscriber'; subscribers: SubscriberRecord[] }
  | { category: 'calls'; calls: CallRecord[] }
  | { category: 'sms'; sms: SmsRecord[] }
  | { category: 'dataSessions'; dataSessions: DataSessionRecord[] }
  | { category: 'location'; locations: LocationRecord[] }
  | { category: 'equipment'; equipment: EquipmentRecord[] }
  | { category: 'ipSubscriber'; answer: IpSubscriberAnswer | undefined };

export interface ExactQuery {
  category: RdCategory;
  identifier: SubscriberIdentifier | IpIdentifier;
  period?: Period;
}

export class RetainedDataStore {
  readonly operatorId: string;
  readonly #driver: SqlDriver;
  #closed = false;

  private constructor(operatorId: string, driver: SqlDriver) {
    this.operatorId = operatorId;
    this.#driver = driver;
  }

  /** Opens (creating and migrating if needed) the store of operator `operatorId`. */
  static async open(operatorId: string, location: RetainedStoreLocation): Promise<RetainedDataStore> {
    return new RetainedDataStore(operatorId, await openDriver(location));
  }

  #db(): SqlDriver {
    if (this.#closed) throw new RetainedDataError('RETAINED_STORE_CLOSED', 'retained-data store is closed');
    return this.#driver;
  }

  /** Writes one batch in one transaction (all of it or none). Returns rows inserted per table. */
  write(batch: RecordBatch): Promise<Record<string, number>> {
    return this.#db().transaction((c) => writeBatch(c, batch));
  }

  subscriberData(id: SubscriberIdentifier, period: Period): Promise<SubscriberRecord[]> {
    return q.subscriberData(this.#db(), id, period);
  }
  calls(id: SubscriberIdentifier, period: Period): Promise<CallRecord[]> {
    return q.calls(this.#db(), id, period);
  }
  sms(id: SubscriberIdentifier, period: Period): Promise<SmsRecord[]> {
    return q.sms(this.#db(), id, period);
  }
  dataSessions(id: SubscriberIdentifier, period: Period): Promise<DataSessionRecord[]> {
    return q.dataSessions(this.#db(), id, period);
  }
  /** Traffic data: calls, SMS and data sessions of one identifier in one period. */
  async trafficData(id: SubscriberIdentifier, period: Period): Promise<TrafficData> {
    return { calls: await this.calls(id, period), sms: await this.sms(id, period), dataSessions: await this.dataSessions(id, period) };
  }
  locationHistory(id: SubscriberIdentifier, period: Period): Promise<LocationRecord[]> {
    return q.locations(this.#db(), id, period);
  }
  /** IMEI → the IMSIs/MSISDNs it was used with, or MSISDN/IMSI → the IMEIs, in the period. */
  equipment(id: SubscriberIdentifier, period: Period): Promise<EquipmentRecord[]> {
    return q.equipment(this.#db(), id, period);
  }
  /** IP address + time (+ port through CGNAT) → the one subscriber, or undefined. */
  ipSubscriber(id: IpIdentifier): Promise<IpSubscriberAnswer | undefined> {
    return q.ipSubscriber(this.#db(), id);
  }

  /** Answers one exact request of `src/standards/rd` (`parseExactRequest`'s category/identifier/period). */
  async answer(req: ExactQuery): Promise<RetainedAnswer> {
    if (req.category === 'ipSubscriber') {
      if (req.identifier.kind !== 'ip') throw new RetainedDataError('RETAINED_NOT_EXACT', 'ipSubscriber asks by IP address + time');
      return { category: 'ipSubscriber', answer: await this.ipSubscriber(req.identifier) };
    }
    if (req.identifier.kind === 'ip') throw new RetainedDataError('RETAINED_NOT_EXACT', `${req.category} asks by MSISDN, IMSI or IMEI`);
    const id = req.identifier;
    const period = { start: q.checkPeriod(req.period)[0], end: q.checkPeriod(req.period)[1] };
    switch (req.category) {
      case 'subscriber':
        return { category: 'subscriber', subscribers: await this.subscriberData(id, period) };
      case 'calls':
        return { category: 'calls', calls: await this.calls(id, period) };
      case 'sms':
        return { category: 'sms', sms: await this.sms(id, period) };
      case 'dataSessions':
        return { category: 'dataSessions', dataSessions: await this.dataSessions(id, period) };
      case 'location':
        return { category: 'location', locations: await this.locationHistory(id, period) };
      case 'equipment':
        return { category: 'equipment', equipment: await this.equipment(id, period) };
    }
    throw new RetainedDataError('RETAINED_NOT_EXACT', 'unknown request category');
  }

  /** Deletes what is older than each category's period; see retention.ts. */
  sweep(periods: Partial<Record<RetentionCategory, RetentionPeriod>>, nowMs: number, report: (e: RetentionEvent) => void | Promise<void>): Promise<RetentionEvent[]> {
    return sweep(this.#db(), this.operatorId, periods, nowMs, report);
  }

  /** Row counts per table (health and metrics; no identities). */
  async counts(): Promise<Record<string, number>> {
    const tables = ['rd_subscribers', 'rd_equipment', 'rd_calls', 'rd_sms', 'rd_data_sessions', 'rd_locations'];
    const r = await this.#db().query<{ t: string; n: string | number }>(tables.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL '));
    return Object.fromEntries(r.rows.map((row) => [row.t, Number(row.n)]));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }
}
