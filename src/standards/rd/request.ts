/**
 * The project's request builder for TS 102 657 RequestMessages: one exact identifier (MSISDN E.164,
 * IMSI, IMEI, or IP address + time (+ port)) over one bounded period, for one category. Wildcards,
 * ranges (IP range/mask, port range, number prefix via startsWith), lists (isAMemberOf), cells and
 * open periods cannot be expressed: they are refused with RD_NOT_EXACT (issue 11: "Requests for all
 * subscribers of a cell, wildcards or ranges are refused by design").
 *
 * Shapes follow the examples of TS 102 657 Annex G (G.2, G.3): the identifier in `equals`, the period
 * as `greaterThanOrEqualTo` / `lessThanOrEqualTo` on the record's time (§6.1.3 "Range" criteria). The
 * category travels in RetainedDataHeader.requestType ("Description or reference of the type of
 * Retained Data request", A.3.2) as `warranted:<category>`; location and equipment requests narrow the
 * answer with requestedData (§6.1.3, XPATH, "subject to national agreement"). parseExactRequest
 * inverts buildExactRequest and refuses any request that is not exactly one of these shapes.
 */
import { WarrantedError } from '../../platform/errors.ts';
import { parseE164, parseImei, parseImsi, imeiWithCheckDigit } from '../identifiers/index.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../ip-text.ts';
import { encodeNode } from './codec.ts';
import { RdRequestError } from './errors.ts';
import type { RetainedDataMessageInput } from './message.ts';
import { decodeTbcd, encodeTbcd } from './tbcd.ts';
import type { IPAddress } from './types-common.ts';
import { RequestMessage, type RetainedDataHeader, type RetainedDataMessage, type RetainedDataRecord } from './types-message.ts';
import { encodeBer } from '../ber/index.ts';

export const RD_CATEGORIES = ['subscriber', 'calls', 'sms', 'dataSessions', 'location', 'equipment', 'ipSubscriber'] as const;
export type RdCategory = (typeof RD_CATEGORIES)[number];

export type RdIdentifier =
  | { kind: 'msisdn'; value: string }
  | { kind: 'imsi'; value: string }
  | { kind: 'imei'; value: string }
  | { kind: 'ip'; address: string; at: Date; port?: number };

export interface ExactRdRequest {
  requestID: { countryCode: string; authorisedOrganisationID: string; requestNumber: string; externalIdentifier?: string };
  cSPID: string;
  timeStamp: Date;
  category: RdCategory;
  identifier: RdIdentifier;
  /** Inclusive period; required for every category except ipSubscriber (which is asked at `identifier.at`). */
  period?: { start: Date; end: Date };
}

const REQUEST_TYPE_PREFIX = 'warranted:';
/** requestedData (A.3.2 RequestMessage [7], XPATH) of the narrowed categories. */
export const REQUESTED_DATA: Partial<Record<RdCategory, readonly string[]>> = {
  location: ['/telephonyRecord/telephonyServiceUsage/partyInformation/locations'],
  equipment: [
    '/telephonyRecord/telephonySubscriber/subscribedTelephonyServices/registeredNumbers',
    '/telephonyRecord/telephonySubscriber/subscribedTelephonyServices/iMSI',
    '/telephonyRecord/telephonySubscriber/subscribedTelephonyServices/iMEI',
    '/telephonyRecord/telephonySubscriber/subscribedTelephonyServices/timeSpan',
  ],
};

function notExact(message: string, cause?: unknown): never {
  throw new RdRequestError('RD_NOT_EXACT', message, { cause });
}

/** Normalises one identifier through the identifiers layer; its wildcard/range refusals become RD_NOT_EXACT. */
function normalise(id: RdIdentifier): RdIdentifier {
  try {
    switch (id.kind) {
      case 'msisdn':
        return { kind: 'msisdn', value: parseE164(id.value) };
      case 'imsi':
        return { kind: 'imsi', value: parseImsi(id.value) };
      case 'imei':
        return { kind: 'imei', value: imeiWithCheckDigit(parseImei(id.value)) };
      case 'ip': {
        if (typeof id.address !== 'string' || /[/*]/u.test(id.address)) notExact('an IP request names one address, not a prefix, mask or wildcard');
        if (id.port !== undefined && (!Number.isInteger(id.port) || id.port < 0 || id.port > 65535))
          throw new RdRequestError('RD_BAD_IDENTIFIER', 'port must be one integer 0..65535 (no port ranges)');
        if (!(id.at instanceof Date) || Number.isNaN(id.at.getTime())) throw new RdRequestError('RD_BAD_IDENTIFIER', 'an IP request needs the exact time the address was seen');
        const v4 = parseIpv4(id.address);
        const v6 = v4 ? undefined : parseIpv6(id.address);
        if (!v4 && !v6) throw new RdRequestError('RD_BAD_IDENTIFIER', 'not an IPv4 or IPv6 address');
        const bytes = (v4 ?? v6)!;
        if (bytes.every((b) => b === 0)) notExact('the unspecified address means "any"');
        return { kind: 'ip', address: v4 ? formatIpv4(v4) : formatIpv6(v6!), at: id.at, ...(id.port === undefined ? {} : { port: id.port }) };
      }
      default:
        throw new RdRequestError('RD_BAD_IDENTIFIER', 'unknown identifier kind');
    }
  } catch (e) {
    if (e instanceof RdRequestError) throw e;
    if (e instanceof WarrantedError && (e.code === 'IDENTIFIER_WILDCARD' || e.code === 'IDENTIFIER_RANGE' || e.code === 'IDENTIFIER_TOO_BROAD'))
      notExact(`identifier refused: ${e.message}`, e);
    throw new RdRequestError('RD_BAD_IDENTIFIER', `identifier refused: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function ipAddress(text: string): IPAddress {
  const v4 = parseIpv4(text);
  return v4 ? { iPv4BinaryAddress: v4 } : { iPv6BinaryAddress: parseIpv6(text)! };
}

/** The identifier as it sits in a TelephonyPartyInformation / SubscribedTelephonyServices / GprsInformation. */
function party(id: RdIdentifier): { partyNumber: string } | { iMSI: Uint8Array } | { iMEI: Uint8Array } {
  if (id.kind === 'msisdn') return { partyNumber: id.value };
  if (id.kind === 'imsi') return { iMSI: encodeTbcd(id.value) };
  if (id.kind === 'imei') return { iMEI: encodeTbcd(id.value) };
  return notExact('an IP address identifies a subscriber only in an ipSubscriber request');
}

function subscription(id: RdIdentifier): RetainedDataRecord {
  const s = id.kind === 'msisdn' ? { registeredNumbers: [id.value] } : id.kind === 'imsi' ? { iMSI: encodeTbcd(id.value) } : id.kind === 'imei' ? { iMEI: [encodeTbcd(id.value)] } : notExact('no IP address in a subscriber request');
  return { telephonyRecord: { telephonySubscriber: { subscribedTelephonyServices: [s] } } };
}

const usage = (p: Record<string, unknown>, extra: Record<string, unknown> = {}): RetainedDataRecord =>
  ({ telephonyRecord: { telephonyServiceUsage: { ...extra, ...p } } });

function criteria(r: ExactRdRequest, id: RdIdentifier): { equals: RetainedDataRecord; greaterThanOrEqualTo: RetainedDataRecord; lessThanOrEqualTo: RetainedDataRecord } {
  if (r.category === 'ipSubscriber') {
    if (id.kind !== 'ip') notExact('an ipSubscriber request names an IP address');
    const assigned = { addressSetOrRangeOrMask: { set: [ipAddress(id.address)] }, ...(id.port === undefined ? {} : { portNumber: id.port }), addressType: 'external' as const };
    // Sessions whose interval contains `at`: interval.startTime <= at and interval.endTime >= at.
    return {
      equals: { networkAccess: { naServiceUsage: { naAssignedAddress: [assigned] } } },
      lessThanOrEqualTo: { networkAccess: { naServiceUsage: { interval: { startTime: id.at } } } },
      greaterThanOrEqualTo: { networkAccess: { naServiceUsage: { interval: { endTime: id.at } } } },
    };
  }
  const p = r.period;
  if (!p || !(p.start instanceof Date) || !(p.end instanceof Date) || Number.isNaN(p.start.getTime()) || Number.isNaN(p.end.getTime()))
    notExact('a request names one bounded period (start and end)');
  if (p.end.getTime() < p.start.getTime()) notExact('the period ends before it starts');
  switch (r.category) {
    case 'subscriber':
    case 'equipment': {
      // Subscriptions active during the period: timeSpan.startTime <= end and timeSpan.endTime >= start.
      const span = (t: { startTime: Date } | { endTime: Date }): RetainedDataRecord => ({ telephonyRecord: { telephonySubscriber: { subscribedTelephonyServices: [{ timeSpan: t }] } } });
      return { equals: subscription(id), lessThanOrEqualTo: span({ startTime: p.end }), greaterThanOrEqualTo: span({ endTime: p.start }) };
    }
    case 'calls':
    case 'sms':
    case 'location': {
      // Annex G.3: the identifier in partyInformation, the period on communicationTime.startTime.
      const type = r.category === 'calls' ? { communicationType: 'telephonyWirelessCS' } : r.category === 'sms' ? { communicationType: 'sMS' } : {};
      return {
        equals: usage({ partyInformation: [party(id)] }, type),
        greaterThanOrEqualTo: usage({ communicationTime: { startTime: p.start } }),
        lessThanOrEqualTo: usage({ communicationTime: { startTime: p.end } }),
      };
    }
    case 'dataSessions': {
      if (id.kind !== 'msisdn' && id.kind !== 'imsi') throw new RdRequestError('RD_BAD_IDENTIFIER', 'data sessions are asked by MSISDN or IMSI (GprsInformation)');
      const gprs = id.kind === 'msisdn' ? { mSISDN: id.value } : { iMSI: encodeTbcd(id.value) };
      return {
        equals: { networkAccess: { naServiceUsage: { gprsInformation: gprs } } },
        greaterThanOrEqualTo: { networkAccess: { naServiceUsage: { interval: { startTime: p.start } } } },
        lessThanOrEqualTo: { networkAccess: { naServiceUsage: { interval: { startTime: p.end } } } },
      };
    }
    default:
      return notExact(`unknown category ${String(r.category)}`);
  }
}

/** Builds the RetainedDataMessage of one exact request; throws RD_NOT_EXACT / RD_BAD_IDENTIFIER otherwise. */
export function buildExactRequest(r: ExactRdRequest): RetainedDataMessageInput {
  if (!(RD_CATEGORIES as readonly string[]).includes(r.category)) notExact(`unknown category ${r.category}`);
  const id = normalise(r.identifier);
  if (r.category !== 'ipSubscriber' && id.kind === 'ip') notExact('an IP address is asked only by an ipSubscriber request');
  if (r.category === 'ipSubscriber' && r.period !== undefined) notExact('an ipSubscriber request is asked at one time (identifier.at), not over a period');
  const c = criteria(r, id);
  const requestedData = REQUESTED_DATA[r.category];
  const header: RetainedDataHeader = {
    requestID: { ...r.requestID },
    cSPID: r.cSPID,
    timeStamp: r.timeStamp,
    requestType: `${REQUEST_TYPE_PREFIX}${r.category}`,
  };
  return {
    retainedDataHeader: header,
    retainedDataPayload: { requestMessage: { requestParameters: c, ...(requestedData ? { requestedData: [...requestedData] } : {}) } },
  };
}

function requestBytes(m: RetainedDataMessage['retainedDataPayload']): Uint8Array {
  return encodeBer(encodeNode(RequestMessage, (m as { requestMessage: unknown }).requestMessage, 'RequestMessage'));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The identifier and period of a decoded request, read back from the shapes buildExactRequest writes. */
function extract(category: RdCategory, rm: RequestMessage): { identifier: RdIdentifier; period?: { start: Date; end: Date } } {
  const c = rm.requestParameters;
  const eq = c?.equals;
  const tel = eq && 'telephonyRecord' in eq ? eq.telephonyRecord : undefined;
  const na = eq && 'networkAccess' in eq ? eq.networkAccess : undefined;
  const lo = (c?.greaterThanOrEqualTo ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const hi = (c?.lessThanOrEqualTo ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const fromParty = (p: { partyNumber?: string; iMSI?: Uint8Array; iMEI?: Uint8Array } | undefined): RdIdentifier =>
    p?.partyNumber !== undefined ? { kind: 'msisdn', value: p.partyNumber } : p?.iMSI ? { kind: 'imsi', value: decodeTbcd(p.iMSI) } : p?.iMEI ? { kind: 'imei', value: decodeTbcd(p.iMEI) } : notExact('no identifier in equals');
  const date = (v: unknown): Date => (v instanceof Date ? v : notExact('the period is not bounded on both sides'));
  if (category === 'ipSubscriber') {
    const a = na && 'naServiceUsage' in na ? na.naServiceUsage.naAssignedAddress?.[0] : undefined;
    const set = a?.addressSetOrRangeOrMask && 'set' in a.addressSetOrRangeOrMask ? a.addressSetOrRangeOrMask.set : undefined;
    const ip = set?.[0];
    if (!ip) notExact('an ipSubscriber request names one IP address (no range or mask)');
    const address = 'iPv4BinaryAddress' in ip ? formatIpv4(ip.iPv4BinaryAddress) : 'iPv6BinaryAddress' in ip ? formatIpv6(ip.iPv6BinaryAddress) : notExact('text IP addresses are not written by the builder');
    const at = date((hi.networkAccess?.naServiceUsage?.interval as { startTime?: unknown } | undefined)?.startTime);
    return { identifier: { kind: 'ip', address, at, ...(a?.portNumber === undefined ? {} : { port: a.portNumber }) } };
  }
  if (category === 'dataSessions') {
    const g = na && 'naServiceUsage' in na ? na.naServiceUsage.gprsInformation : undefined;
    const identifier: RdIdentifier = g?.mSISDN !== undefined ? { kind: 'msisdn', value: g.mSISDN } : g?.iMSI ? { kind: 'imsi', value: decodeTbcd(g.iMSI) } : notExact('no identifier in equals');
    const lo1 = lo.networkAccess?.naServiceUsage?.interval as { startTime?: unknown } | undefined;
    const hi1 = hi.networkAccess?.naServiceUsage?.interval as { startTime?: unknown } | undefined;
    return { identifier, period: { start: date(lo1?.startTime), end: date(hi1?.startTime) } };
  }
  if (category === 'subscriber' || category === 'equipment') {
    const s = tel && 'telephonySubscriber' in tel ? tel.telephonySubscriber.subscribedTelephonyServices?.[0] : undefined;
    const identifier = s?.registeredNumbers?.[0] !== undefined ? fromParty({ partyNumber: s.registeredNumbers[0] }) : fromParty({ ...(s?.iMSI ? { iMSI: s.iMSI } : {}), ...(s?.iMEI?.[0] ? { iMEI: s.iMEI[0] } : {}) });
    const span = (x: typeof lo): Record<string, unknown> | undefined => (x.telephonyRecord?.telephonySubscriber?.subscribedTelephonyServices as { timeSpan?: Record<string, unknown> }[] | undefined)?.[0]?.timeSpan;
    return { identifier, period: { start: date(span(lo)?.endTime), end: date(span(hi)?.startTime) } };
  }
  const u = tel && 'telephonyServiceUsage' in tel ? tel.telephonyServiceUsage.partyInformation?.[0] : undefined;
  const identifier = fromParty(u);
  const ct = (x: typeof lo): Record<string, unknown> | undefined => x.telephonyRecord?.telephonyServiceUsage?.communicationTime as Record<string, unknown> | undefined;
  return { identifier, period: { start: date(ct(lo)?.startTime), end: date(ct(hi)?.startTime) } };
}

/**
 * Reads a decoded request back into an ExactRdRequest, or refuses it (RD_NOT_EXACT): the request must
 * be byte for byte what buildExactRequest writes for its category, identifier and period, so any
 * other criterion (notEqualTo, startsWith, isAMemberOf, a second identifier, a range) is refused.
 */
export function parseExactRequest(msg: RetainedDataMessage): ExactRdRequest {
  const rt = msg.retainedDataHeader.requestType ?? '';
  const category = rt.startsWith(REQUEST_TYPE_PREFIX) ? rt.slice(REQUEST_TYPE_PREFIX.length) : '';
  if (!(RD_CATEGORIES as readonly string[]).includes(category)) notExact(`requestType "${rt}" is not one of warranted:${RD_CATEGORIES.join('|')}`);
  if (!('requestMessage' in msg.retainedDataPayload)) notExact('not a RequestMessage');
  const rm = msg.retainedDataPayload.requestMessage;
  const cat = category as RdCategory;
  const h = msg.retainedDataHeader;
  if (h.requestID.requestNumber === undefined) notExact('a request carries a requestNumber (TS 102 657 §6.1.2)');
  const requestID = { countryCode: h.requestID.countryCode, authorisedOrganisationID: h.requestID.authorisedOrganisationID, requestNumber: h.requestID.requestNumber, ...(h.requestID.externalIdentifier === undefined ? {} : { externalIdentifier: h.requestID.externalIdentifier }) };
  let exact: ExactRdRequest;
  try {
    exact = { requestID, cSPID: h.cSPID, timeStamp: h.timeStamp, category: cat, ...extract(cat, rm) };
  } catch (e) {
    if (e instanceof WarrantedError) notExact(`not an exact ${cat} request: ${e.message}`, e);
    throw e;
  }
  const rebuilt = buildExactRequest(exact);
  if (!sameBytes(requestBytes(rebuilt.retainedDataPayload), requestBytes(msg.retainedDataPayload)))
    notExact(`the request carries criteria beyond one exact identifier and period for ${cat}`);
  return exact;
}
