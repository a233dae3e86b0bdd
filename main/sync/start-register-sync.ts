// Connects a register core to the central server over HTTP with the register's client credentials:
// the push loop (so `sync.status` figures fall as the server acknowledges) and, beside it, the pull
// loop (first sync by snapshot, then catalog, prices, promotions, members and stock by cursor).
import type {
  FetchLike,
  PullClient,
  PullProgress,
  PushClient,
  PushClock,
  RegisterCredentials,
} from '../../sync/client';
import {
  createHttpPullTransport,
  createHttpPushTransport,
  createPullClient,
  createPushClient,
} from '../../sync/client';
import type { Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { registerOutboxSource } from './register-outbox-source';
import { registerSnapshotTarget } from './pull-snapshot';
import { registerPullTargets } from './pull-targets';
import type { SyncLoopStatus } from './sync-status';

export interface RegisterSyncOptions {
  readonly db: RegisterDb;
  /** The central server, e.g. https://hq.example:8787. */
  readonly serverUrl: string;
  /** From enrolment: the client id is the register's id on the server. */
  readonly credentials: RegisterCredentials;
  readonly logger: Logger;
  /** Real timers by default; tests pass their own. */
  readonly clock?: PushClock;
  readonly random?: () => number;
  readonly fetch?: FetchLike;
  readonly batchSize?: number;
  readonly idleMs?: number;
  /** The register's currency, for products pulled without a price here (CNY). */
  readonly currency?: string;
  /** Pauses between pulls when nothing is new (30 s). */
  readonly pullIdleMs?: number;
  /** First-sync progress: snapshot rows applied, then search indexed. */
  readonly onPullProgress?: (progress: PullProgress) => void;
  /**
   * The server answers again after an outage (or for the first time): the escrow's moment to
   * finish lease returns, refill leases and renew its reading of the server's clock.
   */
  readonly onReconnected?: () => void;
  /**
   * Every change of either loop's status (and once at start): the host hands it to the core's
   * `reportSyncStatus`, which answers `sync.status` and emits it to the screens.
   */
  readonly onStatus?: (status: SyncLoopStatus) => void;
}

export interface RegisterSync {
  readonly client: PushClient;
  readonly pull: PullClient;
  /** Resolves when the loop has stopped. */
  stop(): Promise<void>;
}

const realClock: PushClock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // unref: a waiting push loop never keeps the host alive on its own.
      setTimeout(resolve, ms).unref();
    }),
};

/** The push client without its loop: for hosts and tests that drive rounds themselves. */
export function createRegisterPushClient(options: RegisterSyncOptions): PushClient {
  const clock = options.clock ?? realClock;
  return createPushClient({
    registerId: options.credentials.clientId,
    source: registerOutboxSource(options.db),
    transport: createHttpPushTransport({
      baseUrl: options.serverUrl,
      credentials: options.credentials,
      now: () => clock.now(),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    }),
    clock,
    random: options.random ?? Math.random,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
    onError: (message, fields) => options.logger.warn(message, fields),
  });
}

/** The pull client without its loop: every stream, the catalog's first sync by snapshot. */
export function createRegisterPullClient(options: RegisterSyncOptions): PullClient {
  const clock = options.clock ?? realClock;
  const targetOptions = { currency: options.currency ?? 'CNY', now: () => clock.now() };
  return createPullClient({
    transport: createHttpPullTransport({
      baseUrl: options.serverUrl,
      credentials: options.credentials,
      now: () => clock.now(),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    }),
    targets: registerPullTargets(options.db, targetOptions),
    snapshot: registerSnapshotTarget(options.db, targetOptions),
    clock,
    random: options.random ?? Math.random,
    yieldToScans: () => new Promise((resolve) => setImmediate(resolve)),
    ...(options.pullIdleMs === undefined ? {} : { idleMs: options.pullIdleMs }),
    ...(options.onPullProgress === undefined ? {} : { onProgress: options.onPullProgress }),
    onError: (message, fields) => options.logger.warn(message, fields),
  });
}

/** Starts the push and pull loops; they run until `stop`. */
export function startRegisterSync(options: RegisterSyncOptions): RegisterSync {
  const client = createRegisterPushClient(options);
  const pull = createRegisterPullClient(options);
  let online = false;
  const unsubscribe = client.subscribe((status) => {
    const now = status.connection === 'online';
    if (now && !online) options.onReconnected?.();
    online = now;
  });
  const { onStatus } = options;
  const report = () => onStatus?.({ push: client.status(), pull: pull.status() });
  const unsubscribeStatus =
    onStatus === undefined ? [] : [client.subscribe(report), pull.subscribe(report)];
  report();
  const running = client.run().catch((error: unknown) => {
    options.logger.error('push loop stopped', { error: String(error) });
  });
  const pulling = pull.run().catch((error: unknown) => {
    options.logger.error('pull loop stopped', { error: String(error) });
  });
  return {
    client,
    pull,
    async stop() {
      unsubscribe();
      client.stop();
      pull.stop();
      await Promise.all([running, pulling]);
      for (const stopReporting of unsubscribeStatus) stopReporting();
    },
  };
}
