// The sale just paid: receipt number, change to hand back (large), paid and points earned.
import type { CompletedSaleView } from '../../app/commands';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function SaleDone(props: { sale: CompletedSaleView; currency: string; next: () => void }) {
  const words = useWords();
  const { sale, currency } = props;
  // What the customer handed over: cash as tendered, other tenders as charged.
  const received = sale.tenders.reduce((sum, t) => sum + (t.tendered ?? t.amount), 0);
  return (
    <section className="sale-done" data-testid="sale-done" aria-live="polite">
      <h2>{words.t('sale.completed')}</h2>
      <p className="receipt-no" data-testid="receipt-no">
        {words.t('sale.receiptNo', { number: sale.receiptNo })}
      </p>
      <div className="change">
        <span>{words.t('sale.change')}</span>
        <strong data-testid="change">{words.money(sale.change, currency)}</strong>
      </div>
      <p>
        {words.t('totals.total')} {words.money(sale.paid, currency)} · {words.t('sale.paid')}{' '}
        <span data-testid="received">{words.money(received, currency)}</span>
      </p>
      {sale.pointsEarned > 0 && (
        <p>
          {words.t('sale.pointsEarned', { points: formatNumber(words.locale, sale.pointsEarned) })}
        </p>
      )}
      <button type="button" className="primary" onClick={props.next}>
        {words.t('sale.next')}
      </button>
    </section>
  );
}
