// The register's pull loop: an empty register first takes the catalog as a streamed snapshot, in
// chunks with progress, yielding between them so the till keeps answering; then each stream is
// pulled by cursor, page by page. A page is checked whole before any of it is applied, and a
// stream waits while the register still holds unacknowledged outbox entries that touch it.
import { createRoundLoop } from './round-loop';
import type { PullPage, PullStream, SnapshotEntry, SnapshotHeader } from '../protocol';
import {
  readPullPage,
  snapshotEndSchema,
  snapshotEntrySchema,
  snapshotHeaderSchema,
} from '../protocol';
import type { BackoffPolicy } from './backoff';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { PullFailure, PullTransport } from './pull-transport';
import type { Connection, PushClock } from './push-client';

/** Where one stream is applied on the register, injected so sync/client never imports main/. */
export interface PullStreamTarget<S extends PullStream = PullStream> {
  readonly stream: S;
  /** The cursor the stream is applied through (0 when never pulled). */
  cursor(): number;
  /** False while the register's own outbox entries for this stream wait for acknowledgement. */
  ready(): boolean;
  /**
   * Taken just before each page is asked for and handed to `apply` with that page: where the
   * register's outbox stood, so a stream that holds entries back one by one can tell which of
   * its own rows the server's answer may not include yet (acknowledged only after it was asked).
   */
  mark?(): number;
  /** Whether pulled entries wait for this register's own rows (shown with `waiting`). */
  holding?(): boolean;
  /** Applies the page's entries and stores its cursor, in one transaction. */
  apply(page: PullPage<S>, mark?: number): void;
}

/** The catalog's first sync on the register. */
export interface SnapshotTarget {
  /** A snapshot to start (until undefined) or resume, or undefined when none is needed. */
  pending(): { readonly after: number; readonly until: number | undefined } | undefined;
  /** A new snapshot's header: remember what it covers before its first chunk. */
  begin(header: SnapshotHeader): void;
  /** Applies a chunk and records how far the snapshot is, in one short transaction. */
  applyChunk(entries: readonly SnapshotEntry[]): void;
  /** All entries are in: finish the indexes and hand the streams their cursors. */
  finish(onProgress: (done: number, total: number) => void): Promise<void>;
}

export interface PullProgress {
  readonly phase: 'snapshot' | 'indexing';
  readonly done: number;
  readonly total: number;
}

export interface PullStatus {
  readonly connection: Connection;
  readonly cursors: Readonly<Partial<Record<PullStream, number>>>;
  /** Streams held back by unacknowledged outbox entries of this register. */
  readonly waiting: readonly PullStream[];
  readonly snapshot: PullProgress | null;
  readonly lastError: {
    readonly code: string;
    readonly message: string;
    readonly at: number;
  } | null;
  readonly lastSuccessAt: number | null;
}

export type PullRound =
  | { readonly kind: 'pulled'; readonly applied: number; readonly more: boolean }
  | { readonly kind: 'snapshot'; readonly applied: number; readonly complete: boolean }
  | { readonly kind: 'failed'; readonly retry: boolean };

export interface PullClient {
  /** One round: the snapshot if one is due, else a page of each ready stream (more if `drain`). */
  pullOnce(): Promise<PullRound>;
  run(): Promise<void>;
  stop(): void;
  wake(): void;
  status(): PullStatus;
  subscribe(listener: (status: PullStatus) => void): () => void;
}

export function createPullClient(
  options: Readonly<{
    transport: PullTransport;
    targets: readonly PullStreamTarget[];
    snapshot?: SnapshotTarget;
    clock: PushClock;
    random: () => number;
    /** Lets queued scans run between snapshot chunks. */
    yieldToScans: () => Promise<void>;
    pageLimit?: number;
    /** Snapshot entries applied per transaction (500 by default). */
    chunkEntries?: number;
    /** Pages per stream in one round before the next stream gets its turn (10). */
    pagesPerRound?: number;
    idleMs?: number;
    backoff?: BackoffPolicy;
    onProgress?: (progress: PullProgress) => void;
    onError?: (message: string, fields: Record<string, unknown>) => void;
  }>,
): PullClient {
  const { transport, clock } = options;
  const pageLimit = options.pageLimit ?? 1000;
  const chunkEntries = options.chunkEntries ?? 500;
  const pagesPerRound = options.pagesPerRound ?? 10;
  const idleMs = options.idleMs ?? 30_000;
  const listeners = new Set<(status: PullStatus) => void>();
  let failures = 0;
  let current: PullStatus = {
    connection: 'unknown',
    cursors: cursors(),
    waiting: [],
    snapshot: null,
    lastError: null,
    lastSuccessAt: null,
  };

  function cursors(): Partial<Record<PullStream, number>> {
    return Object.fromEntries(options.targets.map((t) => [t.stream, t.cursor()]));
  }

  function update(change: Partial<PullStatus>): void {
    current = { ...current, cursors: cursors(), ...change };
    for (const listener of listeners) listener(current);
  }

  function progress(phase: PullProgress['phase'], done: number, total: number): void {
    const snapshot = { phase, done, total };
    options.onProgress?.(snapshot);
    update({ snapshot });
  }

  function fail(code: string, message: string, connection: Connection, retry = true): PullRound {
    failures += 1;
    update({ connection, lastError: { code, message, at: clock.now() } });
    options.onError?.('pull failed', { code, message });
    return { kind: 'failed', retry };
  }

  function failWith(outcome: PullFailure): PullRound {
    switch (outcome.kind) {
      case 'unreachable':
        return fail('sync.offline', outcome.message, 'offline');
      case 'serverError':
        return fail('sync.serverError', outcome.message, 'online');
      case 'refused':
        return fail(outcome.code, outcome.message, 'blocked');
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown pull failure ${JSON.stringify(unknown)}`);
      }
    }
  }

  function succeeded(change: Partial<PullStatus> = {}): void {
    failures = 0;
    update({ connection: 'online', lastError: null, lastSuccessAt: clock.now(), ...change });
  }

  async function runSnapshot(
    target: SnapshotTarget,
    from: { after: number; until: number | undefined },
  ): Promise<PullRound> {
    const outcome = await transport.snapshot(from.after, from.until);
    if (outcome.kind !== 'lines') return failWith(outcome);
    let header: SnapshotHeader | undefined;
    let chunk: SnapshotEntry[] = [];
    let received = 0;
    let applied = 0;
    let ended = false;
    const flush = async () => {
      if (chunk.length === 0) return;
      target.applyChunk(chunk);
      applied += chunk.length;
      chunk = [];
      progress('snapshot', applied, header?.total ?? applied);
      await options.yieldToScans();
    };
    try {
      for await (const line of outcome.lines) {
        if (loop.stopped()) return { kind: 'snapshot', applied, complete: false };
        const value = parseLine(line);
        if (header === undefined) {
          const parsed = snapshotHeaderSchema.safeParse(value);
          if (!parsed.success) return badSnapshot('the first line is not a snapshot header');
          if (from.until !== undefined && parsed.data.until !== from.until) {
            return badSnapshot(`asked up to ${from.until}, got ${parsed.data.until}`);
          }
          header = parsed.data;
          if (from.until === undefined) target.begin(header);
          continue;
        }
        const end = snapshotEndSchema.safeParse(value);
        if (end.success) {
          if (end.data.count !== received) {
            return badSnapshot(`the end line counts ${end.data.count}, ${received} arrived`);
          }
          ended = true;
          break;
        }
        const entry = snapshotEntrySchema.safeParse(value);
        if (!entry.success) {
          // The chunk holding the bad line is not applied; what came before it stays, and the
          // next round resumes after it.
          return badSnapshot(`line ${received + 2} is not a catalog entry`);
        }
        received += 1;
        chunk.push(entry.data);
        if (chunk.length >= chunkEntries) await flush();
      }
    } catch (error) {
      // What arrived whole is valid: keep it, so the next round resumes after it.
      await flush();
      return fail(
        'sync.offline',
        error instanceof Error ? error.message : String(error),
        'offline',
      );
    }
    await flush();
    if (!ended || header === undefined) {
      return fail('sync.snapshotCut', 'The snapshot was cut off; it resumes.', 'offline');
    }
    await target.finish((done, total) => progress('indexing', done, total));
    succeeded({ snapshot: null });
    return { kind: 'snapshot', applied, complete: true };
  }

  function badSnapshot(message: string): PullRound {
    return fail(
      'sync.badSnapshot',
      `The server sent a snapshot the register cannot use: ${message}.`,
      'online',
    );
  }

  async function pullStream(target: PullStreamTarget): Promise<PullRound> {
    let applied = 0;
    for (let page = 0; page < pagesPerRound; page += 1) {
      const after = target.cursor();
      const mark = target.mark?.();
      const outcome = await transport.pull(target.stream, after, pageLimit);
      if (outcome.kind !== 'page') return failWith(outcome);
      const read = readPullPage(target.stream, after, outcome.body);
      if (!read.ok) return fail(read.error.code, read.error.message, 'online');
      target.apply(read.value, mark);
      applied += read.value.entries.length;
      if (!read.value.more) return { kind: 'pulled', applied, more: false };
      await options.yieldToScans();
    }
    return { kind: 'pulled', applied, more: true };
  }

  async function pullOnce(): Promise<PullRound> {
    const due = options.snapshot?.pending();
    if (options.snapshot !== undefined && due !== undefined) {
      return runSnapshot(options.snapshot, due);
    }
    let applied = 0;
    let more = false;
    const waiting: PullStream[] = [];
    for (const target of options.targets) {
      if (!target.ready()) {
        waiting.push(target.stream);
        continue;
      }
      const round = await pullStream(target);
      if (round.kind === 'failed') return round;
      if (round.kind === 'pulled') {
        applied += round.applied;
        more ||= round.more;
      }
      if (target.holding?.() === true) waiting.push(target.stream);
    }
    succeeded({ waiting });
    return { kind: 'pulled', applied, more };
  }

  function delayAfter(round: PullRound): number {
    switch (round.kind) {
      case 'pulled':
        return round.more ? 0 : idleMs;
      case 'snapshot':
        return 0;
      case 'failed':
        return round.retry
          ? backoffDelay(failures, options.random, options.backoff ?? DEFAULT_BACKOFF)
          : Math.max(idleMs, (options.backoff ?? DEFAULT_BACKOFF).maxMs);
      default: {
        const unknown: never = round;
        throw new Error(`Unknown pull round ${JSON.stringify(unknown)}`);
      }
    }
  }

  const loop = createRoundLoop({
    sleep: (ms) => clock.sleep(ms),
    round: async () => {
      let round: PullRound;
      try {
        round = await pullOnce();
      } catch (error) {
        // A fault in the register's own store (a page that could not be applied): nothing of it
        // was kept; try again after a pause.
        round = fail(
          'sync.internal',
          error instanceof Error ? error.message : String(error),
          'unknown',
        );
      }
      return delayAfter(round);
    },
  });

  return {
    pullOnce,
    run: () => loop.run(),
    stop: () => loop.stop(),
    wake: () => loop.wake(),
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
