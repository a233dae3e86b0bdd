// The register answers suggestions from the model the server sent it: applied through the real pull
// target (the page checked whole first), answered through the command map from the open cart, with
// each suggestion's reason; no model is an empty list, not an error; a bad model is refused whole
// and the previous one keeps answering, also after a restart; and answers take well under 1 ms.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Basket, RecsModel } from '../../app/recommendations';
import { buildRecsModel, recsOptions } from '../../app/recommendations';
import type { PullStreamTarget } from '../../sync/client';
import { readPullPage } from '../../sync/protocol';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { registerPullTargets } from '../sync/pull-targets';

const MILK = '06901234567892';
const PEN = '04006381333931';
const CHOCOLATE = '00000096385074';
const RICE = '06920000000006';
/** Sold in the store, but not in this register's catalog: never suggested here. */
const ELSEWHERE = '06999999999999';

let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
});
afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

function baskets(): Basket[] {
  const out: Basket[] = [];
  const add = (n: number, productIds: string[], memberId: string | null = null) => {
    for (let i = 0; i < n; i += 1) out.push({ memberId, productIds });
  };
  add(4, [MILK, RICE]);
  add(3, [MILK, PEN]);
  add(5, [MILK, ELSEWHERE]);
  add(3, [CHOCOLATE], 'm-2');
  add(1, [RICE], 'm-1');
  return out;
}

function model(version: number): RecsModel {
  return buildRecsModel(baskets(), new Map(), recsOptions(), {
    storeId: 'store-1',
    version,
    builtAt: 1_000 + version,
  });
}

function recsTarget(): PullStreamTarget<'recommendations'> {
  const target = registerPullTargets(f.core.db, { currency: 'CNY', now: () => f.now }).find(
    (t): t is PullStreamTarget<'recommendations'> => t.stream === 'recommendations',
  );
  if (target === undefined) throw new Error('no recommendations target');
  return target;
}

/** A page as the server sends it, checked and applied as the pull client does. */
function applyPage(entries: unknown[], cursor: number) {
  const target = recsTarget();
  const after = target.cursor();
  const page = readPullPage('recommendations', after, {
    schema_version: 1,
    stream: 'recommendations',
    after,
    cursor,
    more: false,
    entries,
  });
  if (page.ok) target.apply(page.value);
  return page;
}

const forCart = (k?: number) => valueOf(f.core.send('recs.forCart', k === undefined ? {} : { k }));
const names = (view: Awaited<ReturnType<typeof forCart>>) =>
  view.suggestions.map((s) => [s.product.gtin14, s.reason]);

describe('suggestions at the counter', () => {
  it('answers an empty list without a model, then add-ons for the open cart with reasons', async () => {
    await loginReadyToSell(f);
    expect(await forCart()).toEqual({ reason: 'noModel', suggestions: [] });
    expect(await valueOf(f.core.send('recs.forMember', { memberId: 'm-1' }))).toEqual({
      reason: 'noModel',
      suggestions: [],
    });

    expect(applyPage([{ cursor: 7, model: model(1) }], 7).ok).toBe(true);
    // An empty cart: best sellers this register sells (milk first; the product it lacks skipped).
    expect(names(await forCart(2))).toEqual([
      [MILK, 'popular'],
      [RICE, 'popular'],
    ]);
    await valueOf(f.core.send('checkout.scan', { code: '6901234567892' }));
    const view = await forCart(3);
    expect(view).toMatchObject({ reason: 'model', modelVersion: 1, builtAt: 1_001 });
    // Rice and the pen go with milk; the product not on this register is skipped, not shown.
    expect(names(view)).toEqual([
      [RICE, 'bought-with'],
      [PEN, 'bought-with'],
      [CHOCOLATE, 'popular'],
    ]);
    expect(view.suggestions[0]?.product).toMatchObject({ name: 'Rice, 5 kg', active: true });
    // A member's own list first, then best sellers, never what they already bought.
    const member = await valueOf(f.core.send('recs.forMember', { memberId: 'm-2', k: 2 }));
    expect(member.suggestions.map((s) => s.reason)).toContain('for-you');
    expect(member.suggestions.map((s) => s.product.gtin14)).not.toContain(CHOCOLATE);
  });

  it('refuses a bad model whole and keeps answering from the last good one, across a restart', async () => {
    await loginReadyToSell(f);
    expect(applyPage([{ cursor: 3, model: model(1) }], 3).ok).toBe(true);
    const broken = { ...model(2), format: 'recs-model/9' };
    const refused = applyPage([{ cursor: 4, model: broken }], 4);
    expect(refused).toMatchObject({ ok: false, error: { code: 'sync.badPage' } });
    const damaged = { ...model(2), popular: [['', 'high']] };
    expect(applyPage([{ cursor: 4, model: damaged }], 4).ok).toBe(false);
    expect(recsTarget().cursor()).toBe(3);
    expect((await forCart()).reason === 'model' && (await forCart())).toMatchObject({
      modelVersion: 1,
    });

    // A newer model replaces it at once, in the page's transaction with the cursor.
    expect(applyPage([{ cursor: 9, model: model(2) }], 9).ok).toBe(true);
    expect(await forCart()).toMatchObject({ modelVersion: 2 });
    f.restart();
    await loginReadyToSell(f);
    expect(await forCart()).toMatchObject({ reason: 'model', modelVersion: 2 });
    expect(recsTarget().cursor()).toBe(9);
  });

  it('asks for a signed-in cashier and refuses bad arguments with a clear code', async () => {
    applyPage([{ cursor: 1, model: model(1) }], 1);
    expect(await f.core.send('recs.forCart', {})).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
    expect(await f.core.send('recs.forMember', { memberId: 'm-1' })).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
    await loginReadyToSell(f);
    expect(await f.core.send('recs.forCart', { k: 0 })).toMatchObject({
      ok: false,
      error: { code: 'command.invalidArgs' },
    });
    expect(await f.core.send('recs.forMember', { memberId: '' })).toMatchObject({
      ok: false,
      error: { code: 'command.invalidArgs' },
    });
  });

  it('answers through the command map in well under a millisecond on a full-size model', async () => {
    await loginReadyToSell(f);
    // The model's size bound per store: 50,000 products × 10 and 50,000 members × 20.
    const gtin = (i: number) => String(10_000_000_000_000 + i).padStart(14, '0');
    const local = [MILK, PEN, CHOCOLATE, RICE];
    const scored = (ids: string[]) => ids.map((id, j) => [id, 1 - j / 40] as const);
    const big: RecsModel = {
      ...model(3),
      popular: scored(Array.from({ length: 50 }, (_, i) => gtin(i))),
      // Most partners are products this register does not sell (skipped); rice it does.
      boughtWith: Array.from({ length: 50_000 }, (_, p) => {
        const partners = Array.from({ length: 9 }, (_, j) => gtin((p * 7 + j) % 60_000));
        return [p < 4 ? (local[p] as string) : gtin(p), scored([...partners, RICE])] as const;
      }),
      forMember: Array.from({ length: 50_000 }, (_, m) => {
        const list = Array.from({ length: 20 }, (_, j) => (j === 5 ? RICE : gtin(m + j)));
        return [`m-${m}`, scored(list)] as const;
      }),
    };
    expect(applyPage([{ cursor: 11, model: big }], 11).ok).toBe(true);
    await valueOf(f.core.send('checkout.scan', { code: '6901234567892' }));
    await valueOf(f.core.send('checkout.scan', { code: '4006381333931' }));
    await valueOf(f.core.send('checkout.scan', { code: '96385074' }));
    expect(names(await forCart())).toContainEqual([RICE, 'bought-with']);
    const timed = async (call: () => Promise<unknown>) => {
      for (let i = 0; i < 300; i += 1) await call();
      const times: number[] = [];
      for (let i = 0; i < 3_000; i += 1) {
        const started = performance.now();
        await call();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.floor(times.length * q)] ?? Infinity;
      return { p50: at(0.5), p99: at(0.99) };
    };
    const cart = await timed(() => valueOf(f.core.send('recs.forCart', {})));
    const member = await timed(() =>
      valueOf(f.core.send('recs.forMember', { memberId: 'm-4242' })),
    );
    const ms = (t: { p50: number; p99: number }) =>
      `p50 ${t.p50.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} ms`;
    console.log(`recs.forCart ${ms(cart)}; recs.forMember ${ms(member)} (3,000 calls each)`);
    // The median is the cost of the answer and is held to the goal with room to spare. The 99th
    // percentile is reported above, not asserted: on the shared 2-core machine under load it is
    // mostly other processes' time slices landing between the command's awaits.
    expect(cart.p50).toBeLessThan(0.5);
    expect(member.p50).toBeLessThan(0.5);
  }, 60_000);
});
