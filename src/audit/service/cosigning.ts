/**
 * The log collects witness cosignatures (C2SP tlog-witness, tlog-cosignature/v1) for the
 * checkpoints it publishes, and anchors entries: "is entry n in a checkpoint a quorum of witnesses
 * has cosigned?".
 *
 * A round publishes a checkpoint if the log grew (CheckpointPublisher), then sends it to every
 * witness of the policy that has not cosigned it yet, with the consistency proof from the size that
 * witness last cosigned. The log does not store that size: it starts with `old 0` and learns it from
 * the witness's 409 (c2sp.org/tlog-witness: "a client MAY initially make a request with an old size
 * of zero to obtain it"), then remembers it. Each valid cosignature is appended to the note and the
 * file of that size rewritten before anyone is told. Rounds are single-flight: a round asked for
 * while one runs is one shared follow-up round, so a burst of anchors costs a few rounds, not one
 * each. A witness that does not answer is retried next round (alarm AUDIT_WITNESS_UNREACHABLE on
 * the change); one that refuses raises AUDIT_WITNESS_REFUSED.
 */
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError } from '../errors.ts';
import type { AuditLog } from '../log.ts';
import type { SignedCheckpoint } from '../checkpoint.ts';
import { verifyCosignature } from '../witness.ts';
import { formatWitnessPolicy, quorumSatisfied, WITNESS_POLICY_FILE, type PolicyWitness, type WitnessPolicy } from '../witness-policy.ts';
import type { Credentials } from '../../platform/pki.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { WitnessClient, type WitnessEndpoint } from './witness-client.ts';

export interface CosigningOptions {
  policy: WitnessPolicy;
  /** How to reach each witness of the policy, by its policy name. */
  endpoints: readonly WitnessEndpoint[];
  /** The audit service's credentials (its client certificate towards the witnesses). */
  creds: Credentials;
  /** Longest an anchor waits for the quorum (default 2000). */
  maxWaitMs: number;
  /** Longest one add-checkpoint request may take (default: maxWaitMs). */
  requestTimeoutMs?: number;
  alarm: (code: string, detail: string) => void;
}

export interface WitnessStats {
  name: string;
  /** Did its last request get an answer (undefined: not asked yet)? */
  reachable: boolean | undefined;
  /** Size of the latest checkpoint it cosigned, as far as the log knows (undefined: not yet known). */
  cosignedSize: number | undefined;
  cosignatures: number;
  /** Requests with no answer (unreachable). */
  failures: number;
  /** Answers that refused the checkpoint or carried no valid cosignature. */
  refusals: number;
}

export interface CosigningStats {
  rounds: number;
  anchors: { requests: number; answered: number; noQuorum: number };
  witnesses: WitnessStats[];
}

interface Collected {
  checkpoint: SignedCheckpoint;
  /** The note with the log's signature(s) only: what is sent to witnesses. */
  logNote: string;
  /** Valid cosignature line per witness name. */
  lines: Map<string, string>;
  /** Witness names whose line is in the file on disk. */
  persisted: Set<string>;
}

interface WitnessSlot {
  witness: PolicyWitness;
  client: WitnessClient;
  stats: WitnessStats;
  /** Last alarm raised for it, so a state is alarmed once, not every round. */
  alarmed: string | undefined;
}

/** Splits a note into its body and its signature lines (each ending in "\n"). */
function signatureLines(note: string): { body: string; lines: string[] } {
  const split = note.indexOf('\n\n');
  return { body: note.slice(0, split + 1), lines: note.slice(split + 2).split('\n').slice(0, -1).map((l) => `${l}\n`) };
}

function isCosignatureBy(body: string, line: string, witness: PolicyWitness): boolean {
  try {
    verifyCosignature(`${body}\n${line}`, witness.verifier);
    return true;
  } catch {
    return false;
  }
}

export class CosignatureCollector {
  private readonly slots: WitnessSlot[];
  private readonly requestTimeoutMs: number;
  private current: Collected | undefined;
  /** The newest checkpoint whose persisted cosignatures satisfy the quorum. */
  private quorate: { checkpoint: SignedCheckpoint; cosigners: string[] } | undefined;
  private running: Promise<void> | undefined;
  private followUp: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  private readonly counters = { rounds: 0, anchorRequests: 0, anchored: 0, noQuorum: 0 };

  constructor(
    private readonly log: AuditLog,
    private readonly publisher: CheckpointPublisher,
    private readonly options: CosigningOptions,
  ) {
    const byName = new Map(options.endpoints.map((e) => [e.name, e]));
    this.slots = options.policy.witnesses.map((witness) => {
      const endpoint = byName.get(witness.name);
      if (endpoint === undefined) throw new AuditError('AUDIT_POLICY_MALFORMED', `no endpoint for witness "${witness.name}" of the policy`);
      return {
        witness,
        client: new WitnessClient(options.creds, endpoint),
        stats: { name: witness.name, reachable: undefined, cosignedSize: undefined, cosignatures: 0, failures: 0, refusals: 0 },
        alarmed: undefined,
      };
    });
    this.requestTimeoutMs = options.requestTimeoutMs ?? options.maxWaitMs;
  }

  stats(): CosigningStats {
    return {
      rounds: this.counters.rounds,
      anchors: { requests: this.counters.anchorRequests, answered: this.counters.anchored, noQuorum: this.counters.noQuorum },
      witnesses: this.slots.map((s) => ({ ...s.stats })),
    };
  }

  /** One collection round, started now or shared with the one queued behind a running round. */
  round(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running === undefined) {
      this.running = this.collect().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // The running round may have published before the caller's entry existed: one follow-up for all.
    this.followUp ??= this.running.then(() => {
      this.followUp = undefined;
      return this.round();
    });
    return this.followUp;
  }

  /**
   * A checkpoint covering entry `index` with a quorum of valid cosignatures, persisted; rounds run
   * until then. Throws AUDIT_NO_QUORUM after maxWaitMs, AUDIT_BAD_RANGE for an entry not in the log.
   */
  async anchor(index: number): Promise<{ checkpoint: SignedCheckpoint; cosigners: string[] }> {
    this.counters.anchorRequests++;
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.log.size) {
      throw new AuditError('AUDIT_BAD_RANGE', `entry ${index} is not in the log (size ${this.log.size})`);
    }
    const found = (): { checkpoint: SignedCheckpoint; cosigners: string[] } | undefined =>
      this.quorate !== undefined && this.quorate.checkpoint.size > index ? this.quorate : undefined;
    const ready = found();
    if (ready !== undefined) {
      this.counters.anchored++;
      return ready;
    }
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (outcome: { checkpoint: SignedCheckpoint; cosigners: string[] } | Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (outcome instanceof Error) {
          this.counters.noQuorum++;
          reject(outcome);
        } else {
          this.counters.anchored++;
          resolve(outcome);
        }
      };
      const check = (): void => {
        const result = found();
        if (result !== undefined) finish(result);
      };
      const timer = setTimeout(() => finish(this.noQuorum(index)), this.options.maxWaitMs);
      this.waiters.add(check);
      // Drive rounds until the quorum covers the entry or time is up; a witness that is down fails
      // fast, so pause between rounds rather than spin on it.
      void (async () => {
        while (!done && !this.closed) {
          await this.round().catch(() => undefined); // a failed round is alarmed where it failed

          check();
          if (!done) await new Promise((r) => setTimeout(r, 100));
        }
        if (this.closed) finish(new AuditError('AUDIT_NO_QUORUM', 'audit service closing'));
      })();
    });
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.client.close();
  }

  private noQuorum(index: number): AuditError {
    const have = this.current?.persisted.size ?? 0;
    const down = this.slots.filter((s) => s.stats.reachable === false).map((s) => s.witness.name);
    return new AuditError(
      'AUDIT_NO_QUORUM',
      `no checkpoint covering entry ${index} gathered the witness quorum within ${this.options.maxWaitMs} ms (latest has ${have} of ${this.slots.length} cosignatures${down.length > 0 ? `; unreachable: ${down.join(', ')}` : ''})`,
      { details: { index, cosignatures: have, unreachable: down } },
    );
  }

  private async collect(): Promise<void> {
    this.counters.rounds++;
    const checkpoint = await this.publisher.current();
    let current = this.current;
    if (current?.checkpoint.size !== checkpoint.size || current.checkpoint.timestamp !== checkpoint.timestamp) {
      current = this.adopt(checkpoint);
      this.current = current;
      this.updateQuorum(current);
    }
    const target = current;
    await Promise.allSettled(this.slots.filter((s) => !target.persisted.has(s.witness.name)).map((s) => this.submit(s, target)));
    // Cosignatures that came after the quorum was written (or that never made one): write them too.
    if ([...target.lines.keys()].some((name) => !target.persisted.has(name))) await this.persistSafely(target);
  }

  /** Starts collecting for a newly published checkpoint, keeping cosignatures already on it (after a restart). */
  private adopt(checkpoint: SignedCheckpoint): Collected {
    const { body, lines } = signatureLines(checkpoint.note);
    const cosignatures = new Map<string, string>();
    const logLines: string[] = [];
    for (const line of lines) {
      const by = this.slots.find((s) => isCosignatureBy(body, line, s.witness));
      if (by === undefined) logLines.push(line);
      else if (!cosignatures.has(by.witness.name)) cosignatures.set(by.witness.name, line);
    }
    return { checkpoint, logNote: `${body}\n${logLines.join('')}`, lines: cosignatures, persisted: new Set(cosignatures.keys()) };
  }

  private async submit(slot: WitnessSlot, target: Collected): Promise<void> {
    const { checkpoint } = target;
    let old = slot.stats.cosignedSize ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (old > checkpoint.size) return this.refused(slot, `it has cosigned size ${old}, beyond this log's checkpoint of size ${checkpoint.size} (was the log rolled back?)`);
      const proof = old === 0 ? [] : this.log.consistencyProof(old, checkpoint.size).path;
      let reply;
      try {
        reply = await slot.client.addCheckpoint(old, proof, target.logNote, this.requestTimeoutMs);
      } catch (error) {
        slot.stats.failures++;
        slot.stats.reachable = false;
        return this.raise(slot, 'AUDIT_WITNESS_UNREACHABLE', error instanceof Error ? error.message : String(error));
      }
      slot.stats.reachable = true;
      if (reply.kind === 'conflict' && attempt === 0 && reply.size !== old) {
        // tlog-witness 409: its latest cosigned size; resend with the proof from there.
        slot.stats.cosignedSize = reply.size;
        old = reply.size;
        continue;
      }
      if (reply.kind === 'conflict') return this.refused(slot, `409 at size ${reply.size}: it holds another root for that size (a fork of this log?)`);
      if (reply.kind === 'refused') return this.refused(slot, `HTTP ${reply.status}: ${reply.message}`);
      const body = signatureLines(target.logNote).body;
      const line = reply.lines.find((l) => isCosignatureBy(body, l, slot.witness));
      if (line === undefined) return this.refused(slot, 'its answer carries no cosignature that verifies under its key');
      slot.stats.cosignedSize = checkpoint.size;
      slot.stats.cosignatures++;
      target.lines.set(slot.witness.name, line);
      if (slot.alarmed !== undefined) slot.alarmed = undefined;
      // Written as soon as the quorum is in (anchors are waiting); the rest at the end of the round,
      // so a round costs one or two rewrites of the file, not one per witness.
      if (quorumSatisfied(this.options.policy, new Set(target.lines.keys()))) await this.persistSafely(target);
      return;
    }
  }

  private refused(slot: WitnessSlot, why: string): void {
    slot.stats.refusals++;
    this.raise(slot, 'AUDIT_WITNESS_REFUSED', why);
  }

  private raise(slot: WitnessSlot, code: string, detail: string): void {
    if (slot.alarmed === code) return;
    slot.alarmed = code;
    this.options.alarm(code, `witness ${slot.witness.name}: ${detail}`);
  }

  private async persistSafely(target: Collected): Promise<void> {
    try {
      await this.persist(target);
    } catch (error) {
      // Not on disk, so not handed out: the next round submits to those witnesses and writes it again.
      this.options.alarm('AUDIT_UNAVAILABLE', `cosigned checkpoint ${target.checkpoint.size} could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Writes the note with every cosignature so far (in policy order), then lets waiting anchors look. */
  private async persist(target: Collected): Promise<void> {
    const names = this.slots.map((s) => s.witness.name).filter((n) => target.lines.has(n));
    const note = target.logNote + names.map((n) => target.lines.get(n)!).join('');
    await this.publisher.recordCosigned({ ...target.checkpoint, note });
    for (const n of names) target.persisted.add(n);
    this.updateQuorum(target, note);
    for (const wake of [...this.waiters]) wake();
  }

  private updateQuorum(target: Collected, note: string = target.checkpoint.note): void {
    const cosigners = [...target.persisted];
    if (!quorumSatisfied(this.options.policy, new Set(cosigners))) return;
    if (this.quorate !== undefined && this.quorate.checkpoint.size > target.checkpoint.size) return;
    this.quorate = { checkpoint: { ...target.checkpoint, note }, cosigners };
  }
}

/**
 * Writes `<dir>/witness-policy.txt` (formatWitnessPolicy), atomically: temp file, fsync, rename,
 * fsync of the folder. It is what an overseer's offline verifier checks cosignatures against.
 */
export async function writeWitnessPolicyFile(dir: string, policy: WitnessPolicy): Promise<string> {
  const path = join(dir, WITNESS_POLICY_FILE);
  const temp = `${path}.tmp-${process.pid}`;
  const text = formatWitnessPolicy(policy, `Witness policy of the log ${policy.log.name}: written by the audit service at start (docs/witness.md).`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return path;
}
