// Supervisor approvals: which of the cart's exceptions still wait for one, and attaching the
// approval's id (recorded by whoever checked the supervisor's PIN or card) to the exception.
import type { Result } from '../result';
import { missingCase, ok } from '../result';
import type { Approval, ApprovalNeed, Cart } from './cart';
import { updateActiveLine } from './cart';
import type { CartError } from './cart-errors';
import { refuse } from './cart-errors';

export type ApprovalTarget =
  | { readonly kind: 'linePrice'; readonly lineId: string }
  | { readonly kind: 'lineDiscount'; readonly lineId: string }
  | { readonly kind: 'cartDiscount' };

export type PendingApproval =
  | { readonly kind: 'line'; readonly lineId: string; readonly need: ApprovalNeed }
  | { readonly kind: 'cartDiscount' };

/** Every approval the cart still waits for, lines in cart order, then the cart discount. */
export function pendingApprovals(cart: Cart): PendingApproval[] {
  const result: PendingApproval[] = [];
  for (const line of cart.lines) {
    if (line.status.kind === 'void') continue;
    if (
      (line.price.kind === 'override' || line.price.kind === 'openPrice') &&
      line.price.approval.kind === 'pending'
    ) {
      result.push({
        kind: 'line',
        lineId: line.lineId,
        need: line.price.kind === 'override' ? 'priceOverride' : 'openPrice',
      });
    }
    if (line.discount !== null && line.discount.approval.kind === 'pending') {
      result.push({ kind: 'line', lineId: line.lineId, need: 'lineDiscount' });
    }
  }
  if (cart.cartDiscount !== null && cart.cartDiscount.approval.kind === 'pending') {
    result.push({ kind: 'cartDiscount' });
  }
  return result;
}

function nothingToApprove(details?: Readonly<Record<string, string>>): ReturnType<typeof refuse> {
  return refuse('cart.nothingToApprove', 'Nothing here is waiting for an approval.', details);
}

/** Attaches a supervisor's approval to a price override, open price, or manual discount. */
export function attachApproval(
  cart: Cart,
  target: ApprovalTarget,
  approvalId: string,
): Result<Cart, CartError> {
  if (approvalId.trim() === '') {
    return refuse(
      'cart.approvalInvalid',
      'The approval has no id; ask the supervisor to approve again.',
    );
  }
  const approved: Approval = { kind: 'approved', approvalId };
  switch (target.kind) {
    case 'linePrice':
      return updateActiveLine(cart, target.lineId, (line) => {
        if (line.price.kind === 'catalog' || line.price.approval.kind !== 'pending') {
          return nothingToApprove({ lineId: target.lineId });
        }
        return ok({ ...line, price: { ...line.price, approval: approved } });
      });
    case 'lineDiscount':
      return updateActiveLine(cart, target.lineId, (line) => {
        if (line.discount === null || line.discount.approval.kind !== 'pending') {
          return nothingToApprove({ lineId: target.lineId });
        }
        return ok({ ...line, discount: { ...line.discount, approval: approved } });
      });
    case 'cartDiscount':
      if (cart.cartDiscount === null || cart.cartDiscount.approval.kind !== 'pending')
        return nothingToApprove();
      return ok({ ...cart, cartDiscount: { ...cart.cartDiscount, approval: approved } });
    default:
      return missingCase(target);
  }
}
