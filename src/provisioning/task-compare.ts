/**
 * Compares the TaskDetails an element reports (GetTaskDetails, TS 103 221-1 §6.4.2) with those the
 * warrant requires (built by x1-messages.ts): a task whose target, delivery type, destinations,
 * warrant binding, services or — at the MDF — LIID, HI delivery, time window, service scoping or
 * tasked elements differ is intercepting something other than what was authorised, even though its
 * XID is lawful.
 */
import { randomUUID } from 'node:crypto';
import { decodeX1Request, encodeX1Request, x1Timestamp, X1_SCHEMA_VERSION, type TaskDetails } from '../standards/x1/index.ts';

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort().join(',');
const time = (t: string | undefined) => (t === undefined ? '' : String(Date.parse(t)));

/** Field name → comparable text, for the fields the ADMF sets. */
function fieldsOf(t: TaskDetails): Record<string, string> {
  const md = t.listOfMediationDetails?.[0];
  return {
    targetIdentifiers: sorted(t.targetIdentifiers.map((x) => `${x.kind}:${x.value}`)),
    deliveryType: t.deliveryType,
    listOfDIDs: sorted(t.listOfDIDs),
    warrantBinding: t.warrantBinding ? `${t.warrantBinding.warrantId}/${t.warrantBinding.warrantHash}` : '',
    liid: md?.liid ?? '',
    mediationDeliveryType: md?.deliveryType ?? '',
    startTime: time(md?.startTime),
    endTime: time(md?.endTime),
    mediationDIDs: sorted(md?.listOfDIDs),
    listOfServiceTypes: sorted(t.listOfServiceTypes),
    serviceScoping: JSON.stringify(md?.serviceScopingOptions ?? null),
    // Absent (no restriction) and empty (no element may send) are different lists.
    taskedElements: t.taskedElements === undefined ? '(none)' : `[${sorted(t.taskedElements)}]`,
  };
}

function differences(expected: TaskDetails, actual: TaskDetails): string[] {
  const e = fieldsOf(expected);
  const a = fieldsOf(actual);
  return Object.keys(e).filter((k) => e[k] !== a[k]);
}

/**
 * Our details as the element decoded them: the codec writes some identities in a canonical form
 * (IPv6 in full, IMEI with or without check digit), so the comparison goes through it.
 */
function asReceived(t: TaskDetails): TaskDetails {
  const xml = encodeX1Request({
    x1RequestMessage: [
      { messageType: 'ActivateTaskRequest', admfIdentifier: 'admf', neIdentifier: 'ne', messageTimestamp: x1Timestamp(new Date()), version: X1_SCHEMA_VERSION, x1TransactionId: randomUUID(), taskDetails: t },
    ],
  });
  const [m] = decodeX1Request(xml).x1RequestMessage;
  return m?.messageType === 'ActivateTaskRequest' ? m.taskDetails : t;
}

/** Names of the fields where `actual` departs from `expected` (empty: the task is as warranted). */
export function taskDifferences(expected: TaskDetails, actual: TaskDetails): string[] {
  const raw = differences(expected, actual);
  return raw.length === 0 ? raw : differences(asReceived(expected), actual);
}
