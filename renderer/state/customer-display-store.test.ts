// The customer display's states from the core's events: welcome, the sale growing, paying on the
// terminal, the thank-you with change and points, and back to a new sale.
import { describe, expect, it } from 'vitest';
import type { CartView, CompletedSaleView, CoreEvent } from '../../app/commands';
import { WELCOME, customerScreenAfter } from './customer-display-store';

function cartView(lines: number): CartView {
  return {
    cart: {
      cartId: 'c-1',
      currency: 'CNY',
      lines: Array.from({ length: lines }, (_, i) => ({ lineId: `l-${i}` })),
    },
    totals: {},
    status: 'open',
    tenders: [],
    remaining: 100,
    remainingInCash: 100,
  } as unknown as CartView;
}

const SALE: CompletedSaleView = {
  saleId: 's-1',
  receiptNo: 7,
  total: 1250,
  paid: 2000,
  change: 750,
  cashRounding: 0,
  pointsEarned: 12,
  tenders: [{ kind: 'cash', amount: 1250, tendered: 2000, change: 750 }],
  openDrawer: true,
};

const run = (events: CoreEvent[]) => events.reduce(customerScreenAfter, WELCOME);

describe('customer display', () => {
  it('shows the sale as it grows', () => {
    const view = cartView(2);
    expect(
      run([
        { type: 'cart.updated', view: cartView(1) },
        { type: 'cart.updated', view },
      ]),
    ).toEqual({ kind: 'sale', view, card: null, walletQr: null });
  });

  it('asks the customer to pay on the terminal while the card payment runs, not after', () => {
    const view = cartView(1);
    const paying = run([
      { type: 'cart.updated', view },
      { type: 'card.progress', progress: { attemptId: 'a', amount: 100, stage: 'waiting' } },
    ]);
    expect(paying).toEqual({
      kind: 'sale',
      view,
      card: { amount: 100, stage: 'waiting' },
      walletQr: null,
    });
    const declined = customerScreenAfter(paying, {
      type: 'card.progress',
      progress: { attemptId: 'a', amount: 100, stage: 'declined' },
    });
    expect(declined).toEqual({ kind: 'sale', view, card: null, walletQr: null });
  });

  it('thanks the customer with the change and points in the cart’s currency, until the next sale', () => {
    const thanks = run([
      { type: 'cart.updated', view: cartView(1) },
      { type: 'sale.completed', sale: SALE },
    ]);
    expect(thanks).toEqual({ kind: 'thanks', sale: SALE, currency: 'CNY' });
    // The printer and card events of the finished sale leave the thank-you up.
    expect(customerScreenAfter(thanks, { type: 'printer.status', status: 'paperLow' })).toBe(
      thanks,
    );
    const next = cartView(1);
    expect(customerScreenAfter(thanks, { type: 'cart.updated', view: next })).toEqual({
      kind: 'sale',
      view: next,
      card: null,
      walletQr: null,
    });
  });

  it('shows the store’s QR while a wallet payment by QR waits, and takes it down when it ends', () => {
    const view = cartView(1);
    const waiting = run([
      { type: 'cart.updated', view },
      {
        type: 'wallet.progress',
        progress: {
          cartId: 'c-1',
          attempt: 1,
          wallet: 'alipay',
          amount: 100,
          maskedCode: null,
          qr: { content: 'https://qr.example/abc', expiresAt: 1 },
          stage: 'waiting',
        },
      },
    ]);
    const qr = { wallet: 'alipay', amount: 100, content: 'https://qr.example/abc' };
    expect(waiting).toEqual({ kind: 'sale', view, card: null, walletQr: qr });
    // The cart re-announced while the QR waits keeps it up; another cart's QR is not shown.
    expect(customerScreenAfter(waiting, { type: 'cart.updated', view })).toEqual(waiting);
    const otherCart = customerScreenAfter(run([{ type: 'cart.updated', view }]), {
      type: 'wallet.progress',
      progress: {
        cartId: 'c-2',
        attempt: 1,
        wallet: 'alipay',
        amount: 100,
        maskedCode: null,
        qr: { content: 'x', expiresAt: 1 },
        stage: 'waiting',
      },
    });
    expect(otherCart).toEqual({ kind: 'sale', view, card: null, walletQr: null });
    const cancelled = customerScreenAfter(waiting, {
      type: 'wallet.progress',
      progress: {
        cartId: 'c-1',
        attempt: 1,
        wallet: 'alipay',
        amount: 100,
        maskedCode: null,
        stage: 'cancelled',
      },
    });
    expect(cancelled).toEqual({ kind: 'sale', view, card: null, walletQr: null });
  });

  it('goes back to the welcome when every line is taken off', () => {
    expect(
      run([
        { type: 'cart.updated', view: cartView(1) },
        { type: 'cart.updated', view: cartView(0) },
      ]),
    ).toBe(WELCOME);
  });
});
