// Random sequences of cart operations: whatever the cashier does, the cart's totals add up, voided
// lines stay, the approval flags match what is pending, and tender is allowed exactly when
// nothing is missing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product, TaxClass } from '../catalog';
import { DEFAULT_EARN_RULE } from '../members/earn';
import type { Promotion } from '../pricing';
import type { Result } from '../result';
import { addLine, addOpenPriceLine } from './add-line';
import { attachApproval, pendingApprovals } from './approvals';
import type { Cart } from './cart';
import { openCart } from './cart';
import type { CartError } from './cart-errors';
import { cartTotals, totalForTender } from './cart-totals';
import { changeQuantity, overridePrice, voidLine, weighLine } from './change-line';
import { setCartDiscount, setLineDiscount } from './manual-discount';
import { applyCoupon, attachMember, detachMember } from './member-and-coupons';

const NOW = 1_700_000_000_000;
const TAX: { readonly vat13: TaxClass; readonly vat9: TaxClass } = {
  vat13: { id: 'vat13', name: 'VAT 13%', rateBasisPoints: 1300 },
  vat9: { id: 'vat9', name: 'VAT 9%', rateBasisPoints: 900 },
};

function product(id: string, amount: number, extra: Partial<Product> = {}): Product {
  return {
    id,
    gtins: [],
    defaultName: id,
    names: {},
    categoryId: 'grocery',
    brand: null,
    soldBy: 'each',
    taxClassId: 'vat13',
    basePrice: { amount, currency: 'CNY' },
    memberPrices: { gold: Math.floor(amount * 0.9) },
    features: { categoryId: 'grocery', brand: null, nameTokens: [id] },
    active: true,
    ...extra,
  };
}

const PRODUCTS = [
  product('tea', 1000),
  product('oil', 5990),
  product('apples', 1299, { soldBy: 'weight', taxClassId: 'vat9' }),
];

const PROMOTIONS: Promotion[] = [
  {
    id: 'mp',
    name: 'Member price',
    priority: 1,
    startsAt: 0,
    endsAt: NOW + 1,
    stacking: 'stackable',
    stackingGroup: 'price',
    targets: { kind: 'cart' },
    rule: { kind: 'memberPrice' },
  },
  {
    id: 'c',
    name: 'Coupon',
    priority: 2,
    startsAt: 0,
    endsAt: NOW + 1,
    stacking: 'stackable',
    stackingGroup: null,
    targets: { kind: 'cart' },
    couponCode: 'SAVE5',
    rule: { kind: 'amountOff', amount: 500, per: 'once' },
  },
];

type Op = (cart: Cart, step: number) => Result<Cart, CartError>;
const lineRef = fc.integer({ min: 0, max: 9 }).map((n) => `L${n}`);

const addScanned: fc.Arbitrary<Op> = fc
  .record({
    p: fc.integer({ min: 0, max: 2 }),
    units: fc.integer({ min: 0, max: 5 }),
    grams: fc.option(fc.integer({ min: 0, max: 3000 })),
  })
  .map(({ p, units, grams }): Op => (cart, step) => {
    const chosen = PRODUCTS[p] ?? PRODUCTS[0];
    if (chosen === undefined) throw new Error('no products');
    const amount = chosen.soldBy === 'each' ? { quantity: units } : grams === null ? {} : { grams };
    return addLine(cart, {
      lineId: `L${step}`,
      product: chosen,
      taxClass: chosen.taxClassId === 'vat9' ? TAX.vat9 : TAX.vat13,
      addedAt: NOW,
      ...amount,
    });
  });

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: addScanned, weight: 5 },
  fc.integer({ min: 0, max: 3000 }).map(
    (unitPrice): Op =>
      (cart, step) =>
        addOpenPriceLine(cart, {
          lineId: `L${step}`,
          product: product('misc', 0),
          taxClass: TAX.vat13,
          addedAt: NOW,
          unitPrice,
        }),
  ),
  fc.tuple(lineRef, fc.integer({ min: 0, max: 5 })).map(
    ([id, n]): Op =>
      (cart) =>
        changeQuantity(cart, id, n),
  ),
  fc.tuple(lineRef, fc.integer({ min: 0, max: 3000 })).map(
    ([id, g]): Op =>
      (cart) =>
        weighLine(cart, id, g),
  ),
  lineRef.map(
    (id): Op =>
      (cart) =>
        voidLine(cart, id, { voidedAt: NOW, staffId: 'u1', reason: 'test' }),
  ),
  fc.tuple(lineRef, fc.integer({ min: 0, max: 3000 })).map(
    ([id, price]): Op =>
      (cart) =>
        overridePrice(cart, id, price, 'why'),
  ),
  fc.tuple(lineRef, fc.integer({ min: 1, max: 3000 })).map(
    ([id, bp]): Op =>
      (cart) =>
        setLineDiscount(cart, id, { kind: 'percent', basisPoints: bp }),
  ),
  fc.integer({ min: 1, max: 5000 }).map(
    (amount): Op =>
      (cart) =>
        setCartDiscount(cart, { kind: 'amount', amount }),
  ),
  lineRef.map(
    (id): Op =>
      (cart) =>
        attachApproval(cart, { kind: 'linePrice', lineId: id }, 'A'),
  ),
  lineRef.map(
    (id): Op =>
      (cart) =>
        attachApproval(cart, { kind: 'lineDiscount', lineId: id }, 'A'),
  ),
  fc.constant<Op>((cart) => attachApproval(cart, { kind: 'cartDiscount' }, 'A')),
  fc.constantFrom('bronze' as const, 'gold' as const).map(
    (level): Op =>
      (cart) =>
        attachMember(cart, 'm1', level),
  ),
  fc.constant<Op>((cart) => detachMember(cart)),
  fc.constant<Op>((cart) => applyCoupon(cart, 'save5')),
);

describe('cart properties', () => {
  it('after any sequence of operations the cart stays consistent', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 3, maxLength: 30 }), (ops) => {
        const opened = openCart({
          cartId: 'c',
          storeId: 's',
          registerId: 'r',
          staffId: 'u',
          currency: 'CNY',
          taxMode: 'inclusive',
          openedAt: NOW,
        });
        if (!opened.ok) throw new Error('cannot open');
        let cart = opened.value;
        ops.forEach((operation, step) => {
          const before = cart;
          const result = operation(cart, step);
          if (result.ok) cart = result.value;
          else expect(result.error.code).toMatch(/^cart\./);
          expect(cart.lines.length).toBeGreaterThanOrEqual(before.lines.length);
          for (const line of before.lines) {
            if (line.status.kind === 'void')
              expect(cart.lines.find((l) => l.lineId === line.lineId)?.status.kind).toBe('void');
          }
        });
        const context = {
          promotions: PROMOTIONS,
          now: NOW,
          flashSaleAllowances: {},
          earnRule: DEFAULT_EARN_RULE,
        };
        const totals = cartTotals(cart, context);
        const priced = totals.priced;
        const sumNet = priced.lines.reduce((a, l) => a + l.net.amount, 0);
        expect(sumNet).toBe(priced.totals.total.amount);
        expect(priced.totals.subtotal.amount - priced.totals.discountTotal.amount).toBe(
          priced.totals.total.amount,
        );
        expect(priced.totals.taxByRate.reduce((a, r) => a + r.tax.amount, 0)).toBe(
          priced.totals.taxTotal.amount,
        );
        expect(priced.lines.every((l) => l.net.amount >= 0)).toBe(true);
        const pending = pendingApprovals(cart);
        for (const line of cart.lines) {
          const first = pending.find((p) => p.kind === 'line' && p.lineId === line.lineId);
          expect(line.needsApproval).toBe(first?.kind === 'line' ? first.need : null);
        }
        const tender = totalForTender(cart, context);
        const ready =
          pending.length === 0 && totals.unweighedLineIds.length === 0 && priced.lines.length > 0;
        expect(tender.ok).toBe(ready);
      }),
      { numRuns: 300 },
    );
  });
});
