/**
 * `warranted rd request`: one exact TS 102 657 request from an agency to an operator's RDHI, under
 * the production order it names (RequestID.externalIdentifier, §6.1.2), sent with the agency's
 * client certificate (mutual TLS, §8.2). Every answer must be signed by the operator (§8.3: the
 * RdClient refuses an answer whose retainedDataDigest does not verify under the operator's key).
 * The raw answer bytes are kept with `--save FILE` (the signed BER, back to back), the agency's
 * evidence of what it was given.
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Credentials } from '../../platform/pki.ts';
import type { Deployment } from '../../platform/config/types.ts';
import { buildExactRequest, encodeRdMessage, RD_CATEGORIES, type RdCategory, type RdIdentifier, type ResponseRecord } from '../../standards/rd/index.ts';
import { RdClient, type RdAnswer } from '../../wires/rd/index.ts';
import { tlsConnector } from '../../wires/transport.ts';
import { RdCliError } from './errors.ts';

export interface RdRequestOptions {
  agency: string;
  operator: string;
  order: string;
  category: string;
  msisdn?: string;
  imsi?: string;
  imei?: string;
  ip?: string;
  at?: string;
  port?: string;
  from?: string;
  to?: string;
  cert?: string;
  key?: string;
  operatorKey?: string;
  timeoutMs?: number;
}

export interface RdRequestResult {
  records: ResponseRecord[];
  answers: RdAnswer[];
  requestBytes: Uint8Array;
}

const usage = (m: string): never => {
  throw new RdCliError('RD_CLI_USAGE', m);
};

function time(name: string, v: string | undefined): Date {
  if (v === undefined) usage(`--${name} is required`);
  // A time without its zone is ambiguous: refused, like the order's own times.
  if (!/(Z|[+-]\d\d:\d\d)$/u.test(v!)) usage(`--${name}: expected an ISO 8601 time with a zone (Z or ±hh:mm), got ${JSON.stringify(v)}`);
  const t = new Date(v!);
  if (Number.isNaN(t.getTime())) usage(`--${name}: not a time: ${JSON.stringify(v)}`);
  return t;
}

export function identifierOf(o: RdRequestOptions): RdIdentifier {
  const given = (['msisdn', 'imsi', 'imei', 'ip'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) usage(`exactly one of --msisdn, --imsi, --imei, --ip is required (got ${given.length})`);
  const k = given[0]!;
  if (k !== 'ip') return { kind: k, value: o[k]! };
  let port: number | undefined;
  if (o.port !== undefined) {
    if (!/^\d{1,5}$/u.test(o.port) || Number(o.port) > 65535) usage(`--port: expected 0..65535, got ${JSON.stringify(o.port)}`);
    port = Number(o.port);
  }
  return { kind: 'ip', address: o.ip!, at: time('at', o.at), ...(port === undefined ? {} : { port }) };
}

function file(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RdCliError('RD_CLI_NO_CREDENTIALS', `${what} cannot be read: ${path}`, { cause });
  }
}

/** The agency's client credentials: --cert/--key, else its HI-1 client certificate (agencies[].lemf.console.hi1). */
function agencyCredentials(d: Deployment, o: RdRequestOptions): Credentials {
  const a = d.agencies.find((x) => x.id === o.agency) ?? usage(`--agency: no agency ${o.agency} in ${d.file}`);
  const tls = o.cert !== undefined && o.key !== undefined ? { cert: o.cert, key: o.key } : a.lemf.console?.hi1;
  if (!tls) throw new RdCliError('RD_CLI_NO_CREDENTIALS', `agency ${a.id} has no client credentials in the deployment (lemf.console.hi1): give --cert and --key`);
  return { certPem: file(tls.cert, 'the agency certificate'), keyPem: file(tls.key, 'the agency key'), caPem: file(d.ca, 'the CA') };
}

/** The RDHI's answer-signing public key: --operator-key, else the `.pub.pem` beside its signingKey. */
function operatorKey(path: string | undefined, signingKey: string): KeyObject {
  const p = path ?? signingKey.replace(/(\.key)?\.pem$/u, '.pub.pem');
  if (p === signingKey || !existsSync(p)) throw new RdCliError('RD_CLI_NO_CREDENTIALS', `the operator's RDHI public key is not at ${p}: give --operator-key`);
  try {
    return createPublicKey(readFileSync(p, 'utf8'));
  } catch (cause) {
    throw new RdCliError('RD_CLI_NO_CREDENTIALS', `not a public key: ${p}`, { cause });
  }
}

export async function rdRequest(d: Deployment, o: RdRequestOptions): Promise<RdRequestResult> {
  if (!(RD_CATEGORIES as readonly string[]).includes(o.category)) usage(`--category: expected one of ${RD_CATEGORIES.join(', ')}, got ${JSON.stringify(o.category)}`);
  const category = o.category as RdCategory;
  const op = d.operators.find((x) => x.id === o.operator) ?? usage(`--operator: no operator ${o.operator} in ${d.file}`);
  const rdhi = op.retainedData?.rdhi ?? usage(`operator ${op.id} runs no RDHI (operators[].retainedData.rdhi)`);
  const identifier = identifierOf(o);
  const period = category === 'ipSubscriber' ? undefined : { start: time('from', o.from), end: time('to', o.to) };
  if (category === 'ipSubscriber' && (o.from !== undefined || o.to !== undefined)) usage('an ipSubscriber request is asked at one instant (--at), not over --from/--to');
  const message = buildExactRequest({
    requestID: { countryCode: d.mediation.authorizationCountryCode, authorisedOrganisationID: o.agency, requestNumber: randomUUID(), externalIdentifier: o.order },
    cSPID: op.id,
    timeStamp: new Date(),
    category,
    identifier,
    ...(period ? { period } : {}),
  });
  const client = new RdClient({
    connector: tlsConnector(agencyCredentials(d, o)),
    endpoint: rdhi.listen,
    cspPublicKey: operatorKey(o.operatorKey, rdhi.signingKey),
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
  });
  const requestBytes = encodeRdMessage(message);
  const answers = await client.exchange(message);
  const records: ResponseRecord[] = [];
  for (const a of answers) {
    const p = a.message.retainedDataPayload;
    const refusal = 'errorMessage' in p ? p.errorMessage : 'responseMessage' in p && 'responseFailed' in p.responseMessage.responseStatus ? p.responseMessage.responseStatus.responseFailed : undefined;
    if (refusal) {
      const c = refusal.categorisedErrorDescription;
      const err = new RdCliError('RD_CLI_REFUSED', `refused by ${op.id}: ${c ? `${String(c.value)} ${c.description ?? ''}` : 'no categorised error'} — ${refusal.information ?? ''}`, {
        ...(c ? { standardCode: c.value } : {}),
      });
      Object.assign(err, { answers, requestBytes });
      throw err;
    }
    if ('responseMessage' in p) records.push(...(p.responseMessage.responsePayload ?? []));
  }
  return { records, answers, requestBytes };
}

/** `--save FILE`: every answer's bytes as received, back to back (BER elements frame themselves). */
export function saveAnswers(path: string, answers: readonly RdAnswer[]): void {
  writeFileSync(path, Buffer.concat(answers.map((a) => Buffer.from(a.raw))), { mode: 0o600 });
}
