// The customer pole display (2×20, ASCII): what the customer reads over the counter. While a sale
// is open: the last item's charge and the total; once paid: what was paid and the change; with no
// sale: a welcome. Pole displays have no Chinese font, so it shows figures under plain labels. It
// follows the core's events, and shows the current lines again whenever the display comes back
// online (a display forgets everything when switched off).
import type { CartView, CompletedSaleView, CoreEvent } from '../../app/commands';
import { toDecimalString } from '../../app/money';
import type { PosDevice } from '../../hardware';
import { labelled, showOnPole } from '../../hardware';

export type PoleLines = readonly [string, string];

export const WELCOME: PoleLines = ['      WELCOME', ''];

/** The two lines for an open sale: the last item's charge, the total. */
export function saleLines(view: CartView | null): PoleLines {
  if (view === null) return WELCOME;
  const { currency } = view.cart;
  const money = (amount: number) => toDecimalString(amount, currency);
  const last = [...view.cart.lines].reverse().find((line) => line.status.kind === 'active');
  const priced =
    last === undefined
      ? undefined
      : view.totals.priced.lines.find((line) => line.lineId === last.lineId);
  const total = labelled('TOTAL', money(view.totals.priced.totals.total.amount));
  if (priced === undefined) return [last === undefined ? '' : 'WEIGH ITEM', total];
  return [labelled('ITEM', money(priced.net.amount)), total];
}

/** The two lines once a sale is paid. */
export function paidLines(sale: CompletedSaleView, currency: string): PoleLines {
  const money = (amount: number) => toDecimalString(amount, currency);
  return [labelled('PAID', money(sale.paid)), labelled('CHANGE', money(sale.change))];
}

export function startPoleDisplay(
  options: Readonly<{
    display: PosDevice<never>;
    subscribe: (listener: (event: CoreEvent) => void) => () => void;
    currency: () => string;
  }>,
): () => void {
  const { display } = options;
  let shown: PoleLines = WELCOME;
  const show = (lines: PoleLines): void => {
    shown = lines;
    // Not there or not answering: the sale goes on, and the lines are shown when it is back.
    void showOnPole(display, lines[0], lines[1]);
  };
  const offEvents = options.subscribe((event) => {
    if (event.type === 'cart.updated') show(saleLines(event.view));
    else if (event.type === 'sale.completed') show(paidLines(event.sale, options.currency()));
  });
  const offDevice = display.on((event) => {
    if (event.type === 'status' && event.status === 'online') show(shown);
  });
  return () => {
    offEvents();
    offDevice();
  };
}
