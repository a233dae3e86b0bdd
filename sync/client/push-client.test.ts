// The push client's connectivity rules with an in-memory outbox and server: retries back off
// with jitter, an idle register asks where the server stands and resends what a restored server
// lost, a server ahead of the register blocks instead of resetting it, and no row is dropped.
import { describe, expect, it } from 'vitest';
import type { MutationResult, PushBatch } from '../protocol';
import { backoffDelay } from './backoff';
import type { OutboxRow, OutboxSource } from './outbox-source';
import type { FetchLike } from './http-push-transport';
import { createHttpPushTransport } from './http-push-transport';
import { createPushClient } from './push-client';
import type { PushStateOutcome, PushTransport, PushTransportOutcome } from './push-transport';

interface Row extends OutboxRow {
  ackedAt: number | null;
}

function memoryOutbox(count: number): { rows: Row[]; source: OutboxSource } {
  const rows: Row[] = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    mutationId: `m${i + 1}`,
    type: 'cart.cancelled',
    payload: '{}',
    schemaVersion: 1,
    createdAt: 1,
    ackedAt: null,
  }));
  const source: OutboxSource = {
    readAfter: (after, limit) => rows.filter((r) => r.seq > after).slice(0, limit),
    ackedThrough: () => (rows.find((r) => r.ackedAt === null)?.seq ?? rows.length + 1) - 1,
    acknowledge: (seqs, at) => {
      for (const seq of seqs) {
        const row = rows[seq - 1];
        if (row !== undefined && row.ackedAt === null) row.ackedAt = at;
      }
    },
    pendingCount: () => rows.filter((r) => r.ackedAt === null).length,
    lastSeq: () => rows.length,
  };
  return { rows, source };
}

/** A server that books what it is sent in order and can be restored to an earlier position. */
function memoryServer(facts: { serverTime?: number; mutationSchemaVersion?: number } = {}) {
  const held = new Map<number, string>();
  let lastSeq = 0;
  let down = false;
  const transport: PushTransport & { sent: PushBatch[] } = {
    sent: [],
    push(batch): Promise<PushTransportOutcome> {
      if (down) return Promise.resolve({ kind: 'unreachable', message: 'fetch failed' });
      transport.sent.push(batch);
      if (batch.from_seq > lastSeq + 1) return Promise.resolve({ kind: 'gap', lastSeq });
      const results: MutationResult[] = batch.mutations.map((m) => {
        held.set(m.seq, m.mutation_id);
        lastSeq = Math.max(lastSeq, m.seq);
        return { seq: m.seq, mutation_id: m.mutation_id, status: 'applied' };
      });
      return Promise.resolve({
        kind: 'answer',
        answer: {
          schema_version: 1,
          last_seq: lastSeq,
          results,
          ...(facts.serverTime === undefined ? {} : { server_time: facts.serverTime }),
          ...(facts.mutationSchemaVersion === undefined
            ? {}
            : { mutation_schema_version: facts.mutationSchemaVersion }),
        },
      });
    },
    state(): Promise<PushStateOutcome> {
      return Promise.resolve(
        down
          ? { kind: 'unreachable', message: 'fetch failed' }
          : { kind: 'state', lastSeq, ...facts },
      );
    },
  };
  return {
    transport,
    held,
    get lastSeq() {
      return lastSeq;
    },
    setDown(value: boolean) {
      down = value;
    },
    /** Back to an older backup: everything after `seq` is gone. */
    restoreTo(seq: number) {
      for (const key of [...held.keys()]) if (key > seq) held.delete(key);
      lastSeq = seq;
    },
    /** A server that claims more of the register than it holds (a register restored instead). */
    claim(seq: number) {
      lastSeq = seq;
    },
  };
}

function clientFor(source: OutboxSource, transport: PushTransport, clock = { now: 1_000 }) {
  return createPushClient({
    registerId: 'reg-1',
    source,
    transport,
    clock: { now: () => clock.now, sleep: () => Promise.resolve() },
    random: () => 0.5,
    batchSize: 2,
  });
}

async function drain(client: ReturnType<typeof clientFor>): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const round = await client.pushOnce();
    if (round.kind === 'idle') return;
    if (round.kind === 'failed') throw new Error(client.status().lastError?.code);
  }
  throw new Error('did not settle');
}

describe('push client connectivity', () => {
  it('backs off doubling with jitter, never zero and never past the cap', () => {
    const policy = { baseMs: 1_000, maxMs: 60_000 };
    expect(backoffDelay(1, () => 0, policy)).toBe(500);
    expect(backoffDelay(1, () => 0.999, policy)).toBe(1_000);
    expect(backoffDelay(3, () => 0.5, policy)).toBe(3_000);
    expect(backoffDelay(30, () => 0.999, policy)).toBeLessThanOrEqual(60_000);
    expect(backoffDelay(30, () => 0, policy)).toBe(30_000);
    // Jitter: two registers failing together wait different times.
    expect(backoffDelay(4, () => 0.1, policy)).not.toBe(backoffDelay(4, () => 0.9, policy));
  });

  it('keeps every row while the server is down and sends them all once it is back', async () => {
    const { rows, source } = memoryOutbox(5);
    const server = memoryServer();
    const client = clientFor(source, server.transport);
    server.setDown(true);
    for (let i = 0; i < 3; i += 1) expect((await client.pushOnce()).kind).toBe('failed');
    expect(client.status()).toMatchObject({ connection: 'offline', pending: 5 });
    server.setDown(false);
    await drain(client);
    expect(rows.every((r) => r.ackedAt !== null)).toBe(true);
    expect([...server.held.keys()]).toEqual([1, 2, 3, 4, 5]);
  });

  it('an idle register asks where a restarted or restored server stands and resends what it lost', async () => {
    const { source } = memoryOutbox(5);
    const server = memoryServer();
    const clock = { now: 1_000 };
    const client = clientFor(source, server.transport, clock);
    await drain(client);
    server.restoreTo(2);
    // Within the check interval an idle client does not ask again...
    expect((await client.pushOnce()).kind).toBe('idle');
    expect(server.lastSeq).toBe(2);
    // ...after it, it finds the server behind and resends rows it had acknowledged.
    clock.now += 60_000;
    expect(await client.pushOnce()).toEqual({ kind: 'gap', lastSeq: 2 });
    await drain(client);
    expect([...server.held.keys()]).toEqual([1, 2, 3, 4, 5]);
    // A client started after the restore asks at once, on its first round.
    server.restoreTo(1);
    const restarted = clientFor(source, server.transport, clock);
    expect(await restarted.pushOnce()).toEqual({ kind: 'gap', lastSeq: 1 });
    await drain(restarted);
    expect(server.lastSeq).toBe(5);
  });

  it('a row the server holds but never answered for is sent again, not skipped', async () => {
    const { rows, source } = memoryOutbox(3);
    const server = memoryServer();
    const client = createPushClient({
      registerId: 'reg-1',
      source,
      transport: server.transport,
      clock: { now: () => 1_000, sleep: () => Promise.resolve() },
      random: () => 0.5,
      batchSize: 1,
    });
    expect((await client.pushOnce()).kind).toBe('pushed');
    // The server is restored to before row 1; row 2 goes out and is answered with the gap.
    server.restoreTo(0);
    expect(await client.pushOnce()).toEqual({ kind: 'gap', lastSeq: 0 });
    // A late copy of an earlier request (rows 1 and 2) reaches the server; its answer goes nowhere.
    await server.transport.push({
      schema_version: 1,
      register_id: 'reg-1',
      from_seq: 1,
      mutations: [1, 2].map((seq) => ({
        seq,
        mutation_id: `m${seq}`,
        type: 'cart.cancelled',
        payload: {},
        schema_version: 1,
        created_at: 1,
      })),
    });
    // Row 1 is resent and answered with last_seq 2, which covers row 2 without a result for it.
    expect(await client.pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    await drain(client);
    expect(rows.map((r) => r.ackedAt !== null)).toEqual([true, true, true]);
    expect(client.status()).toMatchObject({ pending: 0, lastAckedSeq: 3 });
    expect(server.transport.sent.at(-2)?.from_seq).toBe(2);
  });

  it('never resets a register the server claims to be ahead of: it blocks for a person', async () => {
    const { rows, source } = memoryOutbox(3);
    const server = memoryServer();
    server.claim(7);
    const client = clientFor(source, server.transport);
    // The first batch is answered (last_seq 7); then the client sees the server past its end.
    expect((await client.pushOnce()).kind).toBe('pushed');
    expect(await client.pushOnce()).toEqual({ kind: 'failed', retry: false });
    expect(await client.pushOnce()).toEqual({ kind: 'failed', retry: false });
    expect(client.status()).toMatchObject({
      connection: 'blocked',
      lastError: { code: 'sync.serverAhead' },
      pending: 1,
    });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[2]?.ackedAt).toBeNull();
  });

  it('flags a wall clock off the server by more than the tolerance, and clears it once right', async () => {
    const clock = { now: 1_000_000 };
    const facts: { serverTime?: number } = { serverTime: 1_000_000 - 10 * 60_000 };
    const { source } = memoryOutbox(1);
    const client = clientFor(source, memoryServer(facts).transport, clock);
    await client.pushOnce();
    expect(client.status().clockSkew).toEqual({ offsetMs: 600_000, at: 1_000_000 });
    // Within two minutes is in step (and a slow answer is never taken for skew).
    facts.serverTime = clock.now + 90_000;
    clock.now += 60_000;
    await client.pushOnce();
    expect(client.status().clockSkew).toBeNull();
  });

  it('an older register keeps pushing and is told to update; an equal one is not', async () => {
    const older = memoryOutbox(2);
    const newerServer = memoryServer({ mutationSchemaVersion: 2 });
    const client = clientFor(older.source, newerServer.transport);
    await drain(client);
    expect(client.status()).toMatchObject({ pending: 0, updateAdvised: true });
    const same = clientFor(
      memoryOutbox(1).source,
      memoryServer({ mutationSchemaVersion: 1 }).transport,
    );
    await drain(same);
    expect(same.status().updateAdvised).toBe(false);
  });

  it('reads a newer server’s answer with fields it does not know', async () => {
    const { rows, source } = memoryOutbox(1);
    const fetchLike = (url: string): Promise<Response> =>
      Promise.resolve(
        url.endsWith('/oauth/token')
          ? Response.json({ access_token: 't', expires_in: 300 })
          : Response.json({
              schema_version: 2,
              last_seq: 1,
              results: [{ seq: 1, mutation_id: 'm1', status: 'applied', booked_as: 'order-1' }],
              server_time: 1_000,
              receipts_url: 'https://hq.example/r/1',
            }),
      );
    const transport = createHttpPushTransport({
      baseUrl: 'http://hq.example',
      credentials: { clientId: 'reg-1', clientSecret: 's' },
      now: () => 1_000,
      fetch: fetchLike,
    });
    const client = clientFor(source, transport);
    expect(await client.pushOnce()).toMatchObject({ kind: 'pushed', acked: 1 });
    expect(rows[0]?.ackedAt).not.toBeNull();
  });

  it('counts a 503 (a server closing or not yet serving) as offline, a 500 as online with a fault', async () => {
    const answering = (status: number) => (url: string) =>
      Promise.resolve(
        url.endsWith('/oauth/token')
          ? Response.json({ access_token: 't', expires_in: 300 })
          : Response.json(
              { error: { code: 'server.internal', message: 'Something went wrong' } },
              { status, statusText: status === 503 ? 'Service Unavailable' : 'Error' },
            ),
      );
    const over = (fetch: FetchLike) =>
      clientFor(
        memoryOutbox(1).source,
        createHttpPushTransport({
          baseUrl: 'http://hq.example',
          credentials: { clientId: 'reg-1', clientSecret: 's' },
          now: () => 1_000,
          fetch,
        }),
      );
    const closing = over(answering(503));
    expect(await closing.pushOnce()).toMatchObject({ kind: 'failed', retry: true });
    expect(closing.status()).toMatchObject({
      connection: 'offline',
      lastError: { code: 'sync.offline' },
      pending: 1,
    });
    // The token the push asks for first, from a server closing: offline as well.
    const tokenClosing = over(() =>
      Promise.resolve(new Response('closing', { status: 503, statusText: 'Service Unavailable' })),
    );
    expect(await tokenClosing.pushOnce()).toMatchObject({ kind: 'failed', retry: true });
    expect(tokenClosing.status()).toMatchObject({
      connection: 'offline',
      lastError: { code: 'sync.offline' },
    });
    const faulty = over(answering(500));
    expect(await faulty.pushOnce()).toMatchObject({ kind: 'failed', retry: true });
    expect(faulty.status()).toMatchObject({
      connection: 'online',
      lastError: { code: 'sync.serverError' },
      pending: 1,
    });
  });
});
