/**
 * Checkpoint publication for the audit service: a signed checkpoint (C2SP tlog-checkpoint) is
 * written into the log directory whenever the log has grown since the last one, so the directory
 * an overseer receives holds every checkpoint the service ever handed out (GET /v1/checkpoint
 * publishes before it answers). Publications are serialised: two never race on one size.
 *
 * Once witnesses have cosigned a checkpoint, the file of that size is rewritten (atomically: temp
 * file, fsync, rename, fsync of the folder) to hold the same note with their cosignature lines
 * appended; the log's own signature line and the body are unchanged, so the file still verifies
 * under the log's key alone, and now also under the witness policy.
 */
import { join } from 'node:path';
import { parseSignedCheckpoint, type SignedCheckpoint } from '../checkpoint.ts';
import { CHECKPOINTS_DIR, publishCheckpoint, readCheckpointNotes } from '../directory.ts';
import type { AuditLog } from '../log.ts';
import { syncDirectory } from '../../platform/durable-fs.ts';

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
    return this.serialised(() => this.publishIfGrown());
  }

  /**
   * Rewrites the file of `cosigned.size` with `cosigned.note` (the published note plus cosignature
   * lines); the latest checkpoint handed out carries them from then on.
   */
  recordCosigned(cosigned: SignedCheckpoint): Promise<void> {
    return this.serialised(async () => {
      await publishCheckpoint(this.dir, cosigned);
      await syncDirectory(join(this.dir, CHECKPOINTS_DIR));
      if (this.latest?.size === cosigned.size && this.latest.timestamp === cosigned.timestamp) this.latest = cosigned;
    });
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
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

