/**
 * Reading the details of logged events without trusting their shape: an event's details are
 * free-form JSON (event.ts), so every field is read as "this type, or absent". The report says
 * "not recorded" for what is absent; it never guesses.
 *
 * The events and fields read here are those the parts append today: warrant.* (warrants/events.ts,
 * with the optional `terms` object), provisioning.task-activating / rogue-task, mdf.task-started /
 * task-restored / task-ended / delivery-batch / record-refused.
 */
import { NOT_RECORDED, type NotRecorded } from './model.ts';

export type Details = Record<string, unknown>;

export function text(d: Details, key: string): string | undefined {
  const v = d[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function count(d: Details, key: string): number | undefined {
  const v = d[key];
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

export function flag(d: Details, key: string): boolean | undefined {
  const v = d[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function strings(d: Details, key: string): string[] | undefined {
  const v = d[key];
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
}

/** Epoch ms of an ISO instant in `d[key]`, if it is one. */
export function instantMs(d: Details, key: string): number | undefined {
  const v = text(d, key);
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms given as a number (mdf.delivery-batch firstAt/lastAt). */
export function epochMs(d: Details, key: string): number | undefined {
  const v = d[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** A warrant's terms as `warrant.submitted` details.terms carries them; every field optional. */
export interface LoggedTerms {
  startMs: number | undefined;
  endMs: number | undefined;
  /** Text, or NOT_RECORDED. */
  offence: string;
  legalBasis: string;
  content: boolean | undefined;
  services: string[] | NotRecorded;
  targets: { kind: string }[] | undefined;
  operators: string[] | NotRecorded;
  retentionDays: number | NotRecorded;
}

export function readTerms(details: Details): LoggedTerms | undefined {
  const raw = details.terms;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const t = raw as Details;
  const targetsRaw = t.targets;
  const targets = Array.isArray(targetsRaw)
    ? targetsRaw.map((x: unknown) => ({ kind: typeof x === 'object' && x !== null && typeof (x as Details).kind === 'string' ? ((x as Details).kind as string) : 'unknown' }))
    : undefined;
  return {
    startMs: instantMs(t, 'start'),
    endMs: instantMs(t, 'end'),
    offence: text(t, 'offence') ?? NOT_RECORDED,
    legalBasis: text(t, 'legalBasis') ?? NOT_RECORDED,
    content: flag(t, 'content'),
    services: strings(t, 'services') ?? NOT_RECORDED,
    targets,
    operators: strings(t, 'operators') ?? NOT_RECORDED,
    retentionDays: count(t, 'retentionDays') ?? NOT_RECORDED,
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
