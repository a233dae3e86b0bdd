// The sale's totals as the customer will see them on the receipt.
import type { CartView } from '../../app/commands';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function TotalsPanel(props: { view: CartView }) {
  const words = useWords();
  const { totals } = props.view.totals.priced;
  const currency = props.view.cart.currency;
  const row = (label: string, value: string, testId: string, className = '') => (
    <div className={`totals-row ${className}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <dl className="totals">
      {row(words.t('totals.subtotal'), words.money(totals.subtotal.amount, currency), 'subtotal')}
      {totals.discountTotal.amount > 0 &&
        row(
          words.t('totals.discounts'),
          `−${words.money(totals.discountTotal.amount, currency)}`,
          'discounts',
          'discount',
        )}
      {row(words.t('totals.tax'), words.money(totals.taxTotal.amount, currency), 'tax')}
      {row(words.t('totals.total'), words.money(totals.total.amount, currency), 'total', 'grand')}
      {row(
        words.t('totals.points'),
        formatNumber(words.locale, props.view.totals.pointsEarnable),
        'points',
      )}
    </dl>
  );
}
