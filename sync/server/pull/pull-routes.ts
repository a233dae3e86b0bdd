// GET /sync/pull?stream=…&after=…&limit=…: a stream's changes after the register's cursor, for
// its own store, with the new cursor and whether more wait. GET /sync/pull/snapshot: the catalog
// streamed as NDJSON for a register's first sync. Register tokens only: the store comes from the
// token, never from the request.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PROTOCOL_SCHEMA_VERSION, PULL_PATH, pullQuerySchema, SNAPSHOT_PATH } from '../../protocol';
import { catalogSnapshot } from '../catalog/catalog-snapshot';
import { ApiError } from '../http/api-error';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import type { PullStreamHandler } from './pull-stream';

const cursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const snapshotQuery = z.object({ after: cursor.default(0), until: cursor.optional() }).strict();

function storeOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind !== 'register') {
    throw new ApiError(403, 'sync.registerOnly', 'Only an enrolled register pulls its store.');
  }
  return principal.storeId;
}

export function registerPullRoutes(
  context: ServerContext,
  handlers: readonly PullStreamHandler[],
): void {
  const { app, db, guards } = context;
  const streams = new Map<string, PullStreamHandler>();
  for (const handler of handlers) {
    if (streams.has(handler.stream)) throw new Error(`Two pull handlers for ${handler.stream}`);
    streams.set(handler.stream, handler);
  }

  app.get(PULL_PATH, { preHandler: guards.authenticated }, async (request) => {
    const storeId = storeOf(request);
    const query = parseInput(pullQuerySchema, request.query, 'query');
    const handler = streams.get(query.stream);
    if (handler === undefined) {
      throw new ApiError(
        400,
        'sync.unknownStream',
        `There is no stream ${query.stream}; this server has ${[...streams.keys()].join(', ')}.`,
      );
    }
    const slice = await handler.read(db, { storeId, after: query.after, limit: query.limit });
    const lastEntry = slice.entries[slice.entries.length - 1];
    return {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      stream: query.stream,
      after: query.after,
      cursor: lastEntry?.cursor ?? query.after,
      more: slice.more,
      entries: slice.entries,
    };
  });

  app.get(SNAPSHOT_PATH, { preHandler: guards.authenticated }, async (request, reply) => {
    const storeId = storeOf(request);
    const query = parseInput(snapshotQuery, request.query, 'query');
    if (query.until !== undefined && query.until < query.after) {
      throw new ApiError(400, 'request.invalid', 'query.until: must not be before after');
    }
    const lines = catalogSnapshot(db, {
      storeId,
      after: query.after,
      ...(query.until === undefined ? {} : { until: query.until }),
    });
    // The first chunk (header) is read before answering, so a database failure is a proper 500.
    const first = await lines.next();
    const body = Readable.from(
      (async function* () {
        if (first.done !== true) yield first.value;
        yield* lines;
      })(),
    );
    body.on('error', (error) => context.log.warn({ err: error }, 'snapshot stream failed'));
    return reply.type('application/x-ndjson').send(body);
  });
}
