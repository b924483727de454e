/** How an outbox is opened, and what read() yields. */
export interface OutboxOptions {
  /** One directory per destination, created 0700; every file in it 0600. */
  dir: string;
  /** 32 octets: the AES-256-GCM key at rest, from the deployment's secrets. */
  key: Uint8Array;
  /** Per-destination disk quota: segments, the commit being written and what is appended. */
  quotaBytes: number;
  /** Segment rollover size, default 16 MiB (at most a quarter of the quota, so confirmed segments free it). */
  segmentBytes?: number;
  /** Bound of the in-memory tail cache of committed records, default 32 MiB. */
  cacheBytes?: number;
  /** Longest time moved cursors wait for a commit to carry them before the cursors file is written, default 1000 ms. */
  cursorSyncMs?: number;
  /** Called once, when a write, fsync or read fails: the outbox refuses everything after it. */
  onFailure?: (cause: unknown) => void;
}

export interface OutboxRecord {
  position: number;
  bytes: Uint8Array;
  at: number;
}
