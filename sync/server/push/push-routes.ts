// POST /sync/push: a register sends its outbox in seq order; one transaction per batch (see
// apply-push-batch). GET /sync/push/state: where the server stands for the calling register.
import type { FastifyRequest } from 'fastify';
import type { PushAnswer, PushGap, PushState, StoreRegister } from '../../protocol';
import type { SqlRunner } from '../db/db';
import {
  CURRENT_READING,
  PROTOCOL_SCHEMA_VERSION,
  PUSH_PATH,
  PUSH_STATE_PATH,
  pushBatchSchema,
} from '../../protocol';
import { ApiError } from '../http/api-error';
import { parseInput } from '../http/validate';
import { inVersionedTransaction } from '../db/version-retry';
import type { ServerContext } from '../server-context';
import { applyPushBatch, readLastSeq } from './apply-push-batch';

/** A batch of a few hundred sales is far above the default body limit. */
const PUSH_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

function registerOf(request: FastifyRequest): { registerId: string; storeId: string } {
  const principal = request.principal;
  if (principal?.kind !== 'register') {
    throw new ApiError(403, 'sync.registerOnly', 'Only an enrolled register pushes its outbox.');
  }
  return { registerId: principal.registerId, storeId: principal.storeId };
}

/** Every register enrolled in the store (revoked ones left out) and how far its pushes came. */
async function storeRegisters(db: SqlRunner, storeId: string): Promise<StoreRegister[]> {
  const { rows } = await db.query<{
    register_id: string;
    name: string;
    last_seq: number | null;
    updated_at: number | null;
  }>(
    `SELECT r.id AS register_id, r.name, s.last_seq, s.updated_at
     FROM register r LEFT JOIN sync_register s ON s.register_id = r.id
     WHERE r.store_id = $1 AND r.revoked_at IS NULL
     ORDER BY r.enrolled_at, r.id
     LIMIT 100`,
    [storeId],
  );
  return rows.map((r) => ({
    register_id: r.register_id,
    name: r.name,
    last_seq: Number(r.last_seq ?? 0),
    last_push_at: r.updated_at === null ? null : Number(r.updated_at),
  }));
}

export function registerPushRoutes(context: ServerContext): void {
  const { app, db, clock, guards, log } = context;
  const reading = context.mutationReading ?? CURRENT_READING;

  app.get(PUSH_STATE_PATH, { preHandler: guards.authenticated }, async (request) => {
    const { registerId, storeId } = registerOf(request);
    const state: PushState = {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      last_seq: await readLastSeq(db, registerId),
      server_time: clock(),
      mutation_schema_version: reading.current,
      store_registers: await storeRegisters(db, storeId),
    };
    return state;
  });

  app.post(
    PUSH_PATH,
    { preHandler: guards.authenticated, bodyLimit: PUSH_BODY_LIMIT_BYTES },
    async (request, reply) => {
      const { registerId, storeId } = registerOf(request);
      const batch = parseInput(pushBatchSchema, request.body, 'body');
      if (batch.register_id !== registerId) {
        throw new ApiError(403, 'sync.otherRegister', 'A register pushes only its own outbox.');
      }
      // Newer than this server reads: refuse the whole batch, book nothing; the register keeps
      // its rows and retries after the server is updated.
      const newest = Math.max(batch.schema_version - PROTOCOL_SCHEMA_VERSION, 0);
      const newerMutation = batch.mutations.find((m) => m.schema_version > reading.current);
      if (newest > 0 || newerMutation !== undefined) {
        throw new ApiError(
          426,
          'sync.serverTooOld',
          'This register is newer than the server; it keeps its sales until the server is updated.',
        );
      }
      const outcome = await inVersionedTransaction(db, (tx) =>
        applyPushBatch(tx, {
          batch,
          registerId,
          storeId,
          now: clock(),
          reading,
          onHandlerError: (error, mutationId) =>
            log.error({ err: error, mutationId, registerId }, 'push handler failed'),
        }),
      );
      if (outcome.kind === 'gap') {
        const gap: PushGap = {
          schema_version: PROTOCOL_SCHEMA_VERSION,
          error: {
            code: 'sync.gap',
            message: `The server holds up to seq ${outcome.lastSeq}; resend from ${outcome.lastSeq + 1}.`,
          },
          last_seq: outcome.lastSeq,
        };
        return reply.status(409).send(gap);
      }
      const answer: PushAnswer = {
        schema_version: PROTOCOL_SCHEMA_VERSION,
        last_seq: outcome.lastSeq,
        results: outcome.results,
        server_time: clock(),
        mutation_schema_version: reading.current,
        store_registers: await storeRegisters(db, storeId),
      };
      return answer;
    },
  );
}
