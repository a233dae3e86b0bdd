import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PointsLedger } from './points-ledger';
import {
  adjustPoints,
  clawBackPoints,
  earnPoints,
  emptyPointsLedger,
  expirePoints,
  expiringLots,
  pointsEarnedFor,
  recordOfflineRedemption,
  spendPoints,
  spendableBalance,
} from './points-ledger';
import { lotExpiresAt } from './points-lot';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 10, 2); // 10 January 2025, 10:00 in China

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function earn(ledger: PointsLedger, points: number, at: number, ref: string): PointsLedger {
  return must(earnPoints(ledger, { points, at, referenceId: ref })).ledger;
}

describe('earnPoints', () => {
  it('creates a lot expiring one year later and logs before/after', () => {
    const change = must(
      earnPoints(emptyPointsLedger('m'), { points: 300, at: T0, referenceId: 'o-1' }),
    );
    expect(change.ledger.balance).toBe(300);
    expect(change.ledger.lots).toEqual([
      {
        id: 'm/lot-1',
        points: 300,
        remaining: 300,
        earnedAt: T0,
        expiresAt: lotExpiresAt(T0),
        reference: 'o-1',
      },
    ]);
    expect(change.entries).toEqual([
      {
        type: 'earn',
        points: 300,
        before: 0,
        after: 300,
        reason: 'order completed',
        referenceId: 'o-1',
        expiresAt: lotExpiresAt(T0),
        at: T0,
        lots: [{ lotId: 'm/lot-1', points: 300 }],
      },
    ]);
  });

  it('refuses a second earn for the same order and non-positive points', () => {
    const once = earn(emptyPointsLedger('m'), 10, T0, 'o-1');
    const twice = earnPoints(once, { points: 10, at: T0, referenceId: 'o-1' });
    expect(twice.ok ? 'ok' : twice.error.code).toBe('points.alreadyEarned');
    const zero = earnPoints(once, { points: 0, at: T0, referenceId: 'o-2' });
    expect(zero.ok ? 'ok' : zero.error.code).toBe('points.invalid');
  });
});

describe('spendPoints', () => {
  it('takes the soonest-expiring lots first', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'old');
    ledger = earn(ledger, 100, T0 + 30 * DAY, 'new');
    const change = must(
      spendPoints(ledger, { points: 150, at: T0 + 31 * DAY, referenceId: 'r-1' }),
    );
    expect(change.entries[0]?.lots).toEqual([
      { lotId: 'm/lot-1', points: 100 },
      { lotId: 'm/lot-2', points: 50 },
    ]);
    expect(change.ledger.lots.map((l) => l.remaining)).toEqual([0, 50]);
    expect(change.ledger.balance).toBe(50);
  });

  it('spends the whole balance but not one point more', () => {
    const ledger = earn(emptyPointsLedger('m'), 100, T0, 'o');
    expect(spendPoints(ledger, { points: 100, at: T0, referenceId: 'r' }).ok).toBe(true);
    const short = spendPoints(ledger, { points: 101, at: T0, referenceId: 'r' });
    expect(short.ok ? 'ok' : short.error.code).toBe('points.insufficient');
    if (!short.ok) expect(short.error.details).toMatchObject({ balance: 100, requested: 101 });
  });

  it('a lot is spendable 1 ms before one year and not at exactly one year', () => {
    const ledger = earn(emptyPointsLedger('m'), 100, T0, 'o');
    const expiresAt = lotExpiresAt(T0);
    expect(spendPoints(ledger, { points: 100, at: expiresAt - 1, referenceId: 'r' }).ok).toBe(true);
    const late = spendPoints(ledger, { points: 1, at: expiresAt, referenceId: 'r' });
    expect(late.ok ? 'ok' : late.error.code).toBe('points.insufficient');
    expect(spendableBalance(ledger, expiresAt - 1)).toBe(100);
    expect(spendableBalance(ledger, expiresAt)).toBe(0);
  });

  it('a spend after expiry books the expiry first, even if the job has not run', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'old');
    ledger = earn(ledger, 50, T0 + 200 * DAY, 'new');
    const change = must(
      spendPoints(ledger, { points: 50, at: lotExpiresAt(T0), referenceId: 'r' }),
    );
    expect(change.entries.map((e) => e.type)).toEqual(['expire', 'spend']);
    expect(change.entries[1]?.lots).toEqual([{ lotId: 'm/lot-2', points: 50 }]);
  });
});

describe('expirePoints', () => {
  it('writes off what is left of each expired lot, once', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'o-1');
    ledger = must(spendPoints(ledger, { points: 30, at: T0 + DAY, referenceId: 'r' })).ledger;
    const expiresAt = lotExpiresAt(T0);
    expect(expirePoints(ledger, expiresAt - 1).entries).toEqual([]);
    const job = expirePoints(ledger, expiresAt);
    expect(job.entries).toEqual([
      {
        type: 'expire',
        points: -70,
        before: 70,
        after: 0,
        reason: 'expired',
        referenceId: 'o-1',
        expiresAt,
        at: expiresAt,
        lots: [{ lotId: 'm/lot-1', points: 70 }],
      },
    ]);
    expect(expirePoints(job.ledger, expiresAt + DAY).entries).toEqual([]);
  });

  it('lists lots about to expire for the member desk', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'a');
    ledger = earn(ledger, 100, T0 + 100 * DAY, 'b');
    const soon = expiringLots(ledger, lotExpiresAt(T0) - 30 * DAY, 30 * DAY);
    expect(soon.map((l) => l.reference)).toEqual(['a']);
  });
});

describe('clawBackPoints', () => {
  it('takes from the order’s own lot first, then the soonest-expiring others', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'old');
    ledger = earn(ledger, 80, T0 + DAY, 'refund-me');
    ledger = must(spendPoints(ledger, { points: 130, at: T0 + 2 * DAY, referenceId: 'r' })).ledger;
    // old: 0 left, refund-me: 50 left; the order earned 80.
    const taken = clawBackPoints(ledger, { referenceId: 'refund-me', at: T0 + 3 * DAY });
    expect(taken.points).toBe(80);
    expect(taken.entries[0]).toMatchObject({
      type: 'clawback',
      points: -80,
      before: 50,
      after: -30,
      flag: 'negativeBalance',
      lots: [{ lotId: 'm/lot-2', points: 50 }],
    });
    expect(taken.ledger.debt).toBe(30);
    expect(taken.ledger.balance).toBe(-30);
  });

  it('prefers the order’s lot over an older one', () => {
    let ledger = earn(emptyPointsLedger('m'), 100, T0, 'old');
    ledger = earn(ledger, 80, T0 + DAY, 'o');
    const taken = clawBackPoints(ledger, { referenceId: 'o', at: T0 + 2 * DAY });
    expect(taken.entries[0]?.lots).toEqual([{ lotId: 'm/lot-2', points: 80 }]);
    expect(taken.entries[0]?.flag).toBeUndefined();
    expect(taken.ledger.balance).toBe(100);
  });

  it('is harmless when repeated, and takes nothing for an order that earned nothing', () => {
    const ledger = earn(emptyPointsLedger('m'), 80, T0, 'o');
    const once = clawBackPoints(ledger, { referenceId: 'o', at: T0 + DAY });
    const twice = clawBackPoints(once.ledger, { referenceId: 'o', at: T0 + DAY });
    expect(twice.points).toBe(0);
    expect(twice.entries).toEqual([]);
    expect(pointsEarnedFor(once.ledger, 'o')).toBe(0);
    expect(clawBackPoints(ledger, { referenceId: 'other', at: T0 }).entries).toEqual([]);
  });

  it('does not take back points of the order that already expired unspent', () => {
    let ledger = earn(emptyPointsLedger('m'), 80, T0, 'o');
    ledger = earn(ledger, 500, lotExpiresAt(T0) - DAY, 'later');
    const taken = clawBackPoints(ledger, { referenceId: 'o', at: lotExpiresAt(T0) + DAY });
    expect(taken.points).toBe(0);
    expect(taken.ledger.balance).toBe(500);
  });

  it('a later earn repays the debt first', () => {
    let ledger = earn(emptyPointsLedger('m'), 80, T0, 'o');
    ledger = must(spendPoints(ledger, { points: 80, at: T0, referenceId: 'r' })).ledger;
    ledger = clawBackPoints(ledger, { referenceId: 'o', at: T0 + DAY }).ledger;
    expect(ledger.balance).toBe(-80);
    ledger = earn(ledger, 100, T0 + 2 * DAY, 'o-2');
    expect(ledger.balance).toBe(20);
    expect(ledger.debt).toBe(0);
    expect(ledger.lots.at(-1)?.remaining).toBe(20);
  });
});

describe('adjust and offline redemption', () => {
  it('a positive adjust grants a lot; a negative one may go below zero, flagged', () => {
    let ledger = must(
      adjustPoints(emptyPointsLedger('m'), {
        points: 50,
        at: T0,
        referenceId: 'adj-1',
        reason: 'goodwill',
      }),
    ).ledger;
    expect(ledger.lots).toHaveLength(1);
    const down = must(
      adjustPoints(ledger, { points: -70, at: T0, referenceId: 'adj-2', reason: 'error' }),
    );
    expect(down.entries[0]).toMatchObject({
      type: 'adjust',
      points: -70,
      after: -20,
      flag: 'negativeBalance',
    });
    ledger = down.ledger;
    expect(ledger.debt).toBe(20);
    expect(adjustPoints(ledger, { points: 0, at: T0, referenceId: 'x', reason: 'x' }).ok).toBe(
      false,
    );
  });

  it('an offline redemption is booked even when the balance is now short', () => {
    const ledger = earn(emptyPointsLedger('m'), 100, T0, 'o');
    const booked = must(recordOfflineRedemption(ledger, { points: 150, at: T0, referenceId: 'r' }));
    expect(booked.ledger.balance).toBe(-50);
    expect(booked.entries[0]).toMatchObject({ type: 'spend', flag: 'negativeBalance' });
  });
});

type Op =
  | { kind: 'earn'; points: number; dt: number }
  | { kind: 'spend'; points: number; dt: number }
  | { kind: 'expire'; dt: number }
  | { kind: 'clawback'; pick: number; dt: number }
  | { kind: 'adjust'; points: number; dt: number };

const dtArb = fc.integer({ min: 0, max: 200 * DAY });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('earn' as const),
    points: fc.integer({ min: 1, max: 5_000 }),
    dt: dtArb,
  }),
  fc.record({
    kind: fc.constant('spend' as const),
    points: fc.integer({ min: 1, max: 5_000 }),
    dt: dtArb,
  }),
  fc.record({ kind: fc.constant('expire' as const), dt: dtArb }),
  fc.record({ kind: fc.constant('clawback' as const), pick: fc.nat(), dt: dtArb }),
  fc.record({
    kind: fc.constant('adjust' as const),
    points: fc.integer({ min: -3_000, max: 3_000 }),
    dt: dtArb,
  }),
);

describe('property: the ledger adds up and expired points are never spent', () => {
  it('balance = sum of entries = lots left − debt, after any sequence', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let ledger = emptyPointsLedger('m');
        let at = T0;
        let orders = 0;
        for (const op of ops) {
          at += op.dt;
          const before = ledger;
          switch (op.kind) {
            case 'earn': {
              orders += 1;
              ledger = must(
                earnPoints(ledger, { points: op.points, at, referenceId: `o-${orders}` }),
              ).ledger;
              break;
            }
            case 'spend': {
              const spent = spendPoints(ledger, { points: op.points, at, referenceId: 'r' });
              const spendable = spendableBalance(ledger, at);
              expect(spent.ok).toBe(op.points <= spendable);
              if (spent.ok) {
                ledger = spent.value.ledger;
                // Every lot drawn from was still valid at the time of the spend.
                const spend = spent.value.entries.at(-1);
                for (const draw of spend?.lots ?? []) {
                  const lot = ledger.lots.find((l) => l.id === draw.lotId);
                  expect(lot?.expiresAt).toBeGreaterThan(at);
                }
              }
              break;
            }
            case 'expire':
              ledger = expirePoints(ledger, at).ledger;
              break;
            case 'clawback':
              if (orders > 0) {
                const ref = `o-${(op.pick % orders) + 1}`;
                const owed = pointsEarnedFor(expirePoints(ledger, at).ledger, ref);
                const taken = clawBackPoints(ledger, { referenceId: ref, at });
                expect(taken.points).toBe(owed);
                ledger = taken.ledger;
              }
              break;
            case 'adjust':
              if (op.points !== 0) {
                ledger = must(
                  adjustPoints(ledger, {
                    points: op.points,
                    at,
                    referenceId: `a-${at}`,
                    reason: 'test',
                  }),
                ).ledger;
              }
              break;
          }
          const sum = ledger.entries.reduce((acc, e) => acc + e.points, 0);
          expect(ledger.balance).toBe(sum);
          const left = ledger.lots.reduce((acc, l) => acc + l.remaining, 0);
          expect(ledger.balance).toBe(left - ledger.debt);
          expect(ledger.debt).toBeGreaterThanOrEqual(0);
          if (ledger.debt > 0) expect(left).toBe(0);
          for (const lot of ledger.lots) {
            expect(lot.remaining).toBeGreaterThanOrEqual(0);
            expect(lot.remaining).toBeLessThanOrEqual(lot.points);
          }
          // Every entry chains: its before is the previous entry's after.
          const fresh = ledger.entries.slice(before.entries.length);
          let running = before.balance;
          for (const e of fresh) {
            expect(e.before).toBe(running);
            expect(e.after).toBe(e.before + e.points);
            expect(e.flag === 'negativeBalance').toBe(
              e.after < 0 && e.points < 0 && e.type !== 'expire',
            );
            running = e.after;
          }
          // Only a spend may not go below zero; the balance is negative only through the
          // flagged paths (claw-back, negative adjust).
          if (ledger.balance < 0) {
            expect(ledger.entries.some((e) => e.flag === 'negativeBalance')).toBe(true);
          }
        }
      }),
    );
  });
});
