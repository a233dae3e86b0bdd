// The register's push loop: its outbox in seq order, one batch at a time; acknowledged rows are
// marked, a gap resends from the server's last_seq, failures back off with jitter. Nothing is
// ever skipped or reordered: the next batch always starts right after what the server holds.
import { createRoundLoop } from './round-loop';
import type { MutationResult, PushBatch, StoreRegister } from '../protocol';
import { MUTATION_SCHEMA_VERSION, PROTOCOL_SCHEMA_VERSION } from '../protocol';
import type { BackoffPolicy } from './backoff';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { OutboxRow, OutboxSource } from './outbox-source';
import type { PushTransport } from './push-transport';

export type Connection = 'unknown' | 'online' | 'offline' | 'blocked';

export interface PushStatus {
  /** `blocked`: the server refuses this register until a person acts (see lastError). */
  readonly connection: Connection;
  readonly lastAckedSeq: number;
  readonly pending: number;
  readonly lastError: {
    readonly code: string;
    readonly message: string;
    readonly at: number;
  } | null;
  readonly lastSuccessAt: number | null;
  /** Recent mutations the server rejected or flagged, newest last, with its reasons. */
  readonly attention: readonly MutationResult[];
  /**
   * This register's wall clock against the server's, when it is off by more than the tolerance
   * (positive: the register runs ahead): receipts and reports carry its times, so a person
   * should set it right. Null when in step or not yet known.
   */
  readonly clockSkew: { readonly offsetMs: number; readonly at: number } | null;
  /** The server reads a newer payload version than this register writes: update the app. */
  readonly updateAdvised: boolean;
  /**
   * Every register of this store as the server last told (how far each has synced), and when it
   * said so; null until a server that says it answers.
   */
  readonly storeRegisters: {
    readonly registers: readonly StoreRegister[];
    readonly at: number;
  } | null;
}

/** What one round did, so the loop knows how long to wait. */
export type PushRound =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pushed'; readonly acked: number; readonly more: boolean }
  | { readonly kind: 'gap'; readonly lastSeq: number }
  | { readonly kind: 'failed'; readonly retry: boolean };

export interface PushClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface PushClient {
  /** One batch: read, send, acknowledge. Never throws for network or server trouble. */
  pushOnce(): Promise<PushRound>;
  /** Pushes until stopped: at once while rows wait, every `idleMs` when none do. */
  run(): Promise<void>;
  /** Ends `run` after the round in progress. */
  stop(): void;
  /** Cuts the current wait short (a new sale was written). */
  wake(): void;
  status(): PushStatus;
  subscribe(listener: (status: PushStatus) => void): () => void;
}

const ATTENTION_KEPT = 50;

function payloadOf(row: OutboxRow): unknown {
  try {
    return JSON.parse(row.payload);
  } catch {
    // The register stores payloads under a json_valid check; keep the text if that ever fails.
    return row.payload;
  }
}

export function createPushClient(
  options: Readonly<{
    registerId: string;
    source: OutboxSource;
    transport: PushTransport;
    clock: PushClock;
    /** [0, 1); seeded in tests and the simulation. */
    random: () => number;
    batchSize?: number;
    idleMs?: number;
    /**
     * With nothing to send, how often to ask the server where it stands (60 s; and always on the
     * first round after a start): a server restored from an older backup has lost rows this
     * register holds as acknowledged, and only asking finds that out before the next sale.
     */
    checkServerEveryMs?: number;
    /** The payload version this build writes (MUTATION_SCHEMA_VERSION). */
    writesSchemaVersion?: number;
    /** How far the wall clock may be off the server's before it is flagged (2 min). */
    clockSkewToleranceMs?: number;
    backoff?: BackoffPolicy;
    onError?: (message: string, fields: Record<string, unknown>) => void;
  }>,
): PushClient {
  const { source, transport, clock } = options;
  const batchSize = options.batchSize ?? 200;
  const idleMs = options.idleMs ?? 5_000;
  const checkServerEveryMs = options.checkServerEveryMs ?? 60_000;
  let lastCheckedAt: number | undefined;
  const writesSchemaVersion = options.writesSchemaVersion ?? MUTATION_SCHEMA_VERSION;
  const skewToleranceMs = options.clockSkewToleranceMs ?? 120_000;
  const listeners = new Set<(status: PushStatus) => void>();
  /** Where the server stands for this register, as far as we know; unknown until it answers. */
  let serverLastSeq: number | undefined;
  let failures = 0;
  let current: PushStatus = {
    connection: 'unknown',
    lastAckedSeq: source.ackedThrough(),
    pending: source.pendingCount(),
    lastError: null,
    lastSuccessAt: null,
    attention: [],
    clockSkew: null,
    updateAdvised: false,
    storeRegisters: null,
  };

  function update(change: Partial<PushStatus>): void {
    current = {
      ...current,
      lastAckedSeq: source.ackedThrough(),
      pending: source.pendingCount(),
      ...change,
    };
    for (const listener of listeners) listener(current);
  }

  /**
   * What an answer says about the server: its clock, read against ours on both sides of the
   * request (so a slow answer is not taken for skew), and the payload version it reads.
   */
  function serverFacts(
    sentAt: number,
    facts: Readonly<{
      serverTime?: number | undefined;
      mutationSchemaVersion?: number | undefined;
      storeRegisters?: readonly StoreRegister[] | undefined;
    }>,
  ): Partial<PushStatus> {
    const receivedAt = clock.now();
    const change: {
      clockSkew?: PushStatus['clockSkew'];
      updateAdvised?: boolean;
      storeRegisters?: PushStatus['storeRegisters'];
    } = {};
    if (facts.storeRegisters !== undefined) {
      change.storeRegisters = { registers: facts.storeRegisters, at: receivedAt };
    }
    if (facts.serverTime !== undefined) {
      const outside =
        facts.serverTime < sentAt - skewToleranceMs ||
        facts.serverTime > receivedAt + skewToleranceMs;
      change.clockSkew = outside
        ? { offsetMs: Math.round((sentAt + receivedAt) / 2 - facts.serverTime), at: receivedAt }
        : null;
      if (outside && current.clockSkew === null) {
        options.onError?.('clock skew', { offsetMs: change.clockSkew?.offsetMs });
      }
    }
    if (facts.mutationSchemaVersion !== undefined) {
      change.updateAdvised = facts.mutationSchemaVersion > writesSchemaVersion;
    }
    return change;
  }

  function fail(connection: Connection, code: string, message: string, retry: boolean): PushRound {
    update({ connection, lastError: { code, message, at: clock.now() } });
    options.onError?.('push failed', { code, message });
    return { kind: 'failed', retry };
  }

  /** Nothing to send: is the server where this register thinks it is? */
  async function checkServer(after: number): Promise<PushRound | undefined> {
    const now = clock.now();
    if (
      serverLastSeq !== undefined &&
      lastCheckedAt !== undefined &&
      Math.abs(now - lastCheckedAt) < checkServerEveryMs
    ) {
      return undefined;
    }
    const outcome = await transport.state();
    switch (outcome.kind) {
      case 'state':
        lastCheckedAt = now;
        failures = 0;
        serverLastSeq = outcome.lastSeq;
        update({
          connection: 'online',
          lastError: null,
          lastSuccessAt: now,
          ...serverFacts(now, outcome),
        });
        // Behind what this register holds as acknowledged: resend from there (the gap rule).
        return outcome.lastSeq < after ? { kind: 'gap', lastSeq: outcome.lastSeq } : undefined;
      case 'unreachable':
        failures += 1;
        return fail('offline', 'sync.offline', outcome.message, true);
      case 'serverError':
        failures += 1;
        return fail('online', 'sync.serverError', outcome.message, true);
      case 'refused':
        failures += 1;
        return fail('blocked', outcome.code, outcome.message, true);
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown push state outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * Where the next batch starts: after the lower of what the server holds and what this register
   * holds as acknowledged. A server behind (restored) gets again what it lost; a row the server
   * holds whose result never came back (its answer lost, while a late copy or a later batch moved
   * the server's last_seq past it) is sent again and answered its stored result, so it is
   * acknowledged and what it settles here is settled (found by the simulation, seed 1212 at 60
   * steps: a row skipped that way stayed pending for ever).
   */
  function resendFrom(): number {
    const acked = source.ackedThrough();
    return serverLastSeq === undefined ? acked : Math.min(serverLastSeq, acked);
  }

  /** The server holds more of this register than the register itself: never reset, a person looks. */
  function serverAhead(): PushRound | undefined {
    if (serverLastSeq === undefined || serverLastSeq <= source.lastSeq()) return undefined;
    // The register was restored from an older backup.
    return fail(
      'blocked',
      'sync.serverAhead',
      `The server holds up to seq ${serverLastSeq}; this register only ${source.lastSeq()}.`,
      false,
    );
  }

  async function pushOnce(): Promise<PushRound> {
    const ahead = serverAhead();
    if (ahead !== undefined) return ahead;
    let after = resendFrom();
    let rows = source.readAfter(after, batchSize);
    if (rows.length === 0) {
      const checked = (await checkServer(after)) ?? serverAhead();
      if (checked !== undefined) return checked;
      after = resendFrom();
      rows = source.readAfter(after, batchSize);
    }
    if (rows.length === 0) {
      update({});
      return { kind: 'idle' };
    }
    const first = rows[0];
    if (first === undefined || first.seq !== after + 1) {
      return fail('blocked', 'sync.outboxHole', `The outbox has no row ${after + 1}.`, false);
    }
    const batch: PushBatch = {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      register_id: options.registerId,
      from_seq: first.seq,
      mutations: rows.map((row) => ({
        seq: row.seq,
        mutation_id: row.mutationId,
        type: row.type,
        payload: payloadOf(row),
        schema_version: row.schemaVersion > 0 ? row.schemaVersion : MUTATION_SCHEMA_VERSION,
        created_at: row.createdAt,
      })),
    };
    const sentAt = clock.now();
    const outcome = await transport.push(batch);
    switch (outcome.kind) {
      case 'answer': {
        const sent = new Map(rows.map((row) => [row.seq, row.mutationId]));
        // Only results that match what was sent count; anything else is ignored, not acked.
        const matched = outcome.answer.results.filter(
          (r) => sent.get(r.seq) === r.mutation_id && r.seq <= outcome.answer.last_seq,
        );
        source.acknowledge(
          matched.map((r) => r.seq),
          clock.now(),
        );
        serverLastSeq = outcome.answer.last_seq;
        failures = 0;
        const attention = matched.filter((r) => r.status === 'rejected' || r.status === 'flagged');
        update({
          connection: 'online',
          lastError: null,
          lastSuccessAt: clock.now(),
          attention: [...current.attention, ...attention].slice(-ATTENTION_KEPT),
          ...serverFacts(sentAt, {
            serverTime: outcome.answer.server_time,
            mutationSchemaVersion: outcome.answer.mutation_schema_version,
            storeRegisters: outcome.answer.store_registers,
          }),
        });
        return {
          kind: 'pushed',
          acked: matched.length,
          more: rows.length === batchSize || source.pendingCount() > 0,
        };
      }
      case 'gap':
        serverLastSeq = outcome.lastSeq;
        failures = 0;
        update({ connection: 'online' });
        return { kind: 'gap', lastSeq: outcome.lastSeq };
      case 'unreachable':
        failures += 1;
        return fail('offline', 'sync.offline', outcome.message, true);
      case 'serverError':
        failures += 1;
        return fail('online', 'sync.serverError', outcome.message, true);
      case 'refused':
        failures += 1;
        return fail('blocked', outcome.code, outcome.message, true);
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown push outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  function delayAfter(round: PushRound): number {
    switch (round.kind) {
      case 'idle':
        return idleMs;
      case 'pushed':
        return round.more ? 0 : idleMs;
      case 'gap':
        return 0;
      case 'failed':
        return round.retry
          ? backoffDelay(failures, options.random, options.backoff ?? DEFAULT_BACKOFF)
          : Math.max(idleMs, (options.backoff ?? DEFAULT_BACKOFF).maxMs);
      default: {
        const unknown: never = round;
        throw new Error(`Unknown push round ${JSON.stringify(unknown)}`);
      }
    }
  }

  const loop = createRoundLoop({
    sleep: (ms) => clock.sleep(ms),
    round: async () => {
      let round: PushRound;
      try {
        round = await pushOnce();
      } catch (error) {
        // A fault in the register's own store: keep going after a pause, never lose a row.
        failures += 1;
        round = fail(
          'unknown',
          'sync.internal',
          error instanceof Error ? error.message : String(error),
          true,
        );
      }
      return delayAfter(round);
    },
  });

  return {
    pushOnce,
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
