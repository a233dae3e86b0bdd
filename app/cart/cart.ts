// The cart at the counter as an immutable value: its lines (voided ones stay, marked void, for the
// audit), the attached member, coupons presented, and the manual cart discount. Every operation
// in this folder takes a cart and returns a new one, or a refusal.
import type { MemberLevel, Product, TaxMode } from '../catalog';
import { findCurrency } from '../money';
import type { ManualDiscount } from '../pricing';
import type { Result } from '../result';
import { ok } from '../result';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';

/** A supervisor's sign-off: either still missing, or given with the approval's id. */
export type Approval =
  { readonly kind: 'pending' } | { readonly kind: 'approved'; readonly approvalId: string };

/** What a manual discount needs: nothing (within the cashier's limit), or an approval. */
export type DiscountApproval = { readonly kind: 'notRequired' } | Approval;

export type LinePrice =
  | { readonly kind: 'catalog'; readonly unitPrice: number }
  | {
      readonly kind: 'override';
      readonly unitPrice: number;
      readonly catalogUnitPrice: number;
      readonly reason: string;
      readonly approval: Approval;
    }
  /** A product with no fixed price (e.g. loose goods keyed by the cashier). */
  | { readonly kind: 'openPrice'; readonly unitPrice: number; readonly approval: Approval };

/** Units for products sold by the unit; grams (null until weighed) for those sold by weight. */
export type LineQuantity =
  | { readonly kind: 'each'; readonly units: number }
  | { readonly kind: 'weight'; readonly grams: number | null };

export interface LineDiscount {
  readonly discount: ManualDiscount;
  readonly approval: DiscountApproval;
}

export type LineStatus =
  | { readonly kind: 'active' }
  | {
      readonly kind: 'void';
      readonly voidedAt: number;
      readonly staffId: string;
      readonly reason: string;
    };

/** Why a line cannot be tendered yet, if it cannot. */
export type ApprovalNeed = 'priceOverride' | 'openPrice' | 'lineDiscount';

export interface CartLine {
  /** Chosen by the caller (the register's id source), stable for the life of the cart. */
  readonly lineId: string;
  readonly product: Product;
  /** The rate of the product's tax class when the line was added. */
  readonly taxRateBasisPoints: number;
  readonly quantity: LineQuantity;
  readonly price: LinePrice;
  readonly discount: LineDiscount | null;
  readonly status: LineStatus;
  readonly addedAt: number;
  /** Kept in step by every operation: the first approval this line still waits for. */
  readonly needsApproval: ApprovalNeed | null;
}

export interface AttachedMember {
  readonly memberId: string;
  readonly level: MemberLevel;
}

export interface CartDiscount {
  readonly discount: ManualDiscount;
  readonly approval: DiscountApproval;
}

export interface Cart {
  readonly cartId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly staffId: string;
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly openedAt: number;
  readonly lines: readonly CartLine[];
  readonly member: AttachedMember | null;
  /** Normalized (trimmed, upper case), in the order presented. */
  readonly couponCodes: readonly string[];
  readonly cartDiscount: CartDiscount | null;
}

export interface OpenCartInput {
  readonly cartId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly staffId: string;
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly openedAt: number;
}

export function openCart(input: OpenCartInput): Result<Cart, CartError> {
  if (findCurrency(input.currency) === undefined) {
    return refuse(
      'cart.currencyMismatch',
      `The register does not know the currency ${input.currency}.`,
      {
        currency: input.currency,
      },
    );
  }
  return ok({ ...input, lines: [], member: null, couponCodes: [], cartDiscount: null });
}

/** The lines that count: not voided. */
export function activeLines(cart: Cart): CartLine[] {
  return cart.lines.filter((line) => line.status.kind === 'active');
}

function pending(approval: DiscountApproval): boolean {
  return approval.kind === 'pending';
}

/** The first approval a line still waits for: its price first, then its discount. */
export function approvalNeedOf(line: Omit<CartLine, 'needsApproval'>): ApprovalNeed | null {
  if (line.status.kind === 'void') return null;
  if (line.price.kind === 'override' && pending(line.price.approval)) return 'priceOverride';
  if (line.price.kind === 'openPrice' && pending(line.price.approval)) return 'openPrice';
  if (line.discount !== null && pending(line.discount.approval)) return 'lineDiscount';
  return null;
}

/** A line with its `needsApproval` recomputed; every operation builds lines through this. */
export function settleLine(line: Omit<CartLine, 'needsApproval'>): CartLine {
  return { ...line, needsApproval: approvalNeedOf(line) };
}

export function findLine(cart: Cart, lineId: string): Result<CartLine, CartError> {
  const line = cart.lines.find((l) => l.lineId === lineId);
  if (line === undefined) {
    return refuse('cart.lineNotFound', 'That line is not in this cart.', { lineId });
  }
  return ok(line);
}

/** The active line `lineId` changed by `change`, or a refusal (not found, voided, or `change`'s). */
export function updateActiveLine(
  cart: Cart,
  lineId: string,
  change: (line: CartLine) => Result<Omit<CartLine, 'needsApproval'>, CartError>,
): Result<Cart, CartError> {
  const found = findLine(cart, lineId);
  if (!found.ok) return found;
  if (found.value.status.kind === 'void') {
    return refuse('cart.lineVoided', 'That line was voided; scan the item again instead.', {
      lineId,
    });
  }
  const changed = change(found.value);
  if (!changed.ok) return changed;
  const updated = settleLine(changed.value);
  return ok({ ...cart, lines: cart.lines.map((l) => (l.lineId === lineId ? updated : l)) });
}
