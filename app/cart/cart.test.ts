// Cart operations: adding, weighing, changing, voiding, overriding, discounts and approvals,
// member and coupons, totals for the screen and for tender, park and recall.
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
import type { TotalsContext } from './cart-totals';
import { cartTotals, totalForTender } from './cart-totals';
import {
  changeQuantity,
  overridePrice,
  removePriceOverride,
  voidLine,
  weighLine,
} from './change-line';
import {
  removeCartDiscount,
  removeLineDiscount,
  setCartDiscount,
  setLineDiscount,
} from './manual-discount';
import { applyCoupon, attachMember, detachMember, removeCoupon } from './member-and-coupons';
import { parkCart, recallCart } from './park-cart';

const NOW = 1_700_000_000_000;
const VAT13: TaxClass = { id: 'vat13', name: 'VAT 13%', rateBasisPoints: 1300 };
const VAT9: TaxClass = { id: 'vat9', name: 'VAT 9%', rateBasisPoints: 900 };

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
    memberPrices: {},
    features: { categoryId: 'grocery', brand: null, nameTokens: [id] },
    active: true,
    ...extra,
  };
}

const tea = product('tea', 1000);
const oil = product('oil', 5990, { memberPrices: { silver: 5790, gold: 5490 } });
const apples = product('apples', 1299, { soldBy: 'weight', taxClassId: 'vat9' });

function unwrap<T>(result: Result<T, CartError>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function code<T>(result: Result<T, CartError>): string {
  return result.ok ? 'ok' : result.error.code;
}

function emptyCart(): Cart {
  return unwrap(
    openCart({
      cartId: 'c1',
      storeId: 's1',
      registerId: 'r1',
      staffId: 'u1',
      currency: 'CNY',
      taxMode: 'inclusive',
      openedAt: NOW,
    }),
  );
}

function withTea(units = 1): Cart {
  return unwrap(
    addLine(emptyCart(), {
      lineId: 'L1',
      product: tea,
      taxClass: VAT13,
      addedAt: NOW,
      quantity: units,
    }),
  );
}

const context: TotalsContext = {
  promotions: [],
  now: NOW,
  flashSaleAllowances: {},
  earnRule: DEFAULT_EARN_RULE,
};

describe('openCart', () => {
  it('opens an empty cart, and refuses an unknown currency', () => {
    expect(emptyCart().lines).toEqual([]);
    expect(
      code(
        openCart({
          cartId: 'c',
          storeId: 's',
          registerId: 'r',
          staffId: 'u',
          currency: 'XXX',
          taxMode: 'inclusive',
          openedAt: 0,
        }),
      ),
    ).toBe('cart.currencyMismatch');
  });
});

describe('addLine', () => {
  it('adds a line at the catalog price with the caller’s line id, one unit by default', () => {
    const line = withTea().lines[0];
    expect(line).toMatchObject({
      lineId: 'L1',
      quantity: { kind: 'each', units: 1 },
      price: { kind: 'catalog', unitPrice: 1000 },
    });
    expect(line?.needsApproval).toBeNull();
  });

  it('does not change the cart it was given', () => {
    const before = emptyCart();
    unwrap(addLine(before, { lineId: 'L1', product: tea, taxClass: VAT13, addedAt: NOW }));
    expect(before.lines).toEqual([]);
  });

  it.each([
    ['a line id already used', { lineId: 'L1' }, 'cart.lineIdTaken'],
    ['an empty line id', { lineId: '' }, 'cart.lineIdTaken'],
    ['quantity 0', { quantity: 0 }, 'cart.quantityInvalid'],
    ['quantity 10000 (limit 9999)', { quantity: 10_000 }, 'cart.quantityInvalid'],
    ['a fractional quantity', { quantity: 1.5 }, 'cart.quantityInvalid'],
    ['grams for a unit product', { grams: 500 }, 'cart.notSoldByWeight'],
    ['an inactive product', { product: { ...tea, active: false } }, 'cart.productInactive'],
    [
      'a product in another currency',
      { product: { ...tea, basePrice: { amount: 100, currency: 'USD' } } },
      'cart.currencyMismatch',
    ],
    ['the wrong tax class', { taxClass: VAT9 }, 'cart.taxClassMismatch'],
  ])('refuses %s', (_what, change, expected) => {
    const cart = withTea();
    expect(
      code(addLine(cart, { lineId: 'L2', product: tea, taxClass: VAT13, addedAt: NOW, ...change })),
    ).toBe(expected);
  });

  it('accepts the quantity limit itself', () => {
    expect(
      code(
        addLine(emptyCart(), {
          lineId: 'L1',
          product: tea,
          taxClass: VAT13,
          addedAt: NOW,
          quantity: 9999,
        }),
      ),
    ).toBe('ok');
  });

  it('adds a weighed product unweighed, or with its weight; refuses a count for it', () => {
    const unweighed = unwrap(
      addLine(emptyCart(), { lineId: 'W', product: apples, taxClass: VAT9, addedAt: NOW }),
    );
    expect(unweighed.lines[0]?.quantity).toEqual({ kind: 'weight', grams: null });
    const weighed = unwrap(
      addLine(emptyCart(), {
        lineId: 'W',
        product: apples,
        taxClass: VAT9,
        addedAt: NOW,
        grams: 1235,
      }),
    );
    expect(weighed.lines[0]?.quantity).toEqual({ kind: 'weight', grams: 1235 });
    expect(
      code(
        addLine(emptyCart(), {
          lineId: 'W',
          product: apples,
          taxClass: VAT9,
          addedAt: NOW,
          quantity: 2,
        }),
      ),
    ).toBe('cart.soldByWeight');
    expect(
      code(
        addLine(emptyCart(), {
          lineId: 'W',
          product: apples,
          taxClass: VAT9,
          addedAt: NOW,
          grams: 0,
        }),
      ),
    ).toBe('cart.weightInvalid');
    expect(
      code(
        addLine(emptyCart(), {
          lineId: 'W',
          product: apples,
          taxClass: VAT9,
          addedAt: NOW,
          grams: 100_001,
        }),
      ),
    ).toBe('cart.weightInvalid');
  });
});

describe('changeQuantity and weighLine', () => {
  it('changes a unit line’s quantity within 1…9999', () => {
    expect(unwrap(changeQuantity(withTea(), 'L1', 3)).lines[0]?.quantity).toEqual({
      kind: 'each',
      units: 3,
    });
    expect(code(changeQuantity(withTea(), 'L1', 0))).toBe('cart.quantityInvalid');
    expect(code(changeQuantity(withTea(), 'L1', -1))).toBe('cart.quantityInvalid');
    expect(code(changeQuantity(withTea(), 'nope', 2))).toBe('cart.lineNotFound');
  });

  it('weighs a weight line and refuses to weigh a unit line or count a weight line', () => {
    const cart = unwrap(
      addLine(emptyCart(), { lineId: 'W', product: apples, taxClass: VAT9, addedAt: NOW }),
    );
    expect(unwrap(weighLine(cart, 'W', 1)).lines[0]?.quantity).toEqual({
      kind: 'weight',
      grams: 1,
    });
    expect(code(weighLine(cart, 'W', 0))).toBe('cart.weightInvalid');
    expect(code(changeQuantity(cart, 'W', 2))).toBe('cart.soldByWeight');
    expect(code(weighLine(withTea(), 'L1', 500))).toBe('cart.notSoldByWeight');
  });
});

describe('voidLine', () => {
  it('keeps the voided line, marked, out of the totals; it cannot be changed afterwards', () => {
    const cart = unwrap(
      addLine(withTea(), { lineId: 'L2', product: oil, taxClass: VAT13, addedAt: NOW }),
    );
    const voided = unwrap(
      voidLine(cart, 'L1', { voidedAt: NOW + 5, staffId: 'u1', reason: 'customer changed mind' }),
    );
    expect(voided.lines).toHaveLength(2);
    expect(voided.lines[0]?.status).toEqual({
      kind: 'void',
      voidedAt: NOW + 5,
      staffId: 'u1',
      reason: 'customer changed mind',
    });
    const totals = cartTotals(voided, context);
    expect(totals.voidedLineIds).toEqual(['L1']);
    expect(totals.priced.totals.total.amount).toBe(5990);
    expect(code(voidLine(voided, 'L1', { voidedAt: NOW, staffId: 'u1', reason: '' }))).toBe(
      'cart.lineVoided',
    );
    expect(code(changeQuantity(voided, 'L1', 2))).toBe('cart.lineVoided');
  });
});

describe('price override and open price', () => {
  it('flags the line until an approval id is attached, and blocks tender meanwhile', () => {
    const overridden = unwrap(overridePrice(withTea(), 'L1', 800, 'damaged box'));
    expect(overridden.lines[0]?.needsApproval).toBe('priceOverride');
    expect(code(totalForTender(overridden, context))).toBe('cart.approvalMissing');
    const approved = unwrap(
      attachApproval(overridden, { kind: 'linePrice', lineId: 'L1' }, 'APR-1'),
    );
    expect(approved.lines[0]?.needsApproval).toBeNull();
    expect(unwrap(totalForTender(approved, context)).priced.totals.total.amount).toBe(800);
  });

  it('requires a reason and a valid price', () => {
    expect(code(overridePrice(withTea(), 'L1', 800, '  '))).toBe('cart.reasonRequired');
    expect(code(overridePrice(withTea(), 'L1', -1, 'x'))).toBe('cart.priceInvalid');
    expect(code(overridePrice(withTea(), 'L1', 0, 'free sample'))).toBe('ok');
  });

  it('keeps the catalog price so the override can be undone', () => {
    const twice = unwrap(
      overridePrice(unwrap(overridePrice(withTea(), 'L1', 800, 'a')), 'L1', 700, 'b'),
    );
    expect(twice.lines[0]?.price).toMatchObject({
      kind: 'override',
      unitPrice: 700,
      catalogUnitPrice: 1000,
    });
    const undone = unwrap(removePriceOverride(twice, 'L1'));
    expect(undone.lines[0]?.price).toEqual({ kind: 'catalog', unitPrice: 1000 });
    expect(undone.lines[0]?.needsApproval).toBeNull();
    expect(code(removePriceOverride(withTea(), 'L1'))).toBe('cart.priceInvalid');
  });

  it('an open-price line waits for approval, and a new price needs a fresh one', () => {
    const misc = product('misc', 0);
    const cart = unwrap(
      addOpenPriceLine(emptyCart(), {
        lineId: 'O',
        product: misc,
        taxClass: VAT13,
        addedAt: NOW,
        unitPrice: 450,
      }),
    );
    expect(cart.lines[0]?.needsApproval).toBe('openPrice');
    const approved = unwrap(attachApproval(cart, { kind: 'linePrice', lineId: 'O' }, 'APR-2'));
    expect(approved.lines[0]?.needsApproval).toBeNull();
    const changed = unwrap(overridePrice(approved, 'O', 500, 'keyed wrong'));
    expect(changed.lines[0]?.price).toEqual({
      kind: 'openPrice',
      unitPrice: 500,
      approval: { kind: 'pending' },
    });
    expect(
      code(
        addOpenPriceLine(emptyCart(), {
          lineId: 'O',
          product: misc,
          taxClass: VAT13,
          addedAt: NOW,
          unitPrice: 1.5,
        }),
      ),
    ).toBe('cart.priceInvalid');
  });

  it('refuses an approval with no id, or for nothing pending', () => {
    const overridden = unwrap(overridePrice(withTea(), 'L1', 800, 'x'));
    expect(code(attachApproval(overridden, { kind: 'linePrice', lineId: 'L1' }, ' '))).toBe(
      'cart.approvalInvalid',
    );
    expect(code(attachApproval(withTea(), { kind: 'linePrice', lineId: 'L1' }, 'A'))).toBe(
      'cart.nothingToApprove',
    );
    expect(code(attachApproval(withTea(), { kind: 'lineDiscount', lineId: 'L1' }, 'A'))).toBe(
      'cart.nothingToApprove',
    );
    expect(code(attachApproval(withTea(), { kind: 'cartDiscount' }, 'A'))).toBe(
      'cart.nothingToApprove',
    );
  });
});

describe('manual discounts', () => {
  it('within the limit (10 % or ¥20.00, equal included) need no approval; above it they do', () => {
    const atLimit = unwrap(
      setLineDiscount(withTea(), 'L1', { kind: 'percent', basisPoints: 1000 }),
    );
    expect(atLimit.lines[0]?.needsApproval).toBeNull();
    const above = unwrap(setLineDiscount(withTea(), 'L1', { kind: 'percent', basisPoints: 1001 }));
    expect(above.lines[0]?.needsApproval).toBe('lineDiscount');
    expect(
      unwrap(setCartDiscount(withTea(), { kind: 'amount', amount: 2000 })).cartDiscount?.approval
        .kind,
    ).toBe('notRequired');
    expect(
      unwrap(setCartDiscount(withTea(), { kind: 'amount', amount: 2001 })).cartDiscount?.approval
        .kind,
    ).toBe('pending');
  });

  it('uses the store’s own limits when given', () => {
    const policy = {
      maxQuantity: 10,
      maxGrams: 1000,
      discountApprovalAboveBasisPoints: 0,
      discountApprovalAboveAmount: 0,
    };
    expect(
      unwrap(setLineDiscount(withTea(), 'L1', { kind: 'amount', amount: 1 }, policy)).lines[0]
        ?.needsApproval,
    ).toBe('lineDiscount');
    expect(code(changeQuantity(withTea(), 'L1', 11, policy))).toBe('cart.quantityInvalid');
  });

  it('refuses zero, negative and over-100 % discounts', () => {
    expect(code(setLineDiscount(withTea(), 'L1', { kind: 'percent', basisPoints: 0 }))).toBe(
      'cart.discountInvalid',
    );
    expect(code(setLineDiscount(withTea(), 'L1', { kind: 'percent', basisPoints: 10_001 }))).toBe(
      'cart.discountInvalid',
    );
    expect(code(setCartDiscount(withTea(), { kind: 'amount', amount: -5 }))).toBe(
      'cart.discountInvalid',
    );
    expect(code(setLineDiscount(withTea(), 'L1', { kind: 'percent', basisPoints: 10_000 }))).toBe(
      'ok',
    );
  });

  it('blocks tender until a big cart discount is approved, then applies it', () => {
    const cart = unwrap(setCartDiscount(withTea(5), { kind: 'percent', basisPoints: 2000 }));
    expect(pendingApprovals(cart)).toEqual([{ kind: 'cartDiscount' }]);
    const refused = totalForTender(cart, context);
    expect(refused.ok ? null : refused.error.details).toEqual({ need: 'cartDiscount' });
    const approved = unwrap(attachApproval(cart, { kind: 'cartDiscount' }, 'APR-3'));
    expect(unwrap(totalForTender(approved, context)).priced.totals.total.amount).toBe(4000);
  });

  it('line discounts show on the line and can be removed', () => {
    const cart = unwrap(setLineDiscount(withTea(2), 'L1', { kind: 'amount', amount: 300 }));
    expect(cartTotals(cart, context).priced.lines[0]?.net.amount).toBe(1700);
    const removed = unwrap(removeLineDiscount(cart, 'L1'));
    expect(removed.lines[0]?.discount).toBeNull();
    expect(code(removeLineDiscount(removed, 'L1'))).toBe('cart.noDiscount');
    expect(code(removeCartDiscount(removed))).toBe('cart.noDiscount');
  });

  it('a line waiting for two approvals asks for the price first, then the discount', () => {
    const cart = unwrap(
      setLineDiscount(unwrap(overridePrice(withTea(), 'L1', 900, 'x')), 'L1', {
        kind: 'percent',
        basisPoints: 5000,
      }),
    );
    expect(cart.lines[0]?.needsApproval).toBe('priceOverride');
    expect(pendingApprovals(cart)).toEqual([
      { kind: 'line', lineId: 'L1', need: 'priceOverride' },
      { kind: 'line', lineId: 'L1', need: 'lineDiscount' },
    ]);
    const priceApproved = unwrap(attachApproval(cart, { kind: 'linePrice', lineId: 'L1' }, 'A1'));
    expect(priceApproved.lines[0]?.needsApproval).toBe('lineDiscount');
    const both = unwrap(
      attachApproval(priceApproved, { kind: 'lineDiscount', lineId: 'L1' }, 'A2'),
    );
    expect(both.lines[0]?.needsApproval).toBeNull();
    expect(unwrap(totalForTender(both, context)).priced.totals.total.amount).toBe(450);
  });

  it('a voided line no longer needs its approval', () => {
    const cart = unwrap(overridePrice(withTea(), 'L1', 800, 'x'));
    const voided = unwrap(voidLine(cart, 'L1', { voidedAt: NOW, staffId: 'u1', reason: 'r' }));
    expect(voided.lines[0]?.needsApproval).toBeNull();
    expect(pendingApprovals(voided)).toEqual([]);
  });
});

describe('member and member prices', () => {
  const memberPrice: Promotion = {
    id: 'member-price',
    name: 'Member price',
    priority: 1,
    startsAt: 0,
    endsAt: NOW + 1,
    stacking: 'stackable',
    stackingGroup: 'price',
    targets: { kind: 'cart' },
    rule: { kind: 'memberPrice' },
  };
  const withOil = (): Cart =>
    unwrap(addLine(emptyCart(), { lineId: 'L1', product: oil, taxClass: VAT13, addedAt: NOW }));
  const total = (cart: Cart): number =>
    cartTotals(cart, { ...context, promotions: [memberPrice] }).priced.totals.total.amount;

  it('attaching a member prices by level; detaching restores the shelf price', () => {
    expect(total(withOil())).toBe(5990);
    expect(total(unwrap(attachMember(withOil(), 'm1', 'bronze')))).toBe(5990);
    expect(total(unwrap(attachMember(withOil(), 'm1', 'silver')))).toBe(5790);
    const gold = unwrap(attachMember(withOil(), 'm1', 'gold'));
    expect(total(gold)).toBe(5490);
    expect(total(unwrap(detachMember(gold)))).toBe(5990);
    expect(code(detachMember(withOil()))).toBe('cart.noMember');
  });

  it('points earnable follow the total: 10 per yuan, fractions dropped', () => {
    const gold = unwrap(attachMember(withOil(), 'm1', 'gold'));
    expect(cartTotals(gold, { ...context, promotions: [memberPrice] }).pointsEarnable).toBe(549);
  });
});

describe('coupons', () => {
  const coupon: Promotion = {
    id: 'c5',
    name: '¥5 coupon',
    priority: 1,
    startsAt: 0,
    endsAt: NOW + 1,
    stacking: 'stackable',
    stackingGroup: 'coupon',
    targets: { kind: 'cart' },
    couponCode: 'SAVE5',
    rule: { kind: 'amountOff', amount: 500, per: 'once' },
  };
  const total = (cart: Cart): number =>
    cartTotals(cart, { ...context, promotions: [coupon] }).priced.totals.total.amount;

  it('apply only while their code is on the cart', () => {
    const cart = withTea(2);
    expect(total(cart)).toBe(2000);
    const withCoupon = unwrap(applyCoupon(cart, ' save5 '));
    expect(withCoupon.couponCodes).toEqual(['SAVE5']);
    expect(total(withCoupon)).toBe(1500);
    expect(total(unwrap(removeCoupon(withCoupon, 'SAVE5')))).toBe(2000);
  });

  it('refuse an empty code, a code twice, and removing a code not applied', () => {
    expect(code(applyCoupon(withTea(), '  '))).toBe('cart.couponInvalid');
    expect(code(applyCoupon(unwrap(applyCoupon(withTea(), 'A')), 'a'))).toBe(
      'cart.couponAlreadyApplied',
    );
    expect(code(removeCoupon(withTea(), 'A'))).toBe('cart.couponNotApplied');
  });
});

describe('totals for tender', () => {
  it('refuses an empty cart and a cart whose lines are all void', () => {
    expect(code(totalForTender(emptyCart(), context))).toBe('cart.empty');
    const voided = unwrap(voidLine(withTea(), 'L1', { voidedAt: NOW, staffId: 'u1', reason: 'r' }));
    expect(code(totalForTender(voided, context))).toBe('cart.empty');
  });

  it('refuses while a weighed product has no weight, and shows the other lines meanwhile', () => {
    const cart = unwrap(
      addLine(withTea(), { lineId: 'W', product: apples, taxClass: VAT9, addedAt: NOW }),
    );
    expect(code(totalForTender(cart, context))).toBe('cart.weightRequired');
    const shown = cartTotals(cart, context);
    expect(shown.unweighedLineIds).toEqual(['W']);
    expect(shown.priced.totals.total.amount).toBe(1000);
    const weighed = unwrap(weighLine(cart, 'W', 1235));
    const totals = unwrap(totalForTender(weighed, context));
    expect(totals.priced.totals.total.amount).toBe(1000 + 1604);
    expect(totals.priced.totals.taxByRate.map((r) => r.rateBasisPoints)).toEqual([1300, 900]);
  });
});

describe('park and recall', () => {
  it('parks a cart as a value with its time and gives it back unchanged', () => {
    const cart = unwrap(applyCoupon(unwrap(attachMember(withTea(3), 'm1', 'gold')), 'SAVE5'));
    const parked = unwrap(parkCart(cart, NOW + 60_000, 'u1', 'red coat'));
    expect(parked).toMatchObject({ parkedAt: NOW + 60_000, parkedBy: 'u1', note: 'red coat' });
    expect(recallCart(JSON.parse(JSON.stringify(parked)) as typeof parked)).toEqual(cart);
  });

  it('refuses to park an empty cart', () => {
    expect(code(parkCart(emptyCart(), NOW, 'u1'))).toBe('cart.empty');
  });
});
