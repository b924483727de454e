/**
 * The ADMF's own X1 responder at /X1/ADMF (TS 103 221-1 §6.5): network elements and the MDF report
 * task (§6.5.2), destination (§6.5.3) and NE (§6.5.4) issues here — a POI's §6.6.2 fail-safe among
 * them. Each report is alarmed and audited; an unknown XID is not an error (§6.5.2: "The ADMF shall
 * not send an error back to the NE in this situation"), reconciliation deals with it.
 */
import type { Credentials } from '../platform/pki.ts';
import { startX1Server, type X1Server } from '../wires/x1/index.ts';
import type { Endpoint } from '../wires/transport.ts';

export interface AdmfResponderOptions {
  creds: Credentials;
  bind: Endpoint;
  identifier: string;
  /** Element identities allowed to report. */
  peers: readonly string[];
  now: () => Date;
  alarm: (code: string, detail: string) => void;
  audit: (type: string, subject: string, details: Record<string, unknown>) => Promise<void>;
}

export function startAdmfResponder(o: AdmfResponderOptions): Promise<X1Server> {
  const report = async (kind: string, req: { neIdentifier: string }, peer: string, subject: string, details: Record<string, unknown>) => {
    o.alarm('PROVISIONING_NE_REPORT', `${peer} reports a ${kind} issue for ${subject}`);
    await o.audit(`x1.report-${kind}`, subject, { element: peer, neIdentifier: req.neIdentifier, ...details });
  };
  return startX1Server({
    creds: o.creds,
    bind: o.bind,
    path: '/X1/ADMF',
    identifier: o.identifier,
    allowedPeers: o.peers,
    now: o.now,
    handler: {
      onReportTaskIssue: (req, ctx) => report('task', req, ctx.peer, req.xId, { issue: req.taskReportType, errors: req.taskIssueErrorCode ?? null }),
      onReportDestinationIssue: (req, ctx) => report('destination', req, ctx.peer, req.dId, { issue: req.destinationReportType }),
      // The description is the element's own free text (ours names no target); bounded in size.
      onReportNEIssue: (req, ctx) => report('ne', req, ctx.peer, ctx.peer, { issue: req.typeOfNeIssueMessage, description: req.description.slice(0, 500) }),
      onPing: () => undefined,
      onKeepalive: () => undefined,
    },
  });
}
