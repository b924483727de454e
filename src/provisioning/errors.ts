import { WarrantedError } from '../platform/errors.ts';

export class ProvisioningError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'PROVISIONING_UNKNOWN_OPERATOR', meaning: 'A task names an operator that is not in the registry: nothing is provisioned for it.' },
  { code: 'PROVISIONING_UNKNOWN_DESTINATION', meaning: "The warrant's delivery destination is not a registered monitoring centre: the task is not activated anywhere." },
  { code: 'PROVISIONING_NE_FAILED', meaning: 'A network element or the MDF refused or did not answer an X1 request; the task is retried by reconciliation and an alarm is raised.' },
  { code: 'PROVISIONING_ROGUE_TASK', meaning: 'Reconciliation found an XID on a network element that no warrant covers: alarm, audit, and DeactivateTask.' },
  { code: 'PROVISIONING_MISSING_TASK', meaning: 'Reconciliation found a warranted task missing from a network element or the MDF: it is activated again.' },
  { code: 'PROVISIONING_NE_REPORT', standardCode: 'ReportTaskIssue/ReportDestinationIssue/ReportNEIssue', meaning: 'A network element or the MDF reported an issue to the ADMF at /X1/ADMF (TS 103 221-1 §6.5): audited and alarmed.' },
  { code: 'PROVISIONING_AUDIT_UNAVAILABLE', meaning: 'The audit log refused an event: provisioning refuses to send X1 activations (fail closed).' },
];
