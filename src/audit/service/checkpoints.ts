/**
 * Checkpoint publication for the audit service: a signed checkpoint (C2SP tlog-checkpoint) is
 * written into the log directory whenever the log has grown since the last one, so the directory
 * an overseer receives holds every checkpoint the service ever handed out (GET /v1/checkpoint
 * publishes before it answers). Publications are serialised: two never race on one size.
 */
import { parseSignedCheckpoint, type SignedCheckpoint } from '../checkpoint.ts';
import { publishCheckpoint, readCheckpointNotes } from '../directory.ts';
import type { AuditLog } from '../log.ts';

export class CheckpointPublisher {
  private latest: SignedCheckpoint | undefined;
  private loaded = false;
  private chain: Promise<unknown> = Promise.resolve();
  /** Checkpoints written by this publisher. */
  published = 0;

  constructor(
    private readonly log: AuditLog,
    private readonly dir: string,
  ) {}

  /** The newest published checkpoint, after publishing one if the log grew (or none exists yet). */
  current(): Promise<SignedCheckpoint> {
    const run = this.chain.then(() => this.publishIfGrown());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async publishIfGrown(): Promise<SignedCheckpoint> {
    if (!this.loaded) {
      // openAuditDirectory already verified every note here against the log; the largest is the latest.
      const notes = await readCheckpointNotes(this.dir);
      const last = notes.at(-1);
      if (last !== undefined) this.latest = parseSignedCheckpoint(last);
      this.loaded = true;
    }
    if (this.latest !== undefined && this.latest.size === this.log.size) return this.latest;
    // The log's checkpoint only ever covers durable entries (its tree advances after the store
    // confirmed a batch), so a published checkpoint never covers something a crash can lose.
    const checkpoint = this.log.checkpoint();
    await publishCheckpoint(this.dir, checkpoint);
    this.latest = checkpoint;
    this.published++;
    return checkpoint;
  }
}
