// The checkout's manual discounts: the dialog for a line or the whole sale wired to the core, and
// the pay panel's button for the whole sale. Within the cashier's limit the discount is sent as
// is; above it the approval dialog is asked first (a supervisor signs off their own too).
import type { CartView } from '../../app/commands';
import { DEFAULT_CART_POLICY, discountApprovalFor } from '../../app/cart';
import { useClient } from '../client/client-context';
import { useCommand, useCoreQuery, useSetCart } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';
import type { DiscountRequest } from './discount-dialog';
import { DiscountDialog, discountText } from './discount-dialog';

export type DiscountTarget = { readonly kind: 'sale' } | { readonly kind: 'line'; lineId: string };

export function CartDiscount(props: { view: CartView; target: DiscountTarget; close: () => void }) {
  const { view, target, close } = props;
  const client = useClient();
  const send = useCommand();
  const approved = useApprovedCommand();
  const setCart = useSetCart();
  const showNotice = useUiStore((s) => s.showNotice);
  const clearNotice = useUiStore((s) => s.clearNotice);
  // The store's limit as the manager set it (the core decides again with its own copy).
  const limit = useCoreQuery('settings.get', {}).data?.settings.discountLimit;
  const policy =
    limit === undefined
      ? DEFAULT_CART_POLICY
      : {
          ...DEFAULT_CART_POLICY,
          discountApprovalAboveBasisPoints: limit.basisPoints,
          discountApprovalAboveAmount: limit.amount,
        };
  const line =
    target.kind === 'line' ? view.cart.lines.find((l) => l.lineId === target.lineId) : undefined;
  if (target.kind === 'line' && line === undefined) return null;
  const current =
    target.kind === 'line'
      ? (line?.discount?.discount ?? null)
      : (view.cart.cartDiscount?.discount ?? null);

  const done = (next: CartView | undefined): void => {
    if (next === undefined) return;
    setCart(next);
    close();
  };
  const apply = async ({ discount, reason }: DiscountRequest): Promise<void> => {
    const attempt = (approvalId: string | undefined) =>
      target.kind === 'line'
        ? client.send('checkout.discountLine', {
            lineId: target.lineId,
            discount,
            reason,
            ...(approvalId === undefined ? {} : { approvalId }),
          })
        : client.send('checkout.discountSale', {
            discount,
            reason,
            ...(approvalId === undefined ? {} : { approvalId }),
          });
    if (discountApprovalFor(discount, policy).kind !== 'pending') {
      const answer = await attempt(undefined);
      if (answer.ok) {
        clearNotice();
        done(answer.value);
        return;
      }
      // The limit changed since this screen read it: ask for the approval after all.
      if (answer.error.code !== 'auth.approvalRequired') {
        showNotice(answer.error);
        return;
      }
    }
    done(await approved('sale.manualDiscount', attempt));
  };
  const remove = async (): Promise<void> => {
    done(
      await send(
        'checkout.removeDiscount',
        target.kind === 'line' ? { lineId: target.lineId } : {},
      ),
    );
  };
  return (
    <DiscountDialog
      {...(line === undefined ? {} : { line })}
      current={current}
      currency={view.cart.currency}
      policy={policy}
      apply={apply}
      remove={remove}
      close={close}
    />
  );
}

/** The pay panel's button for a discount on the whole sale, saying the one there now. */
export function SaleDiscountButton(props: { view: CartView; open: () => void }) {
  const words = useWords();
  const { view } = props;
  const current = view.cart.cartDiscount?.discount;
  return (
    <div className="sale-discount">
      <button
        type="button"
        className="secondary"
        data-testid="discount-sale"
        disabled={view.tenders.length > 0}
        onClick={props.open}
      >
        {words.t('discount.saleButton')}
      </button>
      {current !== undefined && (
        <span className="hint" data-testid="sale-discount-shown">
          {discountText(current, view.cart.currency, words)}
        </span>
      )}
    </div>
  );
}
