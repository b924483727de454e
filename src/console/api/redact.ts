/**
 * Minimisation (issue 10): once a supervisor marks a record privileged (e.g. lawyer–client), only
 * supervisors see its content. Everyone else gets the record's kind and time and `privileged: true`:
 * no parties, no text, no names, no media — in the timeline, calls, audio, SMS, browsing, search and
 * exports alike.
 */
import type { ApiRequest } from './contract.ts';
import type { StoredRecord, TimelineRecord } from '../store/types.ts';

export function seesPrivileged(req: Pick<ApiRequest, 'user'>): boolean {
  return req.user.role === 'supervisor';
}

/** A timeline row; RTP media is left out (it is served as audio, and can be large). */
export function timelineRecord(r: StoredRecord, showPrivileged: boolean): TimelineRecord {
  const withheld = r.privileged && !showPrivileged;
  let summary: TimelineRecord['summary'] = withheld ? { kind: r.kind, withheld: true } : r.summary;
  if (!withheld && summary.kind === 'call-content' && 'media' in summary) {
    const { media: _media, ...rest } = summary;
    summary = rest;
  }
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    timeStamp: r.timeStamp,
    direction: r.direction,
    iriType: r.iriType,
    cin: r.cin,
    identities: withheld ? [] : r.identities,
    summary,
    privileged: r.privileged,
  };
}
