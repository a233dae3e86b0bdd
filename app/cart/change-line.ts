// Changing a line after it was added: its quantity, its weight, its price (an override that a
// supervisor must approve), or voiding it. A voided line stays in the cart, marked, for the audit.
import type { Result } from '../result';
import { ok } from '../result';
import type { Cart } from './cart';
import { updateActiveLine } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';
import type { CartPolicy } from './cart-policy';
import { DEFAULT_CART_POLICY } from './cart-policy';
import { checkGrams, checkPrice, checkQuantity } from './add-line';

export function changeQuantity(
  cart: Cart,
  lineId: string,
  units: number,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) => {
    if (line.quantity.kind === 'weight') {
      return refuse('cart.soldByWeight', 'This item is sold by weight: weigh it instead.', {
        lineId,
      });
    }
    const checked = checkQuantity(units, policy);
    if (!checked.ok) return checked;
    return ok({ ...line, quantity: { kind: 'each', units: checked.value } });
  });
}

/** Records the scale's weight for a line sold by weight. */
export function weighLine(
  cart: Cart,
  lineId: string,
  grams: number,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) => {
    if (line.quantity.kind === 'each') {
      return refuse(
        'cart.notSoldByWeight',
        'This item is sold by the unit: change its quantity instead.',
        {
          lineId,
        },
      );
    }
    const checked = checkGrams(grams, policy);
    if (!checked.ok) return checked;
    return ok({ ...line, quantity: { kind: 'weight', grams: checked.value } });
  });
}

export interface VoidInput {
  readonly voidedAt: number;
  readonly staffId: string;
  readonly reason: string;
}

/** Marks a line void; it stays in the cart (and on the journal) but no longer counts. */
export function voidLine(cart: Cart, lineId: string, input: VoidInput): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) =>
    ok({
      ...line,
      status: {
        kind: 'void',
        voidedAt: input.voidedAt,
        staffId: input.staffId,
        reason: input.reason,
      },
    }),
  );
}

/**
 * Sets a new unit price (per kilogram for weighed products). The line then takes no automatic
 * promotions and waits for a supervisor's approval. On an open-price line the keyed price changes
 * and a fresh approval is needed.
 */
export function overridePrice(
  cart: Cart,
  lineId: string,
  unitPrice: number,
  reason: string,
): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) => {
    const price = checkPrice(unitPrice);
    if (!price.ok) return price;
    if (reason.trim() === '') {
      return refuse('cart.reasonRequired', 'Say why the price is being changed.', { lineId });
    }
    if (line.price.kind === 'openPrice') {
      return ok({
        ...line,
        price: { kind: 'openPrice', unitPrice: price.value, approval: { kind: 'pending' } },
      });
    }
    const catalogUnitPrice =
      line.price.kind === 'catalog' ? line.price.unitPrice : line.price.catalogUnitPrice;
    return ok({
      ...line,
      price: {
        kind: 'override',
        unitPrice: price.value,
        catalogUnitPrice,
        reason,
        approval: { kind: 'pending' },
      },
    });
  });
}

/** Puts a line back on its catalog price, dropping the override and its approval. */
export function removePriceOverride(cart: Cart, lineId: string): Result<Cart, CartError> {
  return updateActiveLine(cart, lineId, (line) => {
    if (line.price.kind !== 'override') {
      return refuse('cart.priceInvalid', 'This line has no price override to remove.', { lineId });
    }
    return ok({ ...line, price: { kind: 'catalog', unitPrice: line.price.catalogUnitPrice } });
  });
}
