/**
 * The LEMF's retention ends in memory, kept equal to the sealed table on disk (retention-table.ts):
 * a change that cannot be written is not applied.
 */
import { MonitoringError } from '../errors.ts';
import { parseRetention, readRetentionText, RETENTION_FILE, retentionKey, writeRetention } from './retention-table.ts';

export class RetentionBook {
  private readonly ends = new Map<string, Date>();
  private readonly key: Buffer;

  constructor(
    private readonly dataDir: string,
    masterKey: Uint8Array,
    private readonly readOnly: boolean,
    private readonly onBadTable: (detail: string) => void,
  ) {
    this.key = retentionKey(masterKey);
  }

  /** Reads the table; an earlier version's plain table is sealed (unless read-only). */
  load(): void {
    const found = readRetentionText(this.dataDir, this.key);
    if (!found) return;
    try {
      for (const [liid, until] of parseRetention(found.text)) this.ends.set(liid, until);
    } catch (e) {
      this.onBadTable(`${RETENTION_FILE}: ${(e as Error).message}`);
    }
    if (found.legacy && !this.readOnly) writeRetention(this.dataDir, this.key, this.ends);
  }

  set(liid: string, until: Date): void {
    if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw new MonitoringError('MONITORING_BAD_OPTION', 'retention end must be a valid Date');
    const before = this.ends.get(liid);
    this.ends.set(liid, until);
    try {
      writeRetention(this.dataDir, this.key, this.ends);
    } catch (e) {
      // Not written, not applied: the table in memory stays what is on disk.
      if (before) this.ends.set(liid, before);
      else this.ends.delete(liid);
      throw e;
    }
  }

  get(liid: string): Date | undefined {
    return this.ends.get(liid);
  }

  /** Whether the LIID's retention has ended at `at`. */
  ended(liid: string, at: Date): boolean {
    const until = this.ends.get(liid);
    return until !== undefined && at.getTime() >= until.getTime();
  }

  entries(): IterableIterator<[string, Date]> {
    return this.ends.entries();
  }
}
