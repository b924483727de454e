/**
 * The journal lines of the MDF state file (state.ts): the changes of one X1 RequestContainer, as the
 * final state of every task and destination it touched (TS 103 221-1 §6.2, §6.3), chained by SHA-256.
 */
import { createHash } from 'node:crypto';
import type { DestinationDetails, TaskDetails } from '../standards/x1/index.ts';

/** What one RequestContainer changed: tasks and destinations as they now are, and those now gone. */
export interface MdfX1Change {
  tasks: TaskDetails[];
  xidsEnded: string[];
  destinations: DestinationDetails[];
  didsRemoved: string[];
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const DELIVERY_TYPES = ['X2Only', 'X3Only', 'X2andX3'];

function destinationProblem(d: unknown): boolean {
  return !isObj(d) || !isStr(d.dId) || !DELIVERY_TYPES.includes(d.deliveryType as string) || !isObj(d.deliveryAddress);
}

function taskProblem(t: unknown): string | undefined {
  if (!isObj(t) || !isStr(t.xId) || !Array.isArray(t.targetIdentifiers) || !Array.isArray(t.listOfDIDs) || !DELIVERY_TYPES.includes(t.deliveryType as string)) return 'is not a TaskDetails';
  if (!Array.isArray(t.listOfMediationDetails) || !isObj(t.listOfMediationDetails[0]) || !isObj(t.warrantBinding)) return 'lacks MediationDetails or its warrant binding';
  return undefined;
}

/** Shape checks of what the guard relies on; the X1 task table and mediationTaskOf check the rest on reload. */
export function shapeProblem(state: unknown): string | undefined {
  if (!isObj(state) || !Array.isArray(state.destinations) || !Array.isArray(state.tasks)) return 'state must have destinations and tasks arrays';
  for (const [i, d] of state.destinations.entries()) if (destinationProblem(d)) return `destinations[${i}] is not a DestinationDetails`;
  for (const [i, t] of state.tasks.entries()) {
    const p = taskProblem(t);
    if (p) return `tasks[${i}] ${p}`;
  }
  return undefined;
}

export function changeProblem(c: unknown): string | undefined {
  if (!isObj(c) || !Array.isArray(c.tasks) || !Array.isArray(c.xidsEnded) || !Array.isArray(c.destinations) || !Array.isArray(c.didsRemoved)) return 'not a change (tasks, xidsEnded, destinations, didsRemoved)';
  if (!c.xidsEnded.every(isStr) || !c.didsRemoved.every(isStr)) return 'an ended XID or removed DID is not a string';
  for (const d of c.destinations) if (destinationProblem(d)) return 'a destination is not a DestinationDetails';
  for (const t of c.tasks) {
    const p = taskProblem(t);
    if (p) return `a task ${p}`;
  }
  return undefined;
}

export function applyChange(c: MdfX1Change, destinations: Map<string, DestinationDetails>, tasks: Map<string, TaskDetails>): void {
  for (const xid of c.xidsEnded) tasks.delete(xid);
  for (const did of c.didsRemoved) destinations.delete(did);
  for (const d of c.destinations) destinations.set(d.dId, d);
  for (const t of c.tasks) tasks.set(t.xId, t);
}

/** `<sha256(previous + json)> <json>\n`. */
export function journalLine(c: MdfX1Change | object, previous: string): { line: string; sha: string } {
  const json = JSON.stringify(c);
  const sha = sha256(previous + json);
  return { line: `${sha} ${json}\n`, sha };
}

/** One complete journal line (without its newline), checked against the chain; a string says why not. */
export function parseJournalLine(line: string, previous: string): { change: unknown; sha256: string } | string {
  const m = /^([0-9a-f]{64}) (.+)$/s.exec(line);
  if (!m) return 'is not a journal line (<sha256> <change>)';
  if (sha256(previous + m[2]!) !== m[1]) return 'fails its SHA-256 checksum (edited, or a line before it is missing)';
  try {
    const change: unknown = JSON.parse(m[2]!);
    return { change, sha256: m[1] };
  } catch (cause) {
    return `cannot be read as JSON: ${String(cause)}`;
  }
}
