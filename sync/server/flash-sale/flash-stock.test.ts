import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { TestContext } from 'vitest';
import type { RedisAvailability } from '../testing/start-redis';
import { startTestRedis } from '../testing/start-redis';
import type { FlashStock } from './flash-stock';
import { createMemoryFlashStock } from './flash-stock';
import { createRedisFlashStock } from './redis-flash-stock';

let redis: Promise<RedisAvailability> | undefined;
const opened: FlashStock[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  const started = await redis;
  if (started?.available === true) await started.server.stop();
});

let prefix = 0;
/** Two handles on one store: two server instances sharing Redis, or one process for memory. */
async function openStores(
  kind: 'memory' | 'redis',
  context: TestContext,
): Promise<[FlashStock, FlashStock]> {
  if (kind === 'memory') {
    const stock = createMemoryFlashStock();
    return [stock, stock];
  }
  const started = await (redis ??= startTestRedis());
  if (!started.available) context.skip(started.reason);
  prefix += 1;
  const a = createRedisFlashStock(started.server.url, `t${prefix}:`);
  const b = createRedisFlashStock(started.server.url, `t${prefix}:`);
  opened.push(a, b);
  return [a, b];
}

describe.each(['memory', 'redis'] as const)('%s flash stock', (kind) => {
  it('decrements atomically, never below zero, across two instances', async (context) => {
    const [a, b] = await openStores(kind, context);
    await a.prewarm('s', 30, new Map());
    await b.prewarm('s', 999, new Map()); // already warm: the first figures win
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).reserve('s', `m${i}`, 1, 1)),
    );
    expect(answers.filter((x) => x.kind === 'reserved')).toHaveLength(30);
    expect(answers.filter((x) => x.kind === 'soldOut')).toHaveLength(70);
    expect(await a.unitsLeft('s')).toBe(0);
  });

  it('enforces the per-member limit and gives units back to the sale and the member', async (context) => {
    const [a] = await openStores(kind, context);
    await a.prewarm('s', 10, new Map([['m1', 1]]));
    expect(await a.reserve('s', 'm1', 1, 2)).toEqual({ kind: 'reserved', left: 9 });
    expect(await a.reserve('s', 'm1', 1, 2)).toEqual({ kind: 'limitExceeded', held: 2, limit: 2 });
    await a.giveBack('s', 'm1', 1);
    expect(await a.unitsLeft('s')).toBe(10);
    expect(await a.reserve('s', 'm1', 1, 2)).toEqual({ kind: 'reserved', left: 9 });
    expect(await a.reserve('unknown', 'm1', 1, 2)).toEqual({ kind: 'notWarmed' });
  });

  it('counts attempts per sale per one-second window', async (context) => {
    const [a, b] = await openStores(kind, context);
    expect(await a.countAttempt('s', 100)).toBe(1);
    expect(await b.countAttempt('s', 100)).toBe(2);
    expect(await a.countAttempt('s', 101)).toBe(1);
  });

  it('counts and reserves in one step: over the window nothing is reserved', async (context) => {
    const [a, b] = await openStores(kind, context);
    await a.prewarm('s', 3, new Map([['m1', 1]]));
    const step = (store: FlashStock, memberId: string, second: number) =>
      store.reserveInWindow({
        saleId: 's',
        memberId,
        quantity: 1,
        perMemberLimit: 1,
        second,
        windowLimit: 4,
      });
    expect(await step(a, 'm2', 50)).toEqual({ kind: 'reserved', left: 2 });
    // The same window as countAttempt's, shared by every instance.
    expect(await b.countAttempt('s', 50)).toBe(2);
    expect(await step(b, 'm1', 50)).toEqual({ kind: 'limitExceeded', held: 1, limit: 1 });
    expect(await step(a, 'm3', 50)).toEqual({ kind: 'reserved', left: 1 });
    expect(await step(b, 'm4', 50)).toEqual({ kind: 'window' });
    expect(await a.unitsLeft('s')).toBe(1);
    // A new second, a new window; then the last unit, then none.
    expect(await step(b, 'm4', 51)).toEqual({ kind: 'reserved', left: 0 });
    expect(await step(a, 'm5', 51)).toEqual({ kind: 'soldOut' });
    expect(
      await a.reserveInWindow({
        saleId: 'unknown',
        memberId: 'm1',
        quantity: 1,
        perMemberLimit: 1,
        second: 51,
        windowLimit: 4,
      }),
    ).toEqual({ kind: 'notWarmed' });
  });
});

describe('redis flash stock scripts', () => {
  it('runs its scripts again after Redis forgot them (a restart, SCRIPT FLUSH)', async (context) => {
    const [a] = await openStores('redis', context);
    await a.prewarm('s', 5, new Map());
    expect(await a.reserve('s', 'm1', 1, 1)).toEqual({ kind: 'reserved', left: 4 });
    expect(await a.countAttempt('s', 7)).toBe(1);
    const inWindow = { saleId: 's', quantity: 1, perMemberLimit: 1, second: 7, windowLimit: 10 };
    expect(await a.reserveInWindow({ ...inWindow, memberId: 'm3' })).toEqual({
      kind: 'reserved',
      left: 3,
    });
    const started = await redis;
    if (started?.available !== true) return context.skip();
    const admin = new Redis(started.server.url);
    await admin.script('FLUSH');
    await admin.quit();
    expect(await a.reserve('s', 'm2', 1, 1)).toEqual({ kind: 'reserved', left: 2 });
    expect(await a.countAttempt('s', 7)).toBe(3);
    expect(await a.reserveInWindow({ ...inWindow, memberId: 'm4' })).toEqual({
      kind: 'reserved',
      left: 1,
    });
  });
});
