/**
 * The operator's RDHI inside the `network` role (issue 11 item 1): when
 * `operators[].retainedData.rdhi` is configured, HI-A/HI-B (TS 102 657 §7.3, BER inside mutual TLS
 * with the RDHI's own credentials) in front of the role's retained-data store, answering through
 * rdhiHandler — orders judged from the bundles in `ordersDir` with the deployment's authority keys
 * (rdhi-orders.ts), every request, refusal and disclosure appended to the transparency log in the
 * RDHI's name before anything is read or sent (rdhi-recorder.ts), every answer signed.
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
import { rdhiOrderAuthority, rdhiOrderProfiles, trustedAuthorityKeys } from './rdhi-orders.ts';
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
      authority: rdhiOrderAuthority({ ordersDir: cfg.ordersDir, keys: await trustedAuthorityKeys(d), profiles: rdhiOrderProfiles(d) }),
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
  });
  ctx.log.info('RDHI listening', { endpoint: `${server.endpoint.host}:${server.endpoint.port}` });
  return {
    endpoint: server.endpoint,
    stop: async () => {
      await server.close();
      await log.close();
    },
  };
}
