// What the customer display shows, worked out from the core's events alone: the sale as it grows
// (cart.updated), "please pay on the terminal" while a card payment runs (card.progress), the
// store's QR to scan while a wallet payment by QR waits (wallet.progress), and the thank-you with
// the change and points once the sale is paid (sale.completed).
import type {
  CardProgressStage,
  CartView,
  CompletedSaleView,
  CoreEvent,
  WalletProgressView,
} from '../../app/commands';
import { STORE_CURRENCY } from '../i18n/format';

export type CustomerScreen =
  | { readonly kind: 'welcome' }
  | {
      readonly kind: 'sale';
      readonly view: CartView;
      /** A card payment on the terminal that has not ended yet. */
      readonly card: { readonly amount: number; readonly stage: CardProgressStage } | null;
      /** The store's QR while a wallet payment by QR waits for the customer. */
      readonly walletQr: {
        readonly wallet: WalletProgressView['wallet'];
        readonly amount: number;
        readonly content: string;
      } | null;
    }
  | { readonly kind: 'thanks'; readonly sale: CompletedSaleView; readonly currency: string };

export const WELCOME: CustomerScreen = { kind: 'welcome' };

const CARD_RUNNING: readonly CardProgressStage[] = ['waiting', 'checking', 'cancelRequested'];

/** The display after one event. Events that say nothing to the customer change nothing. */
export function customerScreenAfter(screen: CustomerScreen, event: CoreEvent): CustomerScreen {
  switch (event.type) {
    case 'cart.updated':
      // An emptied cart (every line removed) goes back to the welcome.
      return event.view.cart.lines.length === 0
        ? WELCOME
        : {
            kind: 'sale',
            view: event.view,
            card: null,
            // A QR still waiting stays up while the cart is re-announced (a part paid, a repeat).
            walletQr:
              screen.kind === 'sale' && screen.view.cart.cartId === event.view.cart.cartId
                ? screen.walletQr
                : null,
          };
    case 'card.progress': {
      if (screen.kind !== 'sale') return screen;
      const { amount, stage } = event.progress;
      return { ...screen, card: CARD_RUNNING.includes(stage) ? { amount, stage } : null };
    }
    case 'sale.completed':
      return {
        kind: 'thanks',
        sale: event.sale,
        // The sale view carries amounts only: the currency is the cart's.
        currency: screen.kind === 'sale' ? screen.view.cart.currency : STORE_CURRENCY,
      };
    case 'wallet.progress': {
      if (screen.kind !== 'sale') return screen;
      const { progress } = event;
      const qr =
        progress.qr !== undefined && progress.cartId === screen.view.cart.cartId
          ? { wallet: progress.wallet, amount: progress.amount, content: progress.qr.content }
          : null;
      return { ...screen, walletQr: qr };
    }
    case 'printer.status':
    case 'work.progress':
    case 'sync.status':
    case 'input.refused':
      return screen;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
