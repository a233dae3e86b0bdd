// The checkout: a scan field that is always ready, the lines, the totals and cash. Scans from a
// keyboard-wedge scanner arrive through the burst detector wherever focus is; the field takes
// codes typed by hand.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, RefObject } from 'react';
import type { CartView } from '../../app/commands';
import { useQueryClient } from '@tanstack/react-query';
import { SYNC_KEY, useCart, useCommand, useSetCart } from '../client/register-queries';
import { CartLines } from '../components/cart-lines';
import type { CartLineActions } from '../components/cart-lines';
import { CashTender } from '../components/cash-tender';
import { NoticeBanner } from '../components/notice-banner';
import { SaleDone } from '../components/sale-done';
import { TotalsPanel } from '../components/totals-panel';
import { useWords } from '../i18n/use-text';
import { setScanHandler } from '../scanning/scan-route';
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
  const [code, setCode] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useScanFieldHome(field);

  const apply = (view: CartView | undefined): void => {
    if (view !== undefined) setCart(view);
  };
  const scan = (scanned: string): void => {
    const trimmed = scanned.trim();
    if (trimmed === '') return;
    setLastSale(null);
    performance.mark('scan', { detail: trimmed });
    void send('checkout.scan', { code: trimmed }).then(apply);
  };
  // The latest `scan` handles wedge bursts; kept current without re-subscribing per render.
  const scanRef = useRef(scan);
  scanRef.current = scan;
  useEffect(() => {
    setScanHandler((scanned) => scanRef.current(scanned));
    return () => setScanHandler(null);
  }, []);

  const actions: CartLineActions = {
    setQuantity: (lineId, quantity) =>
      void send('checkout.setQuantity', { lineId, quantity }).then(apply),
    weigh: (lineId, grams) => void send('checkout.weigh', { lineId, grams }).then(apply),
    voidLine: (lineId) =>
      void send('checkout.voidLine', { lineId, reason: words.t('cart.voidReason') }).then(apply),
  };
  const pay = (tendered: number): void => {
    const currency = cart.data?.cart.currency ?? 'CNY';
    void send('checkout.tenderCash', { tendered }).then((outcome) => {
      if (outcome === undefined) return;
      if (outcome.status === 'partial') setCart(outcome.cart);
      else {
        setCart(null);
        setLastSale({ sale: outcome.sale, currency });
        // The sale is now waiting in the outbox: the badge says so at once.
        void queries.invalidateQueries({ queryKey: SYNC_KEY });
      }
      field.current?.focus();
    });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    scan(code);
    setCode('');
  };

  const view = cart.data ?? null;
  const hasLines = view !== null && view.cart.lines.some((l) => l.status.kind === 'active');
  return (
    <main className="checkout">
      <section className="sale">
        <form className="scan-form" onSubmit={submit}>
          <label htmlFor="scan-field" className="visually-hidden">
            {words.t('scan.label')}
          </label>
          <input
            id="scan-field"
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
        </form>
        <NoticeBanner />
        {view !== null ? (
          <CartLines view={view} actions={actions} />
        ) : lastSale === null ? (
          <p className="cart-empty">{words.t('cart.empty')}</p>
        ) : null}
        {lastSale !== null && view === null && (
          <SaleDone
            sale={lastSale.sale}
            currency={lastSale.currency}
            next={() => {
              setLastSale(null);
              field.current?.focus();
            }}
          />
        )}
      </section>
      <aside className="pay-panel">
        {view !== null && <TotalsPanel view={view} />}
        {view !== null && hasLines && <CashTender view={view} pay={pay} />}
      </aside>
    </main>
  );
}
