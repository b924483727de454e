/**
 * The demo's production order (issue 11 item 6): once traffic has flowed, the Federal Investigation
 * Agency — the agency the pk-peca-2016 profile designates (PECA 2016 s.29) — asks the warrant desk,
 * over HI-1 (TS 103 120) with its own client certificate, for a production order for one target's
 * MSISDN: subscriber data, calls, SMS and location history of the last day, from the target's
 * operator. The judge signs it (PECA 2016 s.33: the Court; the profile's `court-warrant`). The
 * agency then asks the operator's RDHI for each category over HI-A/HI-B (TS 102 657 §7.3, BER in
 * mutual TLS) exactly as `warranted rd request` does, and the answers — each signed by the operator
 * (§8.3, verified by the RdClient) — are compared with the network's own ground truth for that
 * MSISDN (retained-data-truth.ts). One request beyond the order's period must be refused with the
 * standard's error (TS 102 657 §6.4 categorised error 403), and nothing disclosed.
 */
import { randomUUID } from 'node:crypto';
import type { Operator } from '../../network/index.ts';
import type { Deployment } from '../../platform/config/types.ts';
import { WarrantedError } from '../../platform/errors.ts';
import { signOrderApproval, type ProductionOrder, type OrderCategory } from '../../warrants/index.ts';
import { signOrder, submitOrder } from '../../warrants/desk/index.ts';
import { rdRequest } from '../rd/request.ts';
import type { DeploymentDriver } from './deployment-driver.ts';
import { compareCategory, pendingCalls, truthOf, type RdCategoryVerdict, type WatchedEvent } from './retained-data-truth.ts';

export type { RdCategoryVerdict } from './retained-data-truth.ts';

/** The agency that may get a production order under pk-peca-2016 (PECA 2016 s.29). */
export const RD_AGENCY = 'pk-fia';
const PROFILE = 'pk-peca-2016';
/** The categories the demo's order names, in the order they are asked for. */
export const RD_DEMO_CATEGORIES: readonly OrderCategory[] = ['subscriber', 'calls', 'sms', 'location'];
const DAY_MS = 86_400_000;

export interface RetainedDataPlan {
  /** The watched target's label (its ground truth at the network role). */
  label: string;
  operator: Operator;
  /** Subscriber index of the target at its operator. */
  index: number;
  /** From when the network's ground truth for the target is complete (the watch was in place). */
  watchedFrom: number;
}

export interface RetainedDataVerdict {
  orderId: string;
  reference: string;
  orderState: string;
  msisdn: string;
  operatorId: string;
  /** The order's period: the last day up to the end of the demo's traffic. */
  orderPeriod: { start: string; end: string };
  /** The period asked for: the part of the order's period the network's ground truth covers. */
  askedPeriod: { start: string; end: string };
  categories: RdCategoryVerdict[];
  /** Answers received (every one signed by the operator and verified before its records were read). */
  answersVerified: number;
  refusal: { asked: string; refused: boolean; standardCode?: number | string; message: string };
  /** rd.* events of this order on the transparency log (filled by the verdict, after `down`). */
  events?: { request: number; refused: number; disclosed: number; recordsDisclosed: number };
  ms: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

async function watched(driver: DeploymentDriver, operatorId: string, label: string): Promise<WatchedEvent[]> {
  const truth = await driver.groundTruth(operatorId);
  return truth.find((w) => w.label === label)?.events ?? [];
}

/**
 * Runs the production-order scenario against the running deployment; never throws (a failure is
 * the verdict's `error`, and the demo's RESULT is FAILED).
 */
export async function retainedDataScenario(d: Deployment, driver: DeploymentDriver, plan: RetainedDataPlan, out: (l: string) => void): Promise<RetainedDataVerdict> {
  const t0 = Date.now();
  const op = plan.operator;
  const msisdn = op.msisdnOf(plan.index);
  const cfg = d.operators.find((o) => o.id === op.id);
  // The period ends on a whole second in the past (HI-1 and TS 102 657 times; the order's period is of the past at submission).
  const end = Math.floor((Date.now() - 1000) / 1000) * 1000;
  const from = Math.ceil(plan.watchedFrom / 1000) * 1000;
  const orderPeriod = { start: iso(end - DAY_MS), end: iso(end) };
  const askedPeriod = { start: iso(from), end: iso(end) };
  const v: RetainedDataVerdict = { orderId: randomUUID(), reference: '', orderState: '', msisdn, operatorId: op.id, orderPeriod, askedPeriod, categories: [], answersVerified: 0, refusal: { asked: '', refused: false, message: '' }, ms: 0 };
  try {
    if (!cfg?.retainedData?.rdhi) throw new Error(`operator ${op.id} runs no RDHI (operators[].retainedData.rdhi)`);
    const agency = d.agencies.find((a) => a.id === RD_AGENCY);
    if (!agency) throw new Error(`no agency ${RD_AGENCY} in the deployment`);
    const judge = d.control.authorities.find((a) => a.role === 'judge');
    if (!judge) throw new Error('no judge among the deployment\'s authorities');

    // 1. The order over HI-1: the agency submits, the judge signs the canonical text the desk shows.
    const order: ProductionOrder = {
      id: v.orderId,
      reference: `DEMO-PO-${orderPeriod.end.slice(0, 19).replace(/[-:T]/g, '')}-${v.orderId.slice(0, 8)}`,
      agency: { id: agency.id, name: agency.name },
      officer: 'Assistant Director B. Qureshi (demo)',
      profileId: PROFILE,
      authorisation: 'court-warrant',
      purpose: 'criminal-investigation',
      legalBasis: 'PECA 2016 s.32 (retained traffic data), s.33 and s.34 (warrant of the Court)',
      offence: 'demonstration offence (synthetic data)',
      identifiers: [{ kind: 'msisdn', value: msisdn }],
      categories: [...RD_DEMO_CATEGORIES],
      period: orderPeriod,
      operators: [op.id],
      validUntil: iso(Date.now() + DAY_MS),
      urgent: false,
    };
    v.reference = order.reference;
    const submitted = await submitOrder(driver.parties.client(agency.id), order);
    const signed = await signOrder(driver.parties.client(judge.id), order.id, [signOrderApproval(submitted.canonical, driver.parties.signer(judge.id), new Date())]);
    v.orderState = signed.state;
    if (v.orderState !== 'Active') throw new Error(`the order is ${v.orderState} after the judge's signature`);
    // The operator's RDHI asks the desk for the order itself at each request (src/roles/rdhi-orders.ts): nothing is handed to it here.
    out(`production order ${order.reference} for ${agency.id}: ${RD_DEMO_CATEGORIES.join(', ')} of MSISDN ${msisdn} at ${op.id}, ${orderPeriod.start} .. ${orderPeriod.end}; submitted over HI-1, signed by ${judge.id}`);

    // 2. Calls are records once they end (a CDR is closed at release): wait for the target's calls
    // begun in the period to end, then for the operator's batch writer to have stored them.
    let events = await watched(driver, op.id, plan.label);
    for (let i = 0; i < 40 && pendingCalls(events, from, end) > 0; i++) {
      await sleep(500);
      events = await watched(driver, op.id, plan.label);
    }
    // The truth is read first, then the operator's writer flushed: every record of an event in that
    // truth was handed to the writer when the event happened, so it is in the store once this returns.
    events = await watched(driver, op.id, plan.label);
    let flushed = await driver.flushRetainedData(op.id);
    for (let i = 0; i < 10 && !flushed.ok; i++) {
      await sleep(cfg.retainedData.flushMs);
      flushed = await driver.flushRetainedData(op.id);
    }
    if (!flushed.ok) throw new Error(`${op.id}'s retained-data store could not be written (RETAINED_WRITE_FAILED)`);
    const truth = truthOf(events, op, plan.index, from, end);

    // 3. One exact request per category, as `warranted rd request` makes it, under the order.
    const ask = (category: string, start: string) => rdRequest(d, { agency: agency.id, operator: op.id, order: order.id, category, msisdn, from: start, to: askedPeriod.end });
    for (const category of RD_DEMO_CATEGORIES) {
      const r = await ask(category, askedPeriod.start);
      v.answersVerified += r.answers.length;
      v.categories.push(compareCategory(category, truth, r.records));
    }
    // 4. Beyond the order: a day before its period starts. Refused with the standard's error, nothing disclosed.
    const before = iso(end - 2 * DAY_MS);
    v.refusal.asked = `calls from ${before} (the order starts ${orderPeriod.start})`;
    try {
      const r = await ask('calls', before);
      v.refusal.message = `answered with ${r.records.length} records: NOT refused`;
    } catch (e) {
      if (!(e instanceof WarrantedError) || e.code !== 'RD_CLI_REFUSED') throw e;
      v.refusal.refused = true;
      v.refusal.message = e.message;
      if (e.standardCode !== undefined) v.refusal.standardCode = e.standardCode;
    }
  } catch (e) {
    v.error = e instanceof Error ? e.message : String(e);
  }
  v.ms = Date.now() - t0;
  return v;
}

/** The scenario passes: every category exactly the ground truth, answers verified, the refusal made, and (after `down`) every step on the log. */
export function retainedDataOk(v: RetainedDataVerdict): boolean {
  const asked = v.categories.length;
  const returned = v.categories.reduce((n, c) => n + c.returned, 0);
  return (
    v.error === undefined &&
    asked === RD_DEMO_CATEGORIES.length &&
    v.categories.every((c) => c.ok) &&
    v.answersVerified >= asked &&
    v.refusal.refused &&
    v.refusal.standardCode === 403 &&
    v.events !== undefined &&
    v.events.request === asked + 1 &&
    v.events.disclosed === asked &&
    v.events.refused === 1 &&
    v.events.recordsDisclosed === returned
  );
}

export function printRetainedData(v: RetainedDataVerdict, out: (l: string) => void): void {
  out('');
  out(`retained data (production order ${v.reference || v.orderId}, ${v.orderState || 'not active'}; MSISDN ${v.msisdn} at ${v.operatorId}; asked ${v.askedPeriod.start} .. ${v.askedPeriod.end}, the part of the order's last day the network's ground truth covers):`);
  if (v.error !== undefined) out(`  FAILED: ${v.error}`);
  const head = ['category', 'expected', 'returned', 'missing', 'extra', 'check'];
  const body = v.categories.map((c) => [c.category, String(c.expected), String(c.returned), String(c.missing), String(c.extra), c.ok ? 'ok' : 'MISMATCH']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const row of [head, ...body]) out(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
  out(`  answers signed by ${v.operatorId}'s RDHI and verified: ${v.answersVerified}`);
  out(`  beyond the order (${v.refusal.asked}): ${v.refusal.refused ? `refused ${String(v.refusal.standardCode ?? '?')}${v.refusal.standardCode === 403 ? ' ok' : ' (expected 403)'}` : 'NOT REFUSED'} — ${v.refusal.message}`);
  if (v.events) out(`  on the audit log for this order: rd.request ${v.events.request}, rd.disclosed ${v.events.disclosed} (${v.events.recordsDisclosed} records), rd.refused ${v.events.refused}`);
  out(`  retained data ${retainedDataOk(v) ? 'OK' : 'FAILED'} (${(v.ms / 1000).toFixed(1)} s)`);
}
