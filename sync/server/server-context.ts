// What every route module and job receives: the app to add routes to, the database, the clock,
// the logger, token checks and the guards. Passed in, never imported, so tests control them all.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { TokenIssuer } from './auth/tokens';
import type { ServerConfig } from './config';
import type { Db } from './db/db';
import type { Guards } from './http/guards';
import type { MutationReading } from '../protocol';

export interface ServerContext {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** Epoch milliseconds; injected so tests and jobs can move time. */
  readonly clock: () => number;
  readonly log: FastifyBaseLogger;
  readonly tokens: TokenIssuer;
  readonly guards: Guards;
  readonly config: ServerConfig;
  /** How pushed mutations are read: this build's CURRENT_READING unless a test gives another. */
  readonly mutationReading?: MutationReading;
}
