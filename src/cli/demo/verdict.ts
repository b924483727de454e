/**
 * The demo's verdict, from what the users of the system hold once it has stopped: each agency's
 * evidence (its LEMF's store, read offline), the networks' ground truth, the audit log verified
 * offline with the log's public key, the ADMF's X1 journal, and the roles' last metrics.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENTRIES_FILE, createNoteVerifier, type AuditEvent, decodeAuditEvent, parseEntryLine, readCheckpointNotes, verifyAuditLog } from '../../audit/index.ts';
import { MonitoringStore } from '../../monitoring/index.ts';
import { deriveLiid } from '../../warrants/index.ts';
import type { Deployment } from '../../platform/config/types.ts';
import { down } from '../../platform/supervisor/control.ts';
import { isKeepaliveRound, journalKeyFrom, readX1Journal, requestTypesOf, X1_JOURNAL_FILE, type JournaledExchange } from '../../provisioning/audit-trail.ts';
import { metric, scrape } from './admin-client.ts';
import type { ChaosKill } from './chaos.ts';
import type { DeploymentDriver } from './deployment-driver.ts';
import { attribute, formatTable, summaryRows, truthFromEvents, type DemoTarget, type SummaryRow } from './summary.ts';
import { profileRules } from '../audit/profile-rules.ts';
import { loadWitnessQuorum } from '../audit/verify-command.ts';
import { WITNESS_POLICY_FILE } from '../../audit/witness-policy.ts';
import { readSecretKeyFile } from '../../platform/sealed.ts';
import { RD_EVENT } from '../../audit/rd-events.ts';
import { printRetainedData, retainedDataOk, type RetainedDataVerdict } from './retained-data.ts';

export interface DemoAgencyPlan {
  agencyId: string;
  lemfId: string;
  targets: DemoTarget[];
  operators: string[];
  warrantId?: string;
  reference?: string;
}

export interface AgencyVerdict {
  agencyId: string;
  liid: string;
  records: number;
  /** Records at this agency's LEMF that concern the other agencies' targets (must be 0). */
  othersTargets: number;
  /** Records under a LIID that is not this agency's warrant's (must be 0). */
  foreignLiids: number;
  /** Sequence numbers missing at this agency's LEMF, and Annex J checks naming a PDU it never received. */
  lost: { sequenceGaps: number; integrityMissing: number };
  lemfId: string;
}

export interface DemoResult {
  ok: boolean;
  rows: SummaryRow[];
  agencies: AgencyVerdict[];
  nonTarget: number;
  afterExpiry: number;
  mediationRefused: Record<string, number>;
  rogueAttemptRefused: number;
  reconciliation: { rogue: number; missing: number };
  recordsDelivered: number;
  auditEntries: number;
  auditVerified: boolean;
  integrity: { ok: number; failed: number; missing: number };
  sequenceGaps: number;
  duplicates: number;
  x1Exchanges: number;
  x1ExchangesAudited: number;
  /** Target identities found in clear anywhere in the audit log's entries (must be 0), and target commitments logged. */
  identitiesInLog: number;
  commitmentsInLog: number;
  /** Journaled exchanges without their audit entry that no kill -9 of control or audit explains, or that activated something. */
  x1Unexplained: number;
  kills: ChaosKill[];
  upMs: number;
  runDir: string;
  configFile: string;
  /** The production order's retained data against the network's ground truth (retained-data.ts). */
  retainedData?: RetainedDataVerdict;
}

export interface JudgeInput {
  d: Deployment;
  driver: DeploymentDriver;
  plans: DemoAgencyPlan[];
  runDir: string;
  start: number;
  end: number;
  activeFrom: number | undefined;
  activeUntil: number | undefined;
  kills: ChaosKill[];
  upMs: number;
  retainedData?: RetainedDataVerdict;
  out: (line: string) => void;
}

export async function judgeDemo(j: JudgeInput): Promise<DemoResult> {
  const { d, out } = j;
  // 1. While the deployment runs: the networks' ground truth and the roles' last metrics.
  const events = new Map<string, { timeMs: number; category: string }[]>();
  for (const op of d.operators) for (const w of await j.driver.groundTruth(op.id)) events.set(w.label, w.events);
  const mdf = await scrape(d.mediation.admin);
  const control = await scrape(d.control.admin);
  const refused: Record<string, number> = {};
  for (const [k, v] of mdf) {
    const m = /^warranted_mdf_pdus_refused\{reason="([^"]+)"\}$/.exec(k);
    if (m) refused[m[1]!] = v;
  }
  // 2. Stop everything (drained), then read what each party holds.
  await down({ dataDir: d.dataDir, timeoutMs: 60_000 });
  const outages = j.kills.map((k) => ({ from: k.killedAt, to: k.killedAt + (k.deliveringAfterMs ?? k.healthyAfterMs ?? j.end - k.killedAt) }));
  const allTargets = j.plans.flatMap((p) => p.targets);
  const truth = truthFromEvents(allTargets, events, { start: j.start, end: j.end, activeFrom: j.activeFrom, activeUntil: j.activeUntil }, outages);
  const rows: SummaryRow[] = [];
  const agencies: AgencyVerdict[] = [];
  let nonTarget = 0;
  let afterExpiry = 0;
  let delivered = 0;
  let gaps = 0;
  let dups = 0;
  const integrity = { ok: 0, failed: 0, missing: 0 };
  for (const p of j.plans) {
    const lemf = d.agencies.find((a) => a.lemf.id === p.lemfId)!.lemf;
    // Read-only, with the agency's own key: the evidence is sealed at rest (docs/monitoring.md "At rest").
    const store = new MonitoringStore({ dataDir: lemf.dir, evidenceKey: readSecretKeyFile(lemf.evidenceKey, 'agencies[].lemf.evidenceKey'), readOnly: true, defaultAccessor: 'demo-verdict' });
    const liid = deriveLiid({ id: p.warrantId!, agency: { id: p.agencyId, name: p.agencyId } });
    const reader = store.as('demo-verdict');
    const liids = store.liids();
    const records = liids.includes(liid) ? reader.records(liid) : [];
    const foreign = liids.filter((l) => l !== liid).reduce((n, l) => n + reader.records(l).length, 0);
    const mine = attribute(records, p.targets, j.end);
    const others = attribute(records, j.plans.filter((q) => q !== p).flatMap((q) => q.targets), j.end);
    const othersTargets = [...others.perTarget.values()].reduce((n, c) => n + Object.values(c).reduce((x, y) => x + y, 0), 0);
    rows.push(...summaryRows(truth, mine, p.targets));
    nonTarget += mine.nonTarget.length;
    afterExpiry += mine.afterExpiry.length;
    delivered += records.length;
    const ig = reader.integrity();
    integrity.ok += ig.ok;
    integrity.failed += ig.failed;
    integrity.missing += ig.missing;
    let agencyGaps = 0;
    for (const g of reader.gaps()) {
      agencyGaps += g.missingCount;
      dups += g.duplicateCount ?? 0;
    }
    gaps += agencyGaps;
    agencies.push({ agencyId: p.agencyId, lemfId: p.lemfId, liid, records: records.length, othersTargets, foreignLiids: foreign, lost: { sequenceGaps: agencyGaps, integrityMissing: ig.missing } });
  }
  // 3. The audit log, verified offline with only the log's public key and its published checkpoints.
  const pub = readFileSync(join(dirname(d.audit.signingKey), 'audit-log.pub.pem'), 'utf8');
  const verifier = createNoteVerifier(d.audit.origin, createPublicKey(pub));
  const report = await verifyAuditLog({ entriesFile: join(d.audit.dir, ENTRIES_FILE), checkpoints: await readCheckpointNotes(d.audit.dir), publicKey: verifier, witnesses: loadWitnessQuorum(join(d.audit.dir, WITNESS_POLICY_FILE)), law: { profiles: profileRules(), deactivationToleranceMs: 15_000 } });
  const logged = readFileSync(join(d.audit.dir, ENTRIES_FILE), 'utf8').split('\n').filter(Boolean).map((l, i) => decodeAuditEvent(parseEntryLine(l, i).leaf));
  // Refusals are audited per XID and second with a count (metrics restart with the MDF; the log does not).
  const rogueRefused = logged.filter((e) => e.type === 'mdf.record-refused' && e.details.code === 'MDF_UNKNOWN_XID').reduce((n, e) => n + Number(e.details.count ?? 0), 0);
  const x1 = x1Accounting(readX1Journal(join(d.control.dir, X1_JOURNAL_FILE), journalKeyFrom(readSecretKeyFile(d.control.identityKey, 'control.identityKey'))), logged, j.kills);
  // Issue 9: the log names targets only by salted commitment — search every decoded leaf for every target's value.
  const leaves = logged.map((e) => JSON.stringify(e));
  const identitiesInLog = allTargets.reduce((n, t) => n + leaves.filter((l) => l.includes(t.id.value)).length, 0);
  // The RDHI's record of the production order (issue 11 item 4): request, disclosure, refusal.
  const rd = j.retainedData;
  if (rd) {
    const mine = logged.filter((e) => e.details.orderId === rd.orderId);
    const of = (type: string) => mine.filter((e) => e.type === type);
    rd.events = { request: of(RD_EVENT.request).length, refused: of(RD_EVENT.refused).length, disclosed: of(RD_EVENT.disclosed).length, recordsDisclosed: of(RD_EVENT.disclosed).reduce((n, e) => n + Number(e.details.records ?? 0), 0) };
  }
  const commitmentsInLog = leaves.reduce((n, l) => n + (l.match(/commit-v1:[0-9a-f]{64}/g)?.length ?? 0), 0);
  const result: DemoResult = {
    ok: false,
    rows,
    agencies,
    nonTarget,
    afterExpiry,
    mediationRefused: refused,
    rogueAttemptRefused: rogueRefused,
    reconciliation: { rogue: metric(control, 'warranted_reconciliation_findings_total', 'kind="rogue"'), missing: metric(control, 'warranted_reconciliation_findings_total', 'kind="missing"') },
    recordsDelivered: delivered,
    auditEntries: report.entries,
    auditVerified: report.ok,
    integrity,
    sequenceGaps: gaps,
    duplicates: dups,
    x1Exchanges: x1.journaled,
    x1ExchangesAudited: x1.audited,
    x1Unexplained: x1.unexplained,
    identitiesInLog,
    commitmentsInLog,
    kills: j.kills,
    upMs: j.upMs,
    runDir: j.runDir,
    configFile: d.file,
    ...(rd ? { retainedData: rd } : {}),
  };
  const chaosOk = j.kills.every((k) => k.healthyAfterMs !== undefined && k.deliveringAfterMs !== undefined);
  result.ok =
    rows.every((r) => r.ok) && nonTarget === 0 && afterExpiry === 0 && agencies.every((a) => a.othersTargets === 0 && a.foreignLiids === 0 && a.records > 0) &&
    report.ok && identitiesInLog === 0 && commitmentsInLog > 0 && x1.unexplained === 0 && result.rogueAttemptRefused > 0 && result.reconciliation.rogue === 0 && integrity.failed === 0 && integrity.missing === 0 && integrity.ok > 0 && gaps === 0 && dups === 0 && chaosOk && (rd === undefined || retainedDataOk(rd));
  printVerdict(result, report.problems.map((p) => p.message), out);
  return result;
}

function printVerdict(r: DemoResult, auditProblems: string[], out: (l: string) => void): void {
  out('');
  out(formatTable(r.rows, r.nonTarget, r.afterExpiry));
  for (const a of r.agencies) out(`agency ${a.agencyId}: ${a.records} records under its LIID ${a.liid}; records of the other agency's targets ${a.othersTargets}, under other LIIDs ${a.foreignLiids} (must be 0) ${a.othersTargets === 0 && a.foreignLiids === 0 ? 'ok' : 'VIOLATION'}; lost on the way ${a.lost.sequenceGaps}`);
  // Delivery is "written to the socket", not "received" (TS 102 232-1 §6.3.6 acknowledgement is not
  // used yet): PDUs in flight when a LEMF dies are lost, and this says so rather than hiding it.
  const killedLemfs = new Set(r.kills.filter((k) => k.role === 'lemf').map((k) => k.id));
  const atKilled = r.agencies.filter((a) => killedLemfs.has(a.lemfId)).reduce((n, a) => n + a.lost.sequenceGaps, 0);
  if (r.sequenceGaps > 0) out(`records lost: ${r.sequenceGaps} sequence numbers never received, ${atKilled} of them at a LEMF that was killed (PDUs written to its socket before the kill -9 and never read: delivery is not acknowledged yet, docs/architecture.md "Known gaps")`);
  out('');
  out(`rogue X2 for an unwarranted XID: ${r.rogueAttemptRefused} PDUs dropped by mediation, alarm raised`);
  out(`at the LEMFs: Annex J integrity checks ${r.integrity.ok} verified, ${r.integrity.failed} failed, ${r.integrity.missing} naming a PDU never received; sequence numbers missing ${r.sequenceGaps}, repeated ${r.duplicates}`);
  out(`reconciliation (X1 ListAllDetails/GetTaskDetails on every element): ${r.reconciliation.rogue} rogue tasks, ${r.reconciliation.missing} missing`);
  out(`X1 exchanges (keepalive rounds aside): ${r.x1Exchanges}, of which in the audit log: ${r.x1ExchangesAudited}${r.x1Exchanges === r.x1ExchangesAudited ? '' : `; the others were read-only or deactivating, made while control or audit was being killed (unexplained: ${r.x1Unexplained}, must be 0)`}`);
  out(`audit log: ${r.auditEntries} entries, offline verification (structure and the law) ${r.auditVerified ? 'OK' : `FAILED: ${auditProblems.slice(0, 5).join('; ')}`}`);
  out(`target identities in clear in the log: ${r.identitiesInLog} (must be 0); salted target commitments: ${r.commitmentsInLog}`);
  for (const k of r.kills) out(`chaos: kill -9 ${k.role} ${k.id}: healthy again after ${k.healthyAfterMs ?? '∞'} ms, records flowing after ${k.deliveringAfterMs ?? '∞'} ms, unwarranted deliveries ${r.nonTarget + r.afterExpiry}`);
  if (r.retainedData) printRetainedData(r.retainedData, out);
  out(`warranted up to all roles healthy: ${(r.upMs / 1000).toFixed(1)} s`);
  out(`deployment: ${r.configFile}; verify the log yourself: node bin/warranted.mjs audit verify --dir ${join(r.runDir, 'data', 'audit')} --key ${join(r.runDir, 'keys', 'audit-log.pub.pem')}`);
  out(r.ok ? `RESULT: OK — only warranted targets were intercepted, each agency got only its own warrant, nothing after expiry${r.retainedData ? ', the production order got exactly the network\'s records and nothing beyond it' : ''}, everything audited.` : 'RESULT: FAILED — see above.');
}

/**
 * Every X1 exchange in the ADMF's journal against the x1.exchange entries of the log (matched by the
 * request's SHA-256). Keepalive rounds are journaled, not audited one by one (audit-trail.ts). An
 * exchange may lack its entry only if it was made while the control or audit role was being killed
 * (journaled, then the process died or the log refused the append) AND it started nothing: an
 * activation without its entry is never explained away.
 */
function x1Accounting(journal: JournaledExchange[], logged: AuditEvent[], kills: ChaosKill[]): { journaled: number; audited: number; unexplained: number } {
  const lines = journal.filter((x) => !isKeepaliveRound(requestTypesOf(x.request)));
  const audited = new Set(logged.filter((e) => e.type === 'x1.exchange').map((e) => String(e.details.requestSha256)));
  const windows = kills.filter((k) => k.role === 'control' || k.role === 'audit').map((k) => ({ from: k.killedAt - 2000, to: k.killedAt + (k.healthyAfterMs ?? 60_000) + 2000 }));
  let unexplained = 0;
  let matched = 0;
  for (const x of lines) {
    if (audited.has(createHash('sha256').update(x.request).digest('hex'))) {
      matched++;
      continue;
    }
    const at = Date.parse(x.at);
    const startsSomething = /ActivateTaskRequest|CreateDestinationRequest|ModifyTaskRequest/.test(x.request);
    if (startsSomething || !windows.some((w) => at >= w.from && at <= w.to)) unexplained++;
  }
  return { journaled: lines.length, audited: matched, unexplained };
}
