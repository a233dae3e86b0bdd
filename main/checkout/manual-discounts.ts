// A manual discount keyed in at the counter, on a line or on the whole sale. Within the cashier's
// limit (the cart policy) it applies at once; above it, a supervisor's single-use approval is
// used up in the same transaction as the discount, so a refused discount leaves the approval
// unused and an applied one cannot be approved twice. Every change is audited with its reason.
import type { ApprovalTarget, Cart, CartPolicy } from '../../app/cart';
import {
  attachApproval,
  discountApprovalFor,
  removeCartDiscount,
  removeLineDiscount,
  setCartDiscount,
  setLineDiscount,
} from '../../app/cart';
import type { CartView, checkoutCommands } from '../../app/commands';
import type { ManualDiscount } from '../../app/pricing';
import type { Result } from '../../app/result';
import { err } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { resultTransaction } from '../store/result-transaction';

type DiscountHandlers = Pick<
  Handlers<typeof checkoutCommands>,
  'checkout.discountLine' | 'checkout.discountSale' | 'checkout.removeDiscount'
>;

export interface ManualDiscountDeps {
  readonly db: RegisterDb;
  readonly auth: AuthService;
  readonly clock: Clock;
  /** The store's limits as they are now (a manager may change them between commands). */
  readonly policy: () => CartPolicy;
  /** The checkout's own cart change: refused while a payment runs, saved, re-quoted. */
  readonly changeCart: (change: (cart: Cart) => Result<Cart>) => Result<CartView>;
}

type Target = Extract<ApprovalTarget, { kind: 'lineDiscount' | 'cartDiscount' }>;

export function manualDiscountHandlers(deps: ManualDiscountDeps): DiscountHandlers {
  const { db, auth, clock } = deps;

  function discount(
    target: Target,
    wanted: ManualDiscount,
    reason: string,
    approvalId: string | undefined,
  ): Result<CartView> {
    const session = auth.requireSession();
    if (!session.ok) return session;
    const policy = deps.policy();
    const needsApproval = discountApprovalFor(wanted, policy).kind === 'pending';
    if (needsApproval && approvalId === undefined) {
      // Whatever the role: above the limit someone signs it off, a supervisor their own too.
      return err('auth.approvalRequired', 'A supervisor must approve a discount this large', {
        permission: 'sale.manualDiscount',
      });
    }
    return resultTransaction(db, (): Result<CartView> => {
      let approverId: string | null = null;
      if (needsApproval && approvalId !== undefined) {
        const used = auth.useApproval(approvalId, 'sale.manualDiscount');
        if (!used.ok) return used;
        approverId = used.value.approverId;
      }
      const result = deps.changeCart((cart) => {
        const set =
          target.kind === 'cartDiscount'
            ? setCartDiscount(cart, wanted, policy)
            : setLineDiscount(cart, target.lineId, wanted, policy);
        if (!set.ok || !needsApproval || approvalId === undefined) return set;
        return attachApproval(set.value, target, approvalId);
      });
      if (!result.ok) return result;
      writeAudit(db, {
        at: clock.now(),
        staffId: session.value.staffId,
        action: 'sale.manualDiscount',
        subject: target.kind === 'cartDiscount' ? result.value.cart.cartId : target.lineId,
        details: { discount: wanted, reason, approverId },
      });
      return result;
    });
  }

  return {
    'checkout.discountLine': ({ lineId, discount: wanted, reason, approvalId }) =>
      discount({ kind: 'lineDiscount', lineId }, wanted, reason, approvalId),
    'checkout.discountSale': ({ discount: wanted, reason, approvalId }) =>
      discount({ kind: 'cartDiscount' }, wanted, reason, approvalId),
    'checkout.removeDiscount': ({ lineId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return resultTransaction(db, (): Result<CartView> => {
        const result = deps.changeCart((cart) =>
          lineId === undefined ? removeCartDiscount(cart) : removeLineDiscount(cart, lineId),
        );
        if (!result.ok) return result;
        writeAudit(db, {
          at: clock.now(),
          staffId: session.value.staffId,
          action: 'sale.removeDiscount',
          subject: lineId ?? result.value.cart.cartId,
        });
        return result;
      });
    },
  };
}
