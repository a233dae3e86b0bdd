// Adding a scanned or keyed product to the cart: one new line per call, with the line id the
// caller chose. Weighed products may be added before the scale settles and weighed later.
import type { Product, TaxClass } from '../catalog';
import type { Result } from '../result';
import { ok } from '../result';
import type { Cart, LinePrice, LineQuantity } from './cart';
import { settleLine } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';
import type { CartPolicy } from './cart-policy';
import { DEFAULT_CART_POLICY } from './cart-policy';

export interface AddLineInput {
  readonly lineId: string;
  readonly product: Product;
  /** The product's tax class, looked up by the caller. */
  readonly taxClass: TaxClass;
  readonly addedAt: number;
  /** Products sold by the unit: how many (default 1). */
  readonly quantity?: number;
  /** Products sold by weight: grams, when the scale has already given them. */
  readonly grams?: number;
}

export interface AddOpenPriceLineInput extends AddLineInput {
  /** The price the cashier keyed: per unit, or per kilogram for weighed products. */
  readonly unitPrice: number;
}

export function checkQuantity(units: number, policy: CartPolicy): Result<number, CartError> {
  if (!Number.isSafeInteger(units) || units < 1 || units > policy.maxQuantity) {
    return refuse(
      'cart.quantityInvalid',
      `Quantity must be a whole number from 1 to ${policy.maxQuantity}.`,
      {
        maxQuantity: policy.maxQuantity,
      },
    );
  }
  return ok(units);
}

export function checkGrams(grams: number, policy: CartPolicy): Result<number, CartError> {
  if (!Number.isSafeInteger(grams) || grams < 1 || grams > policy.maxGrams) {
    return refuse(
      'cart.weightInvalid',
      `Weight must be 1 to ${policy.maxGrams} grams; weigh the item again.`,
      {
        maxGrams: policy.maxGrams,
      },
    );
  }
  return ok(grams);
}

export function checkPrice(unitPrice: number): Result<number, CartError> {
  if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) {
    return refuse('cart.priceInvalid', 'The price must be a whole amount of at least zero.');
  }
  return ok(unitPrice);
}

function quantityFor(input: AddLineInput, policy: CartPolicy): Result<LineQuantity, CartError> {
  if (input.product.soldBy === 'each') {
    if (input.grams !== undefined) {
      return refuse('cart.notSoldByWeight', 'This item is sold by the unit, not by weight.', {
        productId: input.product.id,
      });
    }
    const units = checkQuantity(input.quantity ?? 1, policy);
    return units.ok ? ok({ kind: 'each', units: units.value }) : units;
  }
  if (input.quantity !== undefined) {
    return refuse('cart.soldByWeight', 'This item is sold by weight: put it on the scale.', {
      productId: input.product.id,
    });
  }
  if (input.grams === undefined) return ok({ kind: 'weight', grams: null });
  const grams = checkGrams(input.grams, policy);
  return grams.ok ? ok({ kind: 'weight', grams: grams.value }) : grams;
}

function addWithPrice(
  cart: Cart,
  input: AddLineInput,
  price: LinePrice,
  policy: CartPolicy,
): Result<Cart, CartError> {
  const { product, taxClass } = input;
  if (input.lineId === '' || cart.lines.some((line) => line.lineId === input.lineId)) {
    return refuse('cart.lineIdTaken', 'That line id is already used in this cart.', {
      lineId: input.lineId,
    });
  }
  if (!product.active) {
    return refuse('cart.productInactive', 'This item is no longer sold; check the shelf label.', {
      productId: product.id,
    });
  }
  if (product.basePrice.currency !== cart.currency) {
    return refuse(
      'cart.currencyMismatch',
      `This item is priced in ${product.basePrice.currency}, not ${cart.currency}.`,
      {
        productId: product.id,
      },
    );
  }
  if (taxClass.id !== product.taxClassId) {
    return refuse('cart.taxClassMismatch', 'The tax class given does not belong to this item.', {
      productId: product.id,
      taxClassId: taxClass.id,
    });
  }
  const quantity = quantityFor(input, policy);
  if (!quantity.ok) return quantity;
  const line = settleLine({
    lineId: input.lineId,
    product,
    taxRateBasisPoints: taxClass.rateBasisPoints,
    quantity: quantity.value,
    price,
    discount: null,
    status: { kind: 'active' },
    addedAt: input.addedAt,
  });
  return ok({ ...cart, lines: [...cart.lines, line] });
}

/** Adds a product at its catalog price. */
export function addLine(
  cart: Cart,
  input: AddLineInput,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  return addWithPrice(
    cart,
    input,
    { kind: 'catalog', unitPrice: input.product.basePrice.amount },
    policy,
  );
}

/** Adds a product at a price the cashier keys in; the line waits for an approval. */
export function addOpenPriceLine(
  cart: Cart,
  input: AddOpenPriceLineInput,
  policy: CartPolicy = DEFAULT_CART_POLICY,
): Result<Cart, CartError> {
  const price = checkPrice(input.unitPrice);
  if (!price.ok) return price;
  return addWithPrice(
    cart,
    input,
    { kind: 'openPrice', unitPrice: price.value, approval: { kind: 'pending' } },
    policy,
  );
}
