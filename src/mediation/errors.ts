import { WarrantedError } from '../platform/errors.ts';

/** Why mediation refused an X2/X3 PDU: it is dropped, counted, alarmed and audited. */
export class MediationRefusal extends WarrantedError {}

/** The MDF's durable state (`<dataDir>/state/`) cannot be read or written: it refuses to start, or refuses the X1 change. */
export class MediationStateError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'MDF_TASK_REFUSED', standardCode: 3000, meaning: 'An X1 ActivateTask/ModifyTask to the MDF lacks MediationDetails, a warrant binding, a window or a LEMF destination (TS 103 221-1 §6.7 GenericActivateTaskFailure).' },
  { code: 'MDF_UNKNOWN_XID', meaning: 'An X2/X3 PDU names an XID for which mediation has no task: a rogue or stale interception (dropped, alarm).' },
  { code: 'MDF_TASK_NOT_STARTED', meaning: "The PDU arrived (or was intercepted) before the task's MediationDetails StartTime." },
  { code: 'MDF_TASK_ENDED', meaning: "The PDU arrived (or was intercepted) after the task's EndTime, or after the task was deactivated or its warrant revoked." },
  { code: 'MDF_CONTENT_NOT_WARRANTED', meaning: 'An X3 (content) PDU for a task whose warrant covers IRI only.' },
  { code: 'MDF_POI_NOT_TASKED', meaning: 'The peer that sent the PDU is not a registered network element (its certificate identity is not in the MDF allowed list), or not one the task names.' },
  { code: 'MDF_UNSUPPORTED_PAYLOAD', meaning: 'The PDU payload format cannot be converted to a TS 102 232 PS-PDU.' },
  { code: 'MDF_BAD_PAYLOAD', meaning: 'The PDU payload could not be decoded (e.g. an invalid TS 33.128 xIRI).' },
  { code: 'MDF_NO_DESTINATION', meaning: 'The task names no LEMF destination for this kind of record.' },
  { code: 'MDF_OUTBOX_FAILED', meaning: 'The durable outbox could not be written or read: delivery stops (fail closed).' },
  { code: 'MDF_STATE_CORRUPT', meaning: 'A file of the MDF state (<dataDir>/state/: tasks, destinations, sequence counters) is unreadable, fails its checksum or names an invalid task: the MDF refuses to start (fail closed) and leaves the file as found.' },
  { code: 'MDF_STATE_WRITE_FAILED', meaning: "The MDF could not write its state durably: an X1 request is refused with the request's Generic…Failure code (an activation is rolled back), or sequence counters may repeat after a crash (alarm)." },
  { code: 'MDF_OUTBOX_ORPHANED', meaning: 'Alarm at start: an outbox holds undelivered records for a destination the MDF no longer has; the file is kept and delivered if the DID is created again.' },
  { code: 'MDF_AUDIT_UNAVAILABLE', meaning: 'The audit log refused an event: mediation stops accepting records (fail closed) until the log accepts events again.' },
  { code: 'MDF_AUDIT_RESTORED', meaning: 'Alarm: the audit log accepts events again after an outage; the outage is recorded (mdf.audit-restored), then held-back records are audited and released.' },
  { code: 'MDF_X1_FAIL_SAFE', meaning: 'Alarm: no X1 request from the ADMF for TIME_P2 while the MDF had tasks (TS 103 221-1 §6.6.2): every task was deactivated as by DeactivateAllTasks, durably, and reported to the ADMF with ReportNEIssue; only the ADMF re-tasks the MDF.' },
  { code: 'MDF_ADMF_REPORT_FAILED', meaning: "Alarm: the ReportNEIssue for a fail-safe was not acknowledged at the ADMF's /X1/ADMF after a few bounded attempts; the trip itself is alarmed, audited (mdf.x1-fail-safe) and in the MDF's stats." },
];
