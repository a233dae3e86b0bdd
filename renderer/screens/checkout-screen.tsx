// The checkout: a scan field that is always ready, the lines, the totals, the member and their
// points, cash, card and wallet in any order (a split shows what is still due), the receipt on screen once
// paid, the printer's trouble with what to do, and the no-sale drawer. Scans from a keyboard-wedge
// scanner arrive through the burst detector wherever focus is; the field takes codes typed by hand;
// Enter on the empty field goes to the cash field. A scan's answer goes straight into the cache:
// no second round trip before its line shows. Above the lines, add-ons the store's model suggests
// for what is on the sale (Alt+1…4 adds one).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent, RefObject } from 'react';
import type { CartView, TenderOutcome } from '../../app/commands';
import type { WalletProvider } from '../../app/tenders';
import { useQueryClient } from '@tanstack/react-query';
import { useClient } from '../client/client-context';
import {
  CART_KEY,
  SYNC_KEY,
  useCart,
  useCommand,
  useRefresh,
  useSetCart,
} from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { CartLines } from '../components/cart-lines';
import type { CartLineActions } from '../components/cart-lines';
import { CardTender } from '../components/card-tender';
import { CartAddOns } from '../components/cart-add-ons';
import { CashTender } from '../components/cash-tender';
import { CouponForm } from '../components/coupon-form';
import type { DiscountTarget } from '../components/cart-discount';
import { CartDiscount, SaleDiscountButton } from '../components/cart-discount';
import type { PriceChange } from '../components/price-change-dialog';
import { PriceChangeDialog } from '../components/price-change-dialog';
import { MemberTender, TendersTaken } from '../components/member-tender';
import { NoSaleButton } from '../components/no-sale-button';
import { NoticeBanner } from '../components/notice-banner';
import { PrinterNotice } from '../components/printer-notice';
import { ReceiptPreview } from '../components/receipt-preview';
import { SaleDone } from '../components/sale-done';
import { TotalsPanel } from '../components/totals-panel';
import { WalletTender } from '../components/wallet-tender';
import { useWords } from '../i18n/use-text';
import { useNavigate } from '../navigation/use-navigate';
import { useScanHandler } from '../scanning/use-scan-handler';
import { markScanAnswered, markScanSent, measureScansShown } from '../scanning/scan-timing';
import { useDeviceStatus, walletInFlight } from '../state/device-status-store';
import { useUiStore } from '../state/ui-store';

/**
 * Focus goes back to the scan field after a tap or click on anything but a text field, and when it
 * would sit on nothing; keyboard users can still Tab to the buttons.
 */
function useScanFieldHome(field: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const isTextField = (e: Element | null): boolean =>
      e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement;
    const onPointerUp = (): void => {
      window.setTimeout(() => {
        if (!isTextField(document.activeElement)) field.current?.focus();
      }, 0);
    };
    const onFocusOut = (event: FocusEvent): void => {
      if (event.relatedTarget !== null) return;
      window.setTimeout(() => {
        if (document.activeElement === document.body) field.current?.focus();
      }, 0);
    };
    document.addEventListener('pointerup', onPointerUp);
    document.addEventListener('focusout', onFocusOut);
    field.current?.focus();
    return () => {
      document.removeEventListener('pointerup', onPointerUp);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [field]);
}

export function CheckoutScreen() {
  const words = useWords();
  const send = useCommand();
  const setCart = useSetCart();
  const cart = useCart();
  const queries = useQueryClient();
  const lastSale = useUiStore((s) => s.lastSale);
  const setLastSale = useUiStore((s) => s.setLastSale);
  const setMember = useUiStore((s) => s.setMember);
  const navigate = useNavigate();
  const refresh = useRefresh();
  const [code, setCode] = useState('');
  // The cart the page shows now (set as each commit lands): a scan's answer whose cart is already
  // on screen (the cart.updated event brought it first) is measured at once, with no render.
  const shownCart = useRef<CartView | null | undefined>(undefined);
  const [priceLine, setPriceLine] = useState<string | null>(null);
  const [discountFor, setDiscountFor] = useState<DiscountTarget | null>(null);
  const client = useClient();
  const approved = useApprovedCommand();
  const field = useRef<HTMLInputElement>(null);
  useScanFieldHome(field);
  const view = cart.data ?? null;
  const hasLines = view !== null && view.cart.lines.some((l) => l.status.kind === 'active');
  // A payment code that completes the sale answers the counter's next cart, still empty.
  const empty = view === null || view.cart.lines.length === 0;
  // While the customer confirms a wallet payment the cart takes no other tender: the panel shows
  // the wallet's progress and its cancel where the cash and card forms were.
  const wallet = useDeviceStatus((s) => s.wallet);
  const walletBusy =
    wallet !== null && wallet.cartId === view?.cart.cartId && walletInFlight(wallet.stage);
  const frozen = view !== null && view.tenders.length > 0;
  // After the commit that put the scanned lines in the page: the scan-to-line measure.
  useLayoutEffect(() => {
    shownCart.current = cart.data;
    measureScansShown();
  }, [cart.data]);

  const apply = (next: CartView | undefined): void => {
    if (next !== undefined) setCart(next);
  };
  const scan = (scanned: string): void => {
    const trimmed = scanned.trim();
    if (trimmed === '') return;
    setLastSale(null);
    const mark = markScanSent();
    void send('checkout.scan', { code: trimmed }).then((next) => {
      apply(next);
      markScanAnswered(mark, next !== undefined);
      if (queries.getQueryData(CART_KEY) === shownCart.current) measureScansShown();
    });
  };
  useScanHandler(scan);

  const actions: CartLineActions = {
    setQuantity: (lineId, quantity) =>
      void send('checkout.setQuantity', { lineId, quantity }).then(apply),
    weigh: (lineId, grams) => void send('checkout.weigh', { lineId, grams }).then(apply),
    weighFromScale: (lineId) => void send('scale.weigh', { lineId }).then(apply),
    voidLine: (lineId) =>
      void send('checkout.voidLine', { lineId, reason: words.t('cart.voidReason') }).then(apply),
    changePrice: (lineId) => setPriceLine(lineId),
    discount: (lineId) => setDiscountFor({ kind: 'line', lineId }),
  };
  const changePrice = async (change: PriceChange): Promise<void> => {
    const next = await approved('sale.priceOverride', (approvalId) =>
      client.send('checkout.overridePrice', {
        ...change,
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    );
    if (next !== undefined) {
      setCart(next);
      setPriceLine(null);
      field.current?.focus();
    }
  };
  const applyCoupon = async (couponCode: string): Promise<void> => {
    apply(await send('checkout.applyCoupon', { code: couponCode }));
  };
  const priceChangeLine =
    priceLine === null ? undefined : view?.cart.lines.find((l) => l.lineId === priceLine);
  // A suggestion tapped: the product goes on the sale as a scan would put it.
  const addProduct = useCallback(
    async (productId: number): Promise<CartView | undefined> => {
      setLastSale(null);
      const next = await send('checkout.addProduct', { productId });
      if (next !== undefined) setCart(next);
      field.current?.focus();
      return next;
    },
    [send, setCart, setLastSale],
  );
  const currency = cart.data?.cart.currency ?? 'CNY';
  const settle = (outcome: TenderOutcome | undefined): void => {
    if (outcome === undefined) return;
    if (outcome.status === 'partial') setCart(outcome.cart);
    else {
      setCart(null);
      setLastSale({ sale: outcome.sale, currency });
      // The sale is now waiting in the outbox: the badge says so at once.
      void queries.invalidateQueries({ queryKey: SYNC_KEY });
    }
    field.current?.focus();
  };
  const pay = (tendered: number): void => {
    void send('checkout.tenderCash', { tendered }).then(settle);
  };
  const payPoints = (points: number): void => {
    void send('checkout.tenderPoints', { points }).then(settle);
  };
  const payCard = async (amount: number | undefined): Promise<void> => {
    useDeviceStatus.getState().cardProgress(null);
    settle(await send('checkout.tenderCard', amount === undefined ? {} : { amount }));
  };
  // The pending `checkout.tenderCard` answers once the terminal has settled the cancel.
  const cancelCard = (): void => void send('checkout.cancelCard', {});
  const payWallet = async (walletCode: string, amount: number | undefined): Promise<void> => {
    useDeviceStatus.getState().walletProgress(null);
    settle(
      await send('checkout.tenderWallet', {
        code: walletCode,
        ...(amount === undefined ? {} : { amount }),
      }),
    );
  };
  const payWalletQr = async (wallet: WalletProvider, amount: number | undefined): Promise<void> => {
    useDeviceStatus.getState().walletProgress(null);
    settle(
      // Waiting for the customer to scan is shown by the panel's progress, not as a notice.
      await send(
        'checkout.tenderWalletQr',
        { wallet, ...(amount === undefined ? {} : { amount }) },
        { expected: ['checkout.walletPending'] },
      ),
    );
  };
  // The server reverses the payment; the wallet.progress event says how it ended.
  const cancelWallet = (): void => void send('checkout.cancelWallet', {});
  const offerCash = (): void => {
    useUiStore.getState().clearNotice();
    document.querySelector<HTMLInputElement>('input[name="cashReceived"]')?.focus();
  };
  const offerCard = (): void => {
    useUiStore.getState().clearNotice();
    // Through the card panel's own button, so it shows the terminal's progress and its cancel.
    document.querySelector<HTMLButtonElement>('[data-testid="pay-card"]')?.click();
  };
  const detach = (): void => {
    void send('checkout.detachMember', {}).then((next) => {
      apply(next);
      if (next !== undefined) setMember(null);
    });
  };
  const park = (): void => {
    void send('checkout.park', {}).then((parked) => {
      if (parked === undefined) return;
      setCart(null);
      setMember(null);
      refresh('checkout.parked');
      navigate('parked');
    });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // Enter on the empty field is the "total" key: on to the cash the customer hands over.
    if (code.trim() === '' && hasLines) {
      document.querySelector<HTMLInputElement>('input[name="cashReceived"]')?.focus();
      return;
    }
    scan(code);
    setCode('');
  };

  return (
    <main className="checkout">
      <section className="sale">
        <form className="scan-form" onSubmit={submit}>
          <label htmlFor="scan-field" className="visually-hidden">
            {words.t('scan.label')}
          </label>
          <input
            id="scan-field"
            data-home-field
            ref={field}
            name="scan"
            className="scan-field"
            autoComplete="off"
            inputMode="numeric"
            placeholder={words.t('scan.placeholder')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="primary">
            {words.t('scan.add')}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="park"
            disabled={!hasLines || frozen}
            onClick={park}
          >
            {words.t('checkout.park')}
          </button>
          <NoSaleButton disabled={hasLines} />
        </form>
        <NoticeBanner />
        {!empty && <CartAddOns frozen={frozen || walletBusy} addProduct={addProduct} />}
        {!empty ? (
          <CartLines view={view} actions={actions} />
        ) : lastSale === null ? (
          <p className="cart-empty">{words.t('cart.empty')}</p>
        ) : null}
        {lastSale !== null && empty && (
          <div className="sale-after">
            <SaleDone
              sale={lastSale.sale}
              currency={lastSale.currency}
              next={() => {
                setLastSale(null);
                field.current?.focus();
              }}
            />
            <ReceiptPreview saleId={lastSale.sale.saleId} />
          </div>
        )}
      </section>
      {priceChangeLine !== undefined && view !== null && (
        <PriceChangeDialog
          line={priceChangeLine}
          currency={view.cart.currency}
          apply={changePrice}
          close={() => setPriceLine(null)}
        />
      )}
      {discountFor !== null && view !== null && (
        <CartDiscount
          view={view}
          target={discountFor}
          close={() => {
            setDiscountFor(null);
            field.current?.focus();
          }}
        />
      )}
      <aside className="pay-panel">
        <PrinterNotice />
        {view !== null && <TotalsPanel view={view} />}
        {view !== null && hasLines && <CouponForm view={view} apply={applyCoupon} />}
        {view !== null && hasLines && (
          <SaleDiscountButton view={view} open={() => setDiscountFor({ kind: 'sale' })} />
        )}
        {view !== null && <TendersTaken view={view} />}
        {view !== null && <MemberTender view={view} payPoints={payPoints} detach={detach} />}
        {view !== null && hasLines && !walletBusy && <CashTender view={view} pay={pay} />}
        {view !== null && hasLines && !walletBusy && (
          <CardTender view={view} payCard={payCard} cancelCard={cancelCard} />
        )}
        {view !== null && hasLines && (
          <WalletTender
            view={view}
            payWallet={payWallet}
            payWalletQr={payWalletQr}
            cancelWallet={cancelWallet}
            useCash={offerCash}
            useCard={offerCard}
          />
        )}
      </aside>
    </main>
  );
}
