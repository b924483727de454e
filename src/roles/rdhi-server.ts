/**
 * The operator's RDHI inside the `network` role (issue 11 item 1): when
 * `operators[].retainedData.rdhi` is configured, HI-A/HI-B (TS 102 657 §7.3, BER inside mutual TLS
 * with the RDHI's own credentials) in front of the role's retained-data store, answering through
 * rdhiHandler — orders asked of the warrant desk at every request, else read from `ordersDir`
 * (rdhi-orders.ts), judged with the deployment's authority keys as the transparency log's key events
 * leave them (revoked, retired, expired keys refused; rdhi-keys.ts), every request, refusal and
 * disclosure appended to the transparency log in the RDHI's name before anything is read or sent
 * (rdhi-recorder.ts), every answer signed.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { RemoteAuditLog } from '../audit/service/client.ts';
import type { OperatorConfig } from '../platform/config/types.ts';
import { rdhiHandler } from '../retained-data/rdhi/handler.ts';
import type { RetainedDataStore } from '../retained-data/store.ts';
import { RD_CATEGORISED_ERRORS } from '../standards/rd/index.ts';
import { startRdServer } from '../wires/rd/index.ts';
import { tlsListener } from '../wires/transport.ts';
import { credentialsOf } from './common.ts';
import type { RoleContext } from './context.ts';
import { Hi1Client } from '../warrants/desk/client.ts';
import { fetchOrder } from '../warrants/desk/order-client.ts';
import { RdhiAuthorityKeys } from './rdhi-keys.ts';
import { rdhiOrderAuthority, rdhiOrderProfiles } from './rdhi-orders.ts';
import { rdhiAuditRecorder } from './rdhi-recorder.ts';

export interface RunningRdhi {
  readonly endpoint: { host: string; port: number };
  stop(): Promise<void>;
}

export async function startRdhi(ctx: RoleContext, op: OperatorConfig, store: RetainedDataStore): Promise<RunningRdhi | undefined> {
  const cfg = op.retainedData?.rdhi;
  if (!cfg) return undefined;
  const d = ctx.deployment;
  const creds = credentialsOf(d, cfg.tls);
  mkdirSync(cfg.ordersDir, { recursive: true, mode: 0o700 });
  const log = new RemoteAuditLog({ creds, endpoint: d.audit.listen, serverIdentity: d.audit.id });
  const recorder = rdhiAuditRecorder(log, { rdhiId: cfg.id, operatorId: op.id });
  // The authorities' keys: the deployment's, as the log's key events leave them, re-read per request.
  const keys = await RdhiAuthorityKeys.fromDeployment(d, log);
  await keys.current().catch((e: unknown) => {
    // Not fatal: the RDHI refuses (503) until the log can be read (rdhi-keys.ts).
    ctx.alarm('RDHI_KEYS_UNAVAILABLE', `at start: ${e instanceof Error ? e.message : String(e)}`);
  });
  ctx.metrics.gauge('warranted_rdhi_key_log_position', 'Transparency-log entries the RDHI has read for key events').collect(() => keys.position);
  // The warrant desk, asked for the order at every request with the RDHI's own certificate (HI-1 GET).
  const desk = new Hi1Client({ creds, endpoint: d.control.desk.listen, self: { countryCode: 'XX', uniqueIdentifier: cfg.id }, desk: { countryCode: 'XX', uniqueIdentifier: d.control.desk.id }, timeoutMs: 5000 });
  const answered = ctx.metrics.counter('warranted_rdhi_problems_total', 'RD messages refused before the handler (malformed, too large, handler failure)', ['code']);
  const server = await startRdServer({
    listener: tlsListener(creds),
    bind: cfg.listen,
    cspId: op.id,
    // TS 102 657 RequestID.countryCode is the ISO 3166 country of the authorisation (the deployment's).
    countryCode: d.mediation.authorizationCountryCode,
    handler: rdhiHandler({
      cspId: op.id,
      store,
      authority: rdhiOrderAuthority({ ordersDir: cfg.ordersDir, keys, profiles: rdhiOrderProfiles(d), desk: (id) => fetchOrder(desk, id), alarm: (code, detail) => ctx.alarm(code, detail) }),
      recorder,
      signingKey: createPrivateKey(readFileSync(cfg.signingKey, 'utf8')),
    }),
    onProblem: (p) => {
      answered.inc({ code: p.code });
      ctx.log.warn('rd message refused before the handler', { peer: p.peer, code: p.code });
      // Bad input is on the record too (rd.refused with the categorised value the ErrorMessage carried).
      const rdError = p.code === 'RD_TOO_LARGE' ? RD_CATEGORISED_ERRORS.tooLarge.value : p.code === 'RD_HANDLER_FAILED' ? RD_CATEGORISED_ERRORS.internal.value : RD_CATEGORISED_ERRORS.malformedRequest.value;
      recorder.refused({ code: p.code, rdError }).catch((e: unknown) => ctx.log.error('rd.refused not recorded', { code: p.code, error: String(e) }));
    },
  }).catch(async (e: unknown) => {
    desk.close();
    await log.close();
    throw e;
  });
  ctx.log.info('RDHI listening', { endpoint: `${server.endpoint.host}:${server.endpoint.port}` });
  return {
    endpoint: server.endpoint,
    stop: async () => {
      await server.close();
      desk.close();
      await log.close();
    },
  };
}
