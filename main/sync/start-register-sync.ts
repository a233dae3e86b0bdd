// Connects a register core's outbox to the central server: the push loop over HTTP with the
// register's client credentials, so `sync.status` figures fall as the server acknowledges.
import type { FetchLike, PushClient, PushClock, RegisterCredentials } from '../../sync/client';
import { createHttpPushTransport, createPushClient } from '../../sync/client';
import type { Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { registerOutboxSource } from './register-outbox-source';

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
}

export interface RegisterSync {
  readonly client: PushClient;
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

/** Starts the push loop; it runs until `stop`. */
export function startRegisterSync(options: RegisterSyncOptions): RegisterSync {
  const client = createRegisterPushClient(options);
  const running = client.run().catch((error: unknown) => {
    options.logger.error('push loop stopped', { error: String(error) });
  });
  return {
    client,
    async stop() {
      client.stop();
      await running;
    },
  };
}
