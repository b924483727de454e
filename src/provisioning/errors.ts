import { WarrantedError } from '../platform/errors.ts';

export class ProvisioningError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'PROVISIONING_UNKNOWN_OPERATOR', meaning: 'A task names an operator that is not in the registry: nothing is provisioned for it.' },
  { code: 'PROVISIONING_UNKNOWN_DESTINATION', meaning: "The warrant's delivery destination is not a registered monitoring centre: the task is not activated anywhere." },
  { code: 'PROVISIONING_NE_FAILED', meaning: 'A network element or the MDF refused or did not answer an X1 request; the task is retried by reconciliation and an alarm is raised.' },
  { code: 'PROVISIONING_ROGUE_TASK', meaning: 'Reconciliation found an XID on a network element that no warrant covers: alarm, audit, and DeactivateTask.' },
  { code: 'PROVISIONING_ENDED_TASK', meaning: 'Reconciliation found on an element the XID of a warrant that has stopped (expired, lapsed, revoked, suspended) — its deactivation was lost, e.g. with a restart of the ADMF: alarm, DeactivateTask, audit `provisioning.task-deactivated` with the reason; never reported as rogue.' },
  { code: 'PROVISIONING_JOURNAL_UNREADABLE', meaning: "The ADMF's X1 journal (x1-exchanges.jsonl) holds a line that does not open with the key derived from control.identityKey (another key, or the line was altered): it is refused, never skipped." },
  { code: 'PROVISIONING_MISSING_TASK', meaning: 'Reconciliation found a warranted task missing from a network element or the MDF: it is activated again.' },
  { code: 'PROVISIONING_NE_REPORT', standardCode: 'ReportTaskIssue/ReportDestinationIssue/ReportNEIssue', meaning: 'A network element or the MDF reported an issue to the ADMF at /X1/ADMF (TS 103 221-1 §6.5): audited and alarmed.' },
  { code: 'PROVISIONING_AUDIT_UNAVAILABLE', meaning: 'The audit log (or the X1 journal) refused an event: provisioning refuses to send X1 activations (fail closed); deactivations are still sent, then apply() throws.' },
  { code: 'PROVISIONING_NOT_WITNESSED', meaning: "The entry announcing a task activation was not in a checkpoint cosigned by the witness quorum within the audit service's maxWaitMs: the task is not provisioned anywhere; alarm and a `provisioning.refused` event (issue 9)." },
  { code: 'PROVISIONING_TASK_MISMATCH', meaning: "Reconciliation's GetTaskDetails shows a warranted XID whose target, delivery type, destinations, warrant binding, LIID or time window differ from the warrant's: alarm, audit, ModifyTask (or DeactivateTask + ActivateTask)." },
  { code: 'PROVISIONING_MISSING_DESTINATION', meaning: 'Reconciliation found a destination missing from an element that warranted tasks need (the element restarted): it is created again.' },
  { code: 'PROVISIONING_ORDER_FAILED', meaning: 'Alarm: a warrant change could not be applied on every element (or the audit log refused); it is retried with backoff, in order per warrant — an activation is dropped once a newer change of the same warrant arrives, a deactivation never.' },
  { code: 'PROVISIONING_TICK_FAILED', meaning: 'Alarm: the control role\'s warrant sweep (activation of approved warrants whose start has come, expiry, lapse) failed; it runs again at the next tick.' },
  { code: 'PROVISIONING_NE_UNREACHABLE', meaning: 'A network element or the MDF does not answer X1 (a Keepalive, TS 103 221-1 §6.6.2, or another request): alarmed once per outage; when it answers again it is reconciled at once.' },
  { code: 'PROVISIONING_WARRANTS_UNAVAILABLE', meaning: 'The warranted tasks could not be read: reconciliation is skipped (never read as "no warrant", which would deactivate every lawful task). When only the stopped warrants (endedTasks) cannot be read, every XID no active warrant covers is removed as rogue (fail closed).' },
];
