/**
 * Holds a log, entry by entry, to the rules of rules.ts. It sees only what the log says — the
 * events of the warrant core, the ADMF and the MDF — and trusts none of the parties: a task
 * activated without a logged approval, a signature by a key revoked before it signed, records
 * delivered after a warrant ended, content under an IRI-only warrant, a task still running after
 * its deadline are each named by entry index and rule. Deadlines are judged as of `asOf`.
 */
import type { AuditEvent } from '../event.ts';
import { iso, LoggedKeys } from './keys.ts';
import {
  DEFAULT_BACKDATE_TOLERANCE_MS,
  DEFAULT_CLOCK_TOLERANCE_MS,
  DEFAULT_DEACTIVATION_TOLERANCE_MS,
  type LawOptions,
  type LawRule,
  type LawViolation,
} from './rules.ts';
import { OrderLaw } from './orders.ts';
import { RetentionSweepLaw } from './retention-sweeps.ts';
import { activeAt, applyTransition, newWarrant, stopDeadline, type LoggedWarrant } from './warrants.ts';

interface Episode {
  xid: string;
  warrant: LoggedWarrant;
  index: number;
  activatedAt: number;
  /** Party → time it confirmed the task stopped (undefined: not yet). */
  parties: Map<string, number | undefined>;
}

interface Rogue {
  index: number;
  xid: string;
  element: string;
  at: number;
  removedAt: number | undefined;
}

const ADMF = 'the ADMF (provisioning.task-deactivated)';
const MDF = 'the MDF (mdf.task-ended)';
const ne = (id: string): string => `element ${id} (X1 DeactivateTask)`;

export class LawChecker {
  readonly violations: LawViolation[] = [];
  private readonly keys = new LoggedKeys();
  private readonly warrants = new Map<string, LoggedWarrant>();
  /** LIID → warrants with a task under it; XID → its open episodes. */
  private readonly byLiid = new Map<string, Set<LoggedWarrant>>();
  private readonly contentLiids = new Set<string>();
  private readonly episodes = new Map<string, Episode[]>();
  private readonly rogues: Rogue[] = [];
  /** XIDs announced by the ADMF (provisioning.task-activating) and not deactivated since. */
  private readonly liveTasks = new Set<string>();
  /** Requests announced (x1.sending) and not yet answered: element + request hash → count. */
  private readonly announced = new Map<string, number>();
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly clockTol: number;
  private readonly deactTol: number;
  private readonly backdateTol: number;
  /** Production orders and the RDHI's disclosures (law/orders.ts). */
  private readonly orders: OrderLaw;
  /** The operators' retention sweeps (law/retention-sweeps.ts). */
  private readonly sweeps: RetentionSweepLaw;

  constructor(private readonly options: LawOptions = {}) {
    this.clockTol = options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
    this.orders = new OrderLaw(this.keys, (rule, index, message) => this.violate(rule, index, message), this.clockTol, options.orderProfiles);
    this.sweeps = new RetentionSweepLaw((rule, index, message) => this.violate(rule, index, message), this.clockTol);
    this.deactTol = options.deactivationToleranceMs ?? DEFAULT_DEACTIVATION_TOLERANCE_MS;
    this.backdateTol = options.backdateToleranceMs ?? DEFAULT_BACKDATE_TOLERANCE_MS;
  }

  /** Whether signatures were judged against the profiles' signer rules. */
  get signersJudged(): boolean {
    return this.options.profiles !== undefined;
  }

  private violate(rule: LawRule, index: number, message: string): void {
    this.violations.push({ rule, index, message });
  }

  observe(index: number, e: AuditEvent): void {
    const at = Date.parse(e.at);
    if (at < this.lastAt - this.clockTol) this.violate('time-monotone', index, `entry ${index} is dated ${e.at}, ${this.lastAt - at} ms before an earlier entry`);
    this.lastAt = Math.max(this.lastAt, at);
    if (e.type.startsWith('keys.')) this.keys.observe(index, e);
    else if (e.type.startsWith('warrant.')) this.onWarrantEvent(index, e, at);
    else if (e.type === 'provisioning.task-activating' || e.type === 'mdf.task-started') this.onActivation(index, e, at);
    else if (e.type === 'mdf.delivery-batch') this.onDelivery(index, e);
    else if (e.type === 'provisioning.task-deactivated') {
      this.liveTasks.delete(String(e.subject));
      this.stopped(String(e.subject), ADMF, at);
    }
    else if (e.type === 'mdf.task-ended') this.stopped(String(e.subject), MDF, at);
    else if (e.type === 'x1.sending') this.announce(index, e);
    else if (e.type === 'x1.exchange') this.onX1(index, e, at);
    else if (e.type === 'provisioning.rogue-task') this.rogues.push({ index, xid: String(e.subject), element: String(e.details.element), at, removedAt: undefined });
    else if (e.type === 'retention.destroyed') this.onDestroyed(index, e, at);
    else if (e.type === 'rd.retention-deleted') this.sweeps.observe(index, e);
    else if (e.type.startsWith('order.') || e.type.startsWith('rd.')) this.orders.observe(index, e, at);
  }

  private warrantOf(index: number, e: AuditEvent, what: string): LoggedWarrant | undefined {
    const id = String(e.details.warrantId);
    const w = this.warrants.get(id);
    if (!w) {
      this.violate('warrant-known', index, `${what} names warrant ${id}, which the log never submitted`);
      return undefined;
    }
    if (e.details.warrantHash !== undefined && e.details.warrantHash !== w.hash) {
      this.violate('warrant-known', index, `${what} names warrant ${id} with hash ${JSON.stringify(e.details.warrantHash)}, not the submitted ${w.hash}`);
      return undefined;
    }
    return w;
  }

  private onWarrantEvent(index: number, e: AuditEvent, at: number): void {
    if (e.type === 'warrant.submitted') {
      const w = newWarrant(index, e);
      this.warrants.set(w.id, w);
      // Without its terms the log cannot show what the warrant allowed: flagged once, then its
      // deliveries are judged on activation and state alone.
      if (w.terms === undefined) this.violate('warrant-known', index, `warrant ${w.id} was submitted without its terms (window, content, services)`);
      if (w.terms && w.terms.start < w.submittedAt - this.backdateTol) {
        this.violate('no-backdating', index, `warrant ${w.id} starts ${iso(w.terms.start)}, ${Math.round((w.submittedAt - w.terms.start) / 1000)} s before it was submitted`);
      }
      return;
    }
    if (e.type === 'warrant.refused' || e.type === 'warrant.aborted') return;
    const w = this.warrantOf(index, e, e.type);
    if (!w) return;
    if (e.type === 'warrant.signature-added') this.onSignature(index, e, w, at);
    else if (e.type === 'warrant.transition') {
      const to = String(e.details.to);
      const from = applyTransition(w, to, at);
      if (to === 'Approved' || to === 'EmergencyApproval') this.judgeApproval(index, w, to === 'EmergencyApproval');
      else if (to === 'Active' && from === 'AwaitingApproval') this.judgeApproval(index, w, false);
    }
  }

  private onSignature(index: number, e: AuditEvent, w: LoggedWarrant, at: number): void {
    const d = e.details;
    const signedAt = typeof d.signedAt === 'string' ? Date.parse(d.signedAt) : at;
    const s = { index, authorityId: String(d.authorityId), keyId: String(d.keyId), role: String(d.role), signedAt, warrantHash: w.hash };
    if (signedAt > at + this.clockTol) this.violate('signer-key-valid', index, `signature by ${s.authorityId} is dated ${iso(signedAt)}, after it was logged`);
    const problem = this.keys.problemAtSigning(s.keyId, s.authorityId, s.role, signedAt);
    if (problem !== undefined) this.violate('signer-key-valid', index, `warrant ${w.id}: ${problem}`);
    w.signatures.push(s);
  }

  private judgeApproval(index: number, w: LoggedWarrant, emergency: boolean): void {
    const rules = this.options.profiles;
    if (rules === undefined) return;
    const need = rules.signers(w.profileId, { renewal: w.renewal, emergency });
    if (need === undefined) {
      this.violate('required-signers', index, `warrant ${w.id} was approved under profile ${w.profileId}, which the verifier does not know`);
      return;
    }
    const byRole = new Map(w.signatures.map((s) => [s.role, s]));
    const missing = need.roles.filter((r) => !byRole.has(r));
    if (missing.length > 0) {
      this.violate('required-signers', index, `warrant ${w.id} became ${emergency ? 'EmergencyApproval' : 'Approved'} without a signature by: ${missing.join(', ')}`);
      return;
    }
    if (need.ordered) {
      const times = need.roles.map((r) => byRole.get(r)!.signedAt);
      if (times.some((t, i) => i > 0 && t < times[i - 1]!)) this.violate('required-signers', index, `warrant ${w.id}: signed out of the profile's order (${need.roles.join(' then ')})`);
    }
  }

  private onActivation(index: number, e: AuditEvent, at: number): void {
    const who = e.type === 'mdf.task-started' ? 'MDF' : 'ADMF';
    const w = this.warrantOf(index, e, `${who} activation of task ${String(e.subject)}`);
    if (!w) return;
    const xid = String(e.subject);
    if (w.state !== 'Active') {
      this.violate('activation-approved', index, `${who} activated task ${xid} of warrant ${w.id} while it was ${w.state}`);
    } else if (w.terms && (at < w.terms.start - this.clockTol || at > w.terms.end + this.clockTol)) {
      this.violate('activation-in-window', index, `${who} activated task ${xid} at ${e.at}, outside the window ${iso(w.terms.start)}..${iso(w.terms.end)} of warrant ${w.id}`);
    }
    const d = e.details;
    const content = d.content === true || d.hiDelivery === 'HI2andHI3';
    if (w.terms) {
      if (content && !w.terms.content) this.violate('activation-in-window', index, `task ${xid} asks for content; warrant ${w.id} is IRI only`);
      const extra = Array.isArray(d.services) ? d.services.filter((s) => !w.terms!.services.includes(String(s))) : [];
      if (extra.length > 0) this.violate('activation-in-window', index, `task ${xid} asks for services ${extra.join(', ')} that warrant ${w.id} does not name`);
      const end = typeof d.end === 'string' ? Date.parse(d.end) : Number.NaN;
      if (end > w.terms.end + this.clockTol) this.violate('activation-in-window', index, `task ${xid} runs until ${String(d.end)}, after warrant ${w.id} ends`);
    }
    const liid = String(d.liid);
    let set = this.byLiid.get(liid);
    if (!set) this.byLiid.set(liid, (set = new Set()));
    set.add(w);
    if (content && (w.terms?.content ?? true)) this.contentLiids.add(liid);
    if (who === 'ADMF') {
      if (w.state === 'Active') this.liveTasks.add(xid);
      const elements = Array.isArray(d.elements) ? d.elements.map(String) : [];
      const parties = new Map<string, number | undefined>([[ADMF, undefined], [MDF, undefined], ...elements.map((x): [string, undefined] => [ne(x), undefined])]);
      const list = this.episodes.get(xid) ?? [];
      // Announced again while it runs (reconciliation and a retried change may both announce): the
      // same episode, which must stop on these elements too.
      const open = list.find((ep) => ep.parties.get(ADMF) === undefined);
      if (open) {
        for (const [p] of parties) if (!open.parties.has(p)) open.parties.set(p, undefined);
      } else {
        list.push({ xid, warrant: w, index, activatedAt: at, parties });
      }
      this.episodes.set(xid, list);
    }
  }

  private onDelivery(index: number, e: AuditEvent): void {
    const d = e.details;
    const liid = typeof d.liid === 'string' ? d.liid : String(e.subject);
    const first = Number(d.firstAt);
    const last = Number(d.lastAt);
    const candidates = [...(this.byLiid.get(liid) ?? [])];
    if (candidates.length === 0) {
      this.violate('delivery-warranted', index, `delivery batch for LIID ${liid}, which no activated task names`);
      return;
    }
    const covering = candidates.filter((w) => activeAt(w, first, this.clockTol) && activeAt(w, last, this.clockTol));
    if (covering.length === 0) {
      const w = candidates[0]!;
      this.violate('delivery-warranted', index, `records timed ${iso(first)}..${iso(last)} under LIID ${liid}, when warrant ${w.id} was not Active inside its window${w.terms ? ` (${iso(w.terms.start)}..${iso(w.terms.end)})` : ''}`);
      return;
    }
    if (d.channel === 'HI3' && !(this.contentLiids.has(liid) && covering.some((w) => w.terms?.content ?? true))) {
      this.violate('content-warranted', index, `content (HI3) delivered under LIID ${liid}; warrant ${covering[0]!.id} does not include content`);
    }
    for (const w of covering) {
      if (!w.delivered) w.firstDeliveryIndex = index;
      w.delivered = true;
    }
  }

  /** A party confirmed the task stopped: every episode still waiting for that party's stop is satisfied. */
  private stopped(xid: string, party: string, at: number): void {
    for (const ep of this.episodes.get(xid) ?? []) if (ep.parties.has(party) && ep.parties.get(party) === undefined) ep.parties.set(party, at);
  }

  private announce(index: number, e: AuditEvent): void {
    const d = e.details;
    if (Array.isArray(d.requestTypes) && d.requestTypes.includes('ActivateTaskRequest')) {
      for (const xid of Array.isArray(d.xids) ? d.xids.map(String) : []) {
        if (!this.liveTasks.has(xid)) this.violate('activation-announced', index, `ActivateTask for ${xid} sent to ${String(d.ne)} without a live announcement of that task`);
      }
    }
    const key = `${String(e.details.ne)} ${String(e.details.requestSha256)}`;
    this.announced.set(key, (this.announced.get(key) ?? 0) + 1);
  }

  private onX1(index: number, e: AuditEvent, at: number): void {
    const d = e.details;
    const key = `${String(d.ne)} ${String(d.requestSha256)}`;
    const pending = this.announced.get(key) ?? 0;
    if (pending === 0) this.violate('x1-announced', index, `X1 exchange with ${String(d.ne)} (request ${String(d.requestSha256).slice(0, 16)}…) was not announced in the log before it was sent`);
    else if (pending === 1) this.announced.delete(key);
    else this.announced.set(key, pending - 1);
    if (!Array.isArray(d.requestTypes) || !d.requestTypes.includes('DeactivateTaskRequest') || d.error !== null) return;
    const element = String(d.ne);
    for (const xid of Array.isArray(d.xids) ? d.xids.map(String) : []) {
      this.stopped(xid, ne(element), at);
      const rogue = this.rogues.find((r) => r.xid === xid && r.element === element && r.removedAt === undefined);
      if (rogue) rogue.removedAt = at;
    }
  }

  private onDestroyed(index: number, e: AuditEvent, at: number): void {
    const w = this.warrantOf(index, e, 'destruction');
    if (w) w.destroyedAt ??= at;
  }

  /** The deadlines: judged as of `asOf` (default: the last entry's time). Returns every violation, in entry order. */
  finish(): LawViolation[] {
    const asOf = this.options.asOf?.getTime() ?? this.lastAt;
    for (const list of this.episodes.values()) {
      for (const ep of list) {
        const deadline = stopDeadline(ep.warrant, ep.activatedAt, this.clockTol) + this.deactTol;
        if (!(deadline < asOf)) continue;
        const late = [...ep.parties].filter(([, t]) => t === undefined || t > deadline + this.clockTol).map(([p]) => p);
        if (late.length > 0) this.violate('deactivated-on-time', ep.index, `task ${ep.xid} of warrant ${ep.warrant.id} was not deactivated by ${iso(deadline)} on: ${late.join('; ')}`);
      }
    }
    // A revocation may be dated before it was logged (a key found compromised): judge every
    // signature against what the whole log finally says.
    for (const w of this.warrants.values()) {
      for (const s of w.signatures) {
        const revoked = this.keys.revokedBefore(s.keyId, s.signedAt);
        if (revoked !== undefined && !this.violations.some((v) => v.index === s.index && v.rule === 'signer-key-valid')) {
          this.violate('signer-key-valid', s.index, `warrant ${w.id}: key ${s.keyId} was revoked as of ${iso(revoked)}, before it signed at ${iso(s.signedAt)}`);
        }
      }
    }
    for (const r of this.rogues) {
      const deadline = r.at + this.deactTol;
      if (deadline < asOf && (r.removedAt === undefined || r.removedAt > deadline)) this.violate('rogue-removed', r.index, `rogue task ${r.xid} on ${r.element} was not removed by ${iso(deadline)}`);
    }
    for (const w of this.warrants.values()) {
      if (!w.delivered || !w.terms || !Number.isFinite(w.terms.retentionDays)) continue;
      const due = w.terms.end + w.terms.retentionDays * 86_400_000 + this.clockTol;
      if ((w.destroyedAt === undefined && due < asOf) || (w.destroyedAt !== undefined && w.destroyedAt > due)) {
        this.violate('retention-destroyed', w.firstDeliveryIndex, `material of warrant ${w.id} was not destroyed by its retention end ${iso(due)}`);
      }
    }
    this.orders.finish();
    this.violations.sort((a, b) => a.index - b.index);
    return this.violations;
  }
}
