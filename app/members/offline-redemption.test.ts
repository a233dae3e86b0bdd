import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offlineRedemptionLimit, redeemOffline, redeemableOnRegister } from './offline-redemption';

describe('offlineRedemptionLimit', () => {
  it.each([
    [{ cachedBalance: 1_000, pendingOnRegister: 0, allowance: 300 }, 300],
    [{ cachedBalance: 1_000, pendingOnRegister: 200, allowance: 300 }, 100],
    [{ cachedBalance: 250, pendingOnRegister: 200, allowance: 300 }, 50],
    [{ cachedBalance: 100, pendingOnRegister: 200, allowance: 300 }, 0],
    [{ cachedBalance: -40, pendingOnRegister: 0, allowance: 300 }, 0],
    [{ cachedBalance: 1_000, pendingOnRegister: 300, allowance: 300 }, 0],
  ])('%j → %i', (state, limit) => {
    expect(offlineRedemptionLimit(state)).toBe(limit);
  });

  it('accepts exactly the limit, refuses one more', () => {
    const state = { cachedBalance: 1_000, pendingOnRegister: 100, allowance: 300 };
    const accepted = redeemOffline(state, 200);
    expect(accepted).toEqual({ ok: true, value: { ...state, pendingOnRegister: 300 } });
    const refused = redeemOffline(state, 201);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('points.offlineLimitExceeded');
    expect(redeemOffline(state, 0).ok).toBe(false);
  });

  it('property: the limit is never exceeded over any sequence of redemptions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -500, max: 5_000 }),
        fc.nat({ max: 2_000 }),
        fc.array(fc.integer({ min: 1, max: 800 }), { maxLength: 30 }),
        (cachedBalance, allowance, attempts) => {
          let state = { cachedBalance, pendingOnRegister: 0, allowance };
          for (const points of attempts) {
            const limit = offlineRedemptionLimit(state);
            expect(limit).toBeGreaterThanOrEqual(0);
            const result = redeemOffline(state, points);
            expect(result.ok).toBe(points <= limit);
            if (result.ok) state = result.value;
          }
          expect(state.pendingOnRegister).toBeLessThanOrEqual(
            Math.max(0, Math.min(cachedBalance, allowance)),
          );
        },
      ),
    );
  });
});

describe('redeemableOnRegister', () => {
  it('counts the pending points once: the local balance already lacks them', () => {
    // Server balance 1,000; 200 redeemed here and not yet acknowledged; the server holds 100 more.
    const member = { points: 800, pendingRedeemed: 200, offlineAllowance: 300 };
    expect(redeemableOnRegister(member)).toBe(100);
    // The old double count would have taken the 200 off the balance a second time.
    const small = { points: 150, pendingRedeemed: 200, offlineAllowance: 600 };
    expect(redeemableOnRegister(small)).toBe(150);
  });

  it('after the acknowledgement lowers pending and allowance together the limit is unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        (points, pending, hold) => {
          const before = { points, pendingRedeemed: pending, offlineAllowance: pending + hold };
          const acked = { points, pendingRedeemed: 0, offlineAllowance: hold };
          expect(redeemableOnRegister(acked)).toBe(redeemableOnRegister(before));
          expect(redeemableOnRegister(before)).toBe(Math.min(points, hold));
        },
      ),
    );
  });
});
