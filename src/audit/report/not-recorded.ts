/**
 * The report's "not recorded" section: every field the two laws ask for that the audit log does
 * not hold, with the reason. An overseer must be able to tell "zero" from "not known".
 */
import type { NotRecordedRow } from './model.ts';

const ALWAYS: readonly NotRecordedRow[] = [
  {
    field: 'encryption',
    source: '18 U.S.C. §2519(2)(b)(iv)',
    reason: 'The mediation function relays records without reading their payloads, and no event says whether a communication was encrypted or whether that prevented obtaining its plain text.',
  },
  {
    field: 'nature of communications',
    source: '18 U.S.C. §2519(2)(b)(i)-(ii)',
    reason: 'Only how many records were delivered is logged; whether they were incriminating needs their content, which the log never holds.',
  },
  {
    field: 'persons intercepted',
    source: '18 U.S.C. §2519(2)(b)(iii)',
    reason: 'Reported as the number of target identities each warrant names: one person may have several identities, and the people the targets talked to are not counted.',
  },
  {
    field: 'cost and manpower',
    source: '18 U.S.C. §2519(2)(b)(v)',
    reason: 'Resources spent by the agency are not events of this system.',
  },
  {
    field: 'arrests, trials, motions to suppress, convictions',
    source: '18 U.S.C. §2519(2)(c)-(f)',
    reason: 'They happen in courts and agencies outside the system; prosecutors report them.',
  },
  {
    field: 'applying officer and authorising official',
    source: '18 U.S.C. §2519(1)(f); IFTA 2013 report field applyingOfficer',
    reason: 'The log names no officer (warrant terms carry no person); approvals are shown by the signing role (minister, judge) and time only.',
  },
  {
    field: 'place of interception',
    source: '18 U.S.C. §2519(1)(g)',
    reason: 'Reported as the kinds of identities, the services and the operators; no identity and no place is logged in clear.',
  },
  {
    field: 'progress report of a re-issue',
    source: 'IFTA 2013: re-issue with a report of the progress of the investigation',
    reason: 'Required by the pk-ifta-2013 profile and checked at submission (WARRANT_RENEWAL_PROGRESS_REPORT_MISSING); its text is not logged.',
  },
];

/** The fixed rows, plus one naming how many orders were logged without their terms. */
export function notRecordedRows(ordersWithoutTerms: number, orders: number): NotRecordedRow[] {
  const rows = [...ALWAYS];
  if (ordersWithoutTerms > 0) {
    rows.push({
      field: 'warrant terms',
      source: 'warrant.submitted details.terms',
      reason: `${ordersWithoutTerms} of ${orders} orders were logged without their terms (offence, legal basis, window, IRI or content, services, targets, operators, retention): those fields say "not recorded".`,
    });
  }
  return rows;
}
