import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EscrowLease } from './escrow-lease';
import {
  DEFAULT_LEASE_SAFETY_MARGIN_MS,
  estimatedServerTime,
  isLeaseUsable,
  refillQuantity,
  sellFromLease,
  unitsLeft,
} from './escrow-lease';
import type { LeaseBook } from './lease-book';
import {
  checkLeaseBook,
  freeUnits,
  grantLease,
  outstandingUnits,
  recordLeaseSale,
  returnLease,
  returnToPool,
  sellFromPool,
} from './lease-book';

const CONTACT = 1_000_000;
const lease: EscrowLease = {
  activityId: 'fs-1',
  registerId: 'r-1',
  granted: 10,
  sold: 3,
  returned: 0,
  expiresAt: CONTACT + 600_000,
};
const MARGIN = DEFAULT_LEASE_SAFETY_MARGIN_MS;

describe('register side', () => {
  it('units left = granted − sold − returned', () => {
    expect(unitsLeft(lease)).toBe(7);
    expect(unitsLeft({ ...lease, returned: 7 })).toBe(0);
  });

  it('sells until expiresAt − margin on the monotonic estimate, not after', () => {
    const lastMoment = {
      serverTimeAtContact: CONTACT,
      elapsedSinceContactMs: 600_000 - MARGIN - 1,
    };
    const tooLate = { serverTimeAtContact: CONTACT, elapsedSinceContactMs: 600_000 - MARGIN };
    expect(estimatedServerTime(lastMoment)).toBe(lease.expiresAt - MARGIN - 1);
    expect(isLeaseUsable(lease, lastMoment)).toBe(true);
    expect(isLeaseUsable(lease, tooLate)).toBe(false);
    const refused = sellFromLease(lease, 1, tooLate);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('lease.expired');
  });

  it('an unknown elapsed time (after a restart) means expired', () => {
    expect(
      isLeaseUsable(lease, { serverTimeAtContact: CONTACT, elapsedSinceContactMs: Infinity }),
    ).toBe(false);
    expect(() =>
      estimatedServerTime({ serverTimeAtContact: CONTACT, elapsedSinceContactMs: -1 }),
    ).toThrow();
  });

  it('sells what is left, refuses more', () => {
    const clock = { serverTimeAtContact: CONTACT, elapsedSinceContactMs: 0 };
    const sold = sellFromLease(lease, 7, clock);
    expect(sold.ok && sold.value.sold).toBe(10);
    const over = sellFromLease(lease, 8, clock);
    expect(over.ok ? 'ok' : over.error.code).toBe('lease.exhausted');
    expect(sellFromLease(lease, 0, clock).ok).toBe(false);
  });

  it('refills at the low-water mark up to the target', () => {
    expect(refillQuantity(lease, { lowWaterMark: 6, refillTo: 10 })).toBe(0);
    expect(refillQuantity(lease, { lowWaterMark: 7, refillTo: 10 })).toBe(3);
    expect(refillQuantity({ ...lease, sold: 10 }, { lowWaterMark: 2, refillTo: 10 })).toBe(10);
  });
});

describe('server side', () => {
  const book: LeaseBook = { activityId: 'fs-1', pool: 20, leases: [] };

  it('grants leases while free units last and refills in place', () => {
    const a = grantLease(book, { registerId: 'r-1', quantity: 15, expiresAt: 10 });
    if (!a.ok) throw new Error(a.error.message);
    expect(freeUnits(a.value.book)).toBe(5);
    const refused = grantLease(a.value.book, { registerId: 'r-2', quantity: 6, expiresAt: 10 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('lease.poolExhausted');
    const refill = grantLease(a.value.book, { registerId: 'r-1', quantity: 5, expiresAt: 20 });
    if (!refill.ok) throw new Error(refill.error.message);
    expect(refill.value.book.leases).toEqual([
      { activityId: 'fs-1', registerId: 'r-1', granted: 20, sold: 0, returned: 0, expiresAt: 20 },
    ]);
    expect(freeUnits(refill.value.book)).toBe(0);
    const online = sellFromPool(refill.value.book, 1);
    expect(online.ok ? 'ok' : online.error.code).toBe('lease.poolExhausted');
  });

  it('reported sales leave the pool; returns free the rest', () => {
    const granted = grantLease(book, { registerId: 'r-1', quantity: 10, expiresAt: 10 });
    if (!granted.ok) throw new Error('fixture');
    const sold = recordLeaseSale(granted.value.book, 'r-1', 4);
    if (!sold.ok) throw new Error('expected ok');
    expect(sold.value.pool).toBe(16);
    expect(outstandingUnits(sold.value)).toBe(6);
    const back = returnLease(sold.value, 'r-1');
    if (!back.ok) throw new Error('expected ok');
    expect(outstandingUnits(back.value)).toBe(0);
    expect(freeUnits(back.value)).toBe(16);
    expect(recordLeaseSale(back.value, 'r-1', 1).ok).toBe(false);
    expect(recordLeaseSale(back.value, 'r-9', 1).ok).toBe(false);
  });

  it('the invariant check catches an overdrawn book', () => {
    const broken: LeaseBook = { activityId: 'fs-1', pool: 5, leases: [lease] };
    const checked = checkLeaseBook(broken);
    expect(checked.ok ? 'ok' : checked.error.code).toBe('lease.poolOverdrawn');
    expect(checkLeaseBook(book).ok).toBe(true);
  });

  type Op =
    | { kind: 'grant'; register: number; quantity: number }
    | { kind: 'registerSale'; register: number; quantity: number }
    | { kind: 'return'; register: number }
    | { kind: 'online'; quantity: number }
    | { kind: 'expireOrder'; quantity: number };

  const register = fc.integer({ min: 0, max: 3 });
  const quantity = fc.integer({ min: 1, max: 30 });
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('grant' as const), register, quantity }),
    fc.record({ kind: fc.constant('registerSale' as const), register, quantity }),
    fc.record({ kind: fc.constant('return' as const), register }),
    fc.record({ kind: fc.constant('online' as const), quantity }),
    fc.record({ kind: fc.constant('expireOrder' as const), quantity }),
  );

  it('property: leases outstanding never exceed the pool, and the pool never goes negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(opArb, { maxLength: 60 }),
        (pool, ops) => {
          let state: LeaseBook = { activityId: 'fs', pool, leases: [] };
          // Registers sell locally from their own copy and report each sale; a register never
          // reports more than its lease let it sell.
          let soldTotal = 0;
          let returnedToPool = 0;
          for (const op of ops) {
            const id = 'register' in op ? `r-${op.register}` : '';
            switch (op.kind) {
              case 'grant': {
                const r = grantLease(state, {
                  registerId: id,
                  quantity: op.quantity,
                  expiresAt: 10_000_000,
                });
                if (r.ok) state = r.value.book;
                break;
              }
              case 'registerSale': {
                const local = state.leases.find((l) => l.registerId === id);
                if (local === undefined) break;
                const sold = sellFromLease(local, op.quantity, {
                  serverTimeAtContact: 0,
                  elapsedSinceContactMs: 0,
                });
                const reported = recordLeaseSale(state, id, op.quantity);
                expect(reported.ok).toBe(sold.ok);
                if (reported.ok) {
                  state = reported.value;
                  soldTotal += op.quantity;
                }
                break;
              }
              case 'return': {
                const r = returnLease(state, id);
                if (r.ok) state = r.value;
                break;
              }
              case 'online': {
                const r = sellFromPool(state, op.quantity);
                if (r.ok) {
                  state = r.value;
                  soldTotal += op.quantity;
                }
                break;
              }
              case 'expireOrder': {
                // Only units actually sold can come back.
                const back = Math.min(op.quantity, soldTotal - returnedToPool);
                if (back > 0) {
                  const r = returnToPool(state, back);
                  if (r.ok) {
                    state = r.value;
                    returnedToPool += back;
                  }
                }
                break;
              }
            }
            expect(checkLeaseBook(state).ok).toBe(true);
            expect(outstandingUnits(state)).toBeLessThanOrEqual(state.pool);
            expect(state.pool).toBe(pool - soldTotal + returnedToPool);
          }
        },
      ),
    );
  });
});
