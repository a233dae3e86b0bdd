// What the push client needs from the register's outbox, injected so sync/client never reaches
// into main/: rows in seq order (acknowledged ones too, for a server restored from a backup),
// where acknowledgement stands, and a way to record it.

export interface OutboxRow {
  readonly seq: number;
  readonly mutationId: string;
  readonly type: string;
  /** As stored: the JSON text the register wrote. */
  readonly payload: string;
  readonly schemaVersion: number;
  readonly createdAt: number;
}

export interface OutboxSource {
  /** Rows with seq > afterSeq in seq order, acknowledged or not, at most `limit`. */
  readAfter(afterSeq: number, limit: number): readonly OutboxRow[];
  /** The highest seq up to which every row is acknowledged (0 when none is). */
  ackedThrough(): number;
  /** Marks rows acknowledged; repeating it changes nothing. */
  acknowledge(seqs: readonly number[], at: number): void;
  /** Rows not acknowledged yet. */
  pendingCount(): number;
  /** The highest seq written (0 on a new register). */
  lastSeq(): number;
}
