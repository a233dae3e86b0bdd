// The customer-facing display (Electron's second window at index.html#customer; in a browser the
// register's URL with #customer): the lines as they are scanned, the total, what is still due, a
// prompt while the card terminal waits, then the thank-you with change and points. Drawn from the
// core's events only; the one command it may send is a read of the open sale when it (re)opens,
// which Electron refuses for this window and which then simply waits for the next event.
import { useEffect, useReducer } from 'react';
import type { CartView } from '../../app/commands';
import { useClient, useConnection } from '../client/client-context';
import { PaymentQr } from '../components/payment-qr';
import { formatNumber } from '../i18n/format';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';
import type { CustomerScreen } from '../state/customer-display-store';
import { WELCOME, customerScreenAfter } from '../state/customer-display-store';
import { useUiStore } from '../state/ui-store';

/** The customer sees the last few lines, newest first; the count and total say the rest. */
const LINES_SHOWN = 8;

function SaleLines(props: { view: CartView; words: Words }) {
  const { view, words } = props;
  const priced = new Map(view.totals.priced.lines.map((l) => [l.lineId, l]));
  const active = view.cart.lines.filter((l) => l.status.kind === 'active');
  const currency = view.cart.currency;
  return (
    <ol className="customer-lines" data-testid="customer-lines">
      {active
        .slice(-LINES_SHOWN)
        .reverse()
        .map((line) => (
          <li key={line.lineId} data-testid="customer-line">
            <span className="name">
              {line.product.names[words.locale] ?? line.product.defaultName}
            </span>
            <span className="qty">
              {line.quantity.kind === 'each'
                ? `×${line.quantity.units}`
                : words.t('cart.grams', { grams: line.quantity.grams ?? 0 })}
            </span>
            <span className="amount">
              {words.money(priced.get(line.lineId)?.net.amount ?? 0, currency)}
            </span>
          </li>
        ))}
    </ol>
  );
}

function ShowScreen(props: { screen: CustomerScreen; words: Words }) {
  const { screen, words } = props;
  switch (screen.kind) {
    case 'welcome':
      return (
        <p className="customer-welcome" data-testid="customer-welcome">
          {words.t('customer.welcome')}
        </p>
      );
    case 'sale': {
      const { view, card, walletQr } = screen;
      const currency = view.cart.currency;
      const items = view.cart.lines.filter((l) => l.status.kind === 'active').length;
      return (
        <div className="customer-sale">
          <SaleLines view={view} words={words} />
          <aside className="customer-summary">
            <p>{words.t('customer.items', { count: formatNumber(words.locale, items) })}</p>
            {view.cart.member !== null && (
              <p data-testid="customer-member">
                {words.t('customer.member', { level: words.t(`level.${view.cart.member.level}`) })}
                <br />
                {words.t('customer.pointsEarnable', {
                  points: formatNumber(words.locale, view.totals.pointsEarnable),
                })}
              </p>
            )}
            <p className="customer-total">
              <span>{words.t('customer.total')}</span>
              <strong data-testid="customer-total">
                {words.money(view.totals.priced.totals.total.amount, currency)}
              </strong>
            </p>
            {view.tenders.length > 0 && (
              <p className="customer-remaining">
                <span>{words.t('customer.remaining')}</span>
                <strong data-testid="customer-remaining">
                  {words.money(view.remaining, currency)}
                </strong>
              </p>
            )}
            {card !== null && (
              <p className="customer-card" role="status" data-testid="customer-card">
                {words.t('customer.payOnTerminal', { amount: words.money(card.amount, currency) })}
              </p>
            )}
            {walletQr !== null && (
              <figure className="customer-qr" data-testid="customer-qr">
                <PaymentQr
                  content={walletQr.content}
                  label={words.t('wallet.qrLabel', {
                    wallet: words.t(`wallet.name.${walletQr.wallet}`),
                    amount: words.money(walletQr.amount, currency),
                  })}
                />
                <figcaption>
                  {words.t('customer.scanToPay', {
                    wallet: words.t(`wallet.name.${walletQr.wallet}`),
                    amount: words.money(walletQr.amount, currency),
                  })}
                </figcaption>
              </figure>
            )}
          </aside>
        </div>
      );
    }
    case 'thanks': {
      const { sale, currency } = screen;
      return (
        <div className="customer-thanks" data-testid="customer-thanks">
          <h1>{words.t('customer.thanks')}</h1>
          <p>
            {words.t('customer.paid')}{' '}
            <strong data-testid="customer-paid">{words.money(sale.total, currency)}</strong>
          </p>
          {sale.change > 0 && (
            <p className="customer-change">
              {words.t('customer.change')}{' '}
              <strong data-testid="customer-change">{words.money(sale.change, currency)}</strong>
            </p>
          )}
          {sale.pointsEarned > 0 && (
            <p data-testid="customer-points">
              {words.t('customer.pointsEarned', {
                points: formatNumber(words.locale, sale.pointsEarned),
              })}
            </p>
          )}
        </div>
      );
    }
  }
}

/** The cashier's language switch is in the same browser storage: the display follows it. */
function useFollowLocale(): void {
  const setLocale = useUiStore((s) => s.setLocale);
  useEffect(() => {
    const onStorage = (event: StorageEvent): void => {
      if (
        event.key === 'register.locale' &&
        (event.newValue === 'en' || event.newValue === 'zh-CN')
      )
        setLocale(event.newValue);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [setLocale]);
}

export function CustomerDisplay() {
  const client = useClient();
  const connection = useConnection();
  const words = useWords();
  useFollowLocale();
  const [screen, dispatch] = useReducer(customerScreenAfter, WELCOME);
  useEffect(() => client.onEvent(dispatch), [client]);
  useEffect(() => {
    document.documentElement.lang = words.locale;
    document.title = words.t('customer.welcome');
  }, [words]);
  // Opened (or reconnected) mid-sale: show the sale so far rather than a welcome.
  useEffect(() => {
    if (connection.kind !== 'open') return;
    void client.send('checkout.current', {}).then((answer) => {
      if (answer.ok && answer.value !== null)
        dispatch({ type: 'cart.updated', view: answer.value });
    });
  }, [client, connection.kind]);
  return (
    <main className="customer-display" data-testid="customer-display" aria-live="polite">
      <ShowScreen screen={screen} words={words} />
    </main>
  );
}
