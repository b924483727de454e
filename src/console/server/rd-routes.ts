/**
 * The console's retained-data routes (issue 11 item 5; docs/console.md "Retained data"): the
 * agency's production orders, a request under one of them to an operator's RDHI (TS 102 657 over
 * mutual TLS with the agency's certificate, src/console/rd/requester.ts), and the records of each
 * signed answer. Only the roles with the `rd.request` right (RD_ROLES) reach them: an auditor
 * audits the looks, he makes no requests and reads no records. Need to know, as for warrants: a user
 * sees, asks under and reads the answers of only the orders a supervisor assigned to them (403).
 *
 * On the record, before anything happens or is shown (fail closed: 503 and nothing sent or shown):
 * `console.rd-request` before the request leaves, `console.rd-disclosed` / `console.rd-refused` /
 * `console.rd-failed` once the operator answered (or could not), `console.rd-view` before records
 * reach the page. The access log is the agency's own and unencrypted, so its entries name the order,
 * operator, category, the identifier's kind and the SHA-256 of the request and answer bytes — never
 * the identifier itself (the sealed evidence file holds it).
 */
import { createHash } from 'node:crypto';
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import type { ConsoleRole, ConsoleUser } from '../api/contract.ts';
import { ConsoleError } from '../errors.ts';
import { decodeRdMessage, RD_CATEGORIES, type RdCategory, type RdIdentifier } from '../../standards/rd/index.ts';
import { rdDigestVerifies } from '../../wires/rd/index.ts';
import { answersSha256, type RdEvidenceStore } from '../rd/evidence.ts';
import type { RdOrderSource } from '../rd/orders.ts';
import { recordsView } from '../rd/records.ts';
import { readAnswers, type RdRequester } from '../rd/requester.ts';
import type { RdCategory as RdCategoryView, RdIdentifierInput, RdRequestSummary, RdResultView } from '../rd/view.ts';
import type { UserStore } from '../users/user-store.ts';
import type { Reply, ServerRoute } from './types.ts';

// The UI's copy of the categories (rd/view.ts) is the standard's, in both directions, or this does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type RdCategoriesMatch = Assert<Same<RdCategoryView, RdCategory>>;

/** The `rd.request` right: who may make retained-data requests and read their records. */
export const RD_ROLES: readonly ConsoleRole[] = ['analyst', 'supervisor'];

export interface RdRouteDeps {
  accessLog: ConsoleAccessLog;
  /** Who is assigned which production orders (a supervisor assigns them, admin-routes.ts). */
  users: UserStore;
  requester: RdRequester;
  evidence: RdEvidenceStore;
  /** The desk's list of the agency's orders; absent: the analyst enters the order id (docs/console.md). */
  orders?: RdOrderSource;
  onAlarm?: (code: string, detail: string) => void;
}

const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/u;
const OPERATOR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/u;
const ZONED = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/u;
const bad = (m: string): never => {
  throw new ConsoleError('CONSOLE_BAD_REQUEST', m);
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function zoned(name: string, v: unknown): Date {
  if (typeof v !== 'string' || !ZONED.test(v)) bad(`${name}: an ISO 8601 time with its zone`);
  const t = new Date(v as string);
  if (Number.isNaN(t.getTime())) bad(`${name}: not a time`);
  return t;
}

interface Asked {
  orderId: string;
  operator: string;
  category: RdCategory;
  identifier: RdIdentifierInput;
  wire: RdIdentifier;
  period?: { start: Date; end: Date };
}

/** The request body: one order, operator, category, identifier and period, each of its allowed form. */
export function parseAsk(body: unknown): Asked {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : bad('a JSON object')) as Record<string, unknown>;
  const orderId = typeof b.orderId === 'string' && ORDER_ID.test(b.orderId) ? b.orderId : bad('orderId: an order id');
  const operator = typeof b.operator === 'string' && OPERATOR_ID.test(b.operator) ? b.operator : bad('operator: an operator id');
  const category = (RD_CATEGORIES as readonly unknown[]).includes(b.category) ? (b.category as RdCategory) : bad(`category: one of ${RD_CATEGORIES.join(', ')}`);
  const i = (typeof b.identifier === 'object' && b.identifier !== null ? b.identifier : bad('identifier: an object')) as Record<string, unknown>;
  let identifier: RdIdentifierInput;
  let wire: RdIdentifier;
  if (i.kind === 'msisdn' || i.kind === 'imsi' || i.kind === 'imei') {
    const value = typeof i.value === 'string' && /^\+?\d{1,20}$/u.test(i.value) ? i.value : bad('identifier.value: digits');
    identifier = { kind: i.kind, value };
    wire = { kind: i.kind, value };
  } else if (i.kind === 'ip') {
    const address = typeof i.address === 'string' && i.address.length <= 64 ? i.address : bad('identifier.address: an IP address');
    const at = zoned('identifier.at', i.at);
    const port = i.port === undefined ? undefined : Number.isInteger(i.port) && (i.port as number) >= 0 && (i.port as number) <= 65535 ? (i.port as number) : bad('identifier.port: 0..65535');
    identifier = { kind: 'ip', address, at: i.at as string, ...(port === undefined ? {} : { port }) };
    wire = { kind: 'ip', address, at, ...(port === undefined ? {} : { port }) };
  } else return bad('identifier.kind: msisdn, imsi, imei or ip');
  if (category === 'ipSubscriber') {
    if (b.period !== undefined) bad('an ipSubscriber request is asked at one instant (identifier.at), not over a period');
    return { orderId, operator, category, identifier, wire };
  }
  const p = (typeof b.period === 'object' && b.period !== null ? b.period : bad('period: {start, end}')) as Record<string, unknown>;
  return { orderId, operator, category, identifier, wire, period: { start: zoned('period.start', p.start), end: zoned('period.end', p.end) } };
}

const sameIdentifier = (a: RdIdentifierInput, b: RdIdentifierInput) =>
  a.kind === b.kind && (a.kind === 'ip' && b.kind === 'ip' ? a.address === b.address && Date.parse(a.at) === Date.parse(b.at) && a.port === b.port : a.kind !== 'ip' && b.kind !== 'ip' && a.value.replace(/^\+/u, '') === b.value.replace(/^\+/u, ''));

export function rdRoutes(d: RdRouteDeps): ServerRoute[] {
  /** The desk's orders; the desk unreachable is a typed 502 (no request is sent under an order it could not confirm). */
  const listOrders = async () => {
    try {
      return d.orders ? await d.orders.list() : null;
    } catch (cause) {
      d.onAlarm?.('CONSOLE_WARRANT_DESK_UNREACHABLE', `production orders not listed by the desk: ${(cause as Error).message}`);
      throw new ConsoleError('CONSOLE_RD_UNAVAILABLE', "the warrant desk could not be asked for the agency's production orders", { cause });
    }
  };
  /** Need to know: the orders a supervisor assigned to this user, as the user store holds them now. */
  const assigned = (u: ConsoleUser): ReadonlySet<string> => new Set(d.users.get(u.name)?.orders ?? []);
  const mayAsk = (u: ConsoleUser, orderId: string) => {
    if (!assigned(u).has(orderId)) throw new ConsoleError('CONSOLE_FORBIDDEN', 'this production order is not assigned to you');
  };
  const actor = (u: ConsoleUser) => `console:${u.name}`;
  const log = (u: ConsoleUser, type: string, s: Pick<RdRequestSummary, 'id' | 'orderId' | 'operator' | 'category'>, more: Record<string, unknown>) =>
    d.accessLog.record({ type, actor: actor(u), subject: s.orderId, details: { user: u.name, role: u.role, requestId: s.id, orderId: s.orderId, operator: s.operator, category: s.category, ...more } });

  /** The records of a kept request, decoded and verified again from the bytes received; the look on the record first. */
  async function show(u: ConsoleUser, id: string, what: string): Promise<{ result: RdResultView; answers: Uint8Array[] }> {
    const e = d.evidence.get(id);
    mayAsk(u, e.summary.orderId);
    const op = d.requester.operator(e.summary.operator);
    const messages = e.answers.map((raw) => decodeRdMessage(raw));
    if (!op || !messages.every((m) => rdDigestVerifies(m, op.publicKey))) throw new ConsoleError('CONSOLE_RD_BAD_ANSWER', "the kept answer does not verify under the operator's key");
    const { records } = readAnswers(messages.map((message) => ({ message })));
    await log(u, 'console.rd-view', e.summary, { what, records: records.length, answerSha256: e.summary.answerSha256 });
    return { result: { ...e.summary, view: recordsView(records) }, answers: e.answers };
  }

  return [
    {
      method: 'GET',
      path: '/api/rd',
      auth: 'session',
      scope: 'user',
      roles: RD_ROLES,
      handle: async ({ user }) => ({
        status: 200,
        json: { orders: (await listOrders())?.filter((o) => assigned(user!).has(o.id)) ?? null, assigned: [...assigned(user!)], operators: d.requester.operatorIds(), categories: RD_CATEGORIES },
      }),
    },
    {
      method: 'GET',
      path: '/api/rd/requests',
      auth: 'session',
      scope: 'user',
      roles: RD_ROLES,
      handle: ({ user }) => Promise.resolve({ status: 200, json: { requests: d.evidence.list().filter((r) => assigned(user!).has(r.orderId)) } }),
    },
    {
      method: 'GET',
      path: '/api/rd/requests/:id',
      auth: 'session',
      scope: 'user',
      roles: RD_ROLES,
      handle: async ({ user, params }) => ({ status: 200, json: { result: (await show(user!, params.id!, 'records')).result } }),
    },
    {
      method: 'GET',
      path: '/api/rd/requests/:id/answer.ber',
      auth: 'session',
      scope: 'user',
      roles: RD_ROLES,
      handle: async ({ user, params }): Promise<Reply> => {
        const { answers } = await show(user!, params.id!, 'answer bytes');
        return { status: 200, bytes: Buffer.concat(answers), contentType: 'application/octet-stream', fileName: `rd-${params.id!}.ber` };
      },
    },
    {
      method: 'POST',
      path: '/api/rd/requests',
      auth: 'session',
      scope: 'user',
      roles: RD_ROLES,
      handle: async ({ user, body }): Promise<Reply> => {
        const u = user!;
        const q = parseAsk(body);
        // Checked before the desk is asked: whether an order exists is not told to someone not assigned it.
        mayAsk(u, q.orderId);
        if (d.orders) {
          // The order must be one the desk lists for this agency, the identifier one it names; its
          // category, period and operators are the operator's RDHI to judge (its refusal is kept and shown).
          const order = (await listOrders())?.find((o) => o.id === q.orderId);
          if (!order) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such production order for this agency');
          if (!order.identifiers.some((i) => sameIdentifier(i, q.identifier))) throw new ConsoleError('CONSOLE_FORBIDDEN', 'the identifier is not one the order names');
        }
        const op = d.requester.operator(q.operator) ?? bad('no RDHI is configured for that operator');
        const built = d.requester.build({ orderId: q.orderId, operator: q.operator, category: q.category, identifier: q.wire, ...(q.period ? { period: q.period } : {}) });
        const base = { id: built.requestId, orderId: q.orderId, operator: q.operator, category: q.category };
        // On the record before it leaves: no request the log does not hold.
        await log(u, 'console.rd-request', base, { identifierKind: q.identifier.kind, ...(q.period ? { period: { start: q.period.start.toISOString(), end: q.period.end.toISOString() } } : {}), requestSha256: sha256(built.bytes) });
        let x;
        try {
          x = await d.requester.send(op, built);
        } catch (e) {
          if (e instanceof ConsoleError) await log(u, 'console.rd-failed', base, { code: e.code });
          throw e;
        }
        const answers = x.answers.map((a) => a.raw);
        const summary: RdRequestSummary = {
          ...base,
          identifier: q.identifier,
          ...(q.period ? { period: { start: q.period.start.toISOString(), end: q.period.end.toISOString() } } : {}),
          user: u.name,
          at: new Date().toISOString(),
          outcome: x.refusal ? 'refused' : 'disclosed',
          records: x.records.length,
          ...(x.refusal ? { refusal: x.refusal } : {}),
          answerSha256: answersSha256(answers),
        };
        // Evidence first: what was disclosed (or refused) is kept sealed before anything is shown.
        try {
          await d.evidence.save({ summary, requestBytes: built.bytes, answers });
        } catch (e) {
          // Not kept, not shown: the log says the operator answered but the evidence could not be written.
          d.onAlarm?.('CONSOLE_INTERNAL', `retained-data evidence not kept: ${(e as Error).message}`);
          await log(u, 'console.rd-failed', base, { code: 'CONSOLE_INTERNAL', reason: 'evidence not kept', answerSha256: summary.answerSha256 });
          throw e;
        }
        await log(u, x.refusal ? 'console.rd-refused' : 'console.rd-disclosed', base, { records: summary.records, answerSha256: summary.answerSha256, ...(x.refusal ? { rdError: x.refusal.value } : {}) });
        if (x.refusal) return { status: 201, json: { result: { ...summary, view: recordsView([]) } } };
        await log(u, 'console.rd-view', base, { what: 'records', records: summary.records, answerSha256: summary.answerSha256 });
        return { status: 201, json: { result: { ...summary, view: recordsView(x.records) } } };
      },
    },
  ];
}
