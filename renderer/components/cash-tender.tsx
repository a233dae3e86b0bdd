// Cash for the sale: the amount due in cash (after cash rounding), quick amounts, and the amount
// handed over; the core works out the change.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CartView } from '../../app/commands';
import { minorPerMajor, parseDecimal } from '../../app/money';
import { useWords } from '../i18n/use-text';

/** Notes a customer is likely to hand over for `due`: the next round 10, 50 and 100. */
function quickAmounts(due: number, currency: string): number[] {
  const major = minorPerMajor(currency);
  const amounts = [10, 50, 100].map((note) => Math.ceil(due / (note * major)) * note * major);
  return [...new Set(amounts)].filter((a) => a > due).slice(0, 3);
}

export function CashTender(props: { view: CartView; pay: (tendered: number) => void }) {
  const words = useWords();
  const [received, setReceived] = useState('');
  const currency = props.view.cart.currency;
  const due = props.view.remainingInCash;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const parsed =
      received.trim() === '' ? { ok: true as const, value: due } : parseDecimal(received, currency);
    if (!parsed.ok) return;
    props.pay(parsed.value);
    setReceived('');
  };
  return (
    <form className="cash-tender" onSubmit={submit}>
      <h2>{words.t('tender.heading')}</h2>
      <div className="due">
        {words.t('tender.due')} <strong data-testid="cash-due">{words.money(due, currency)}</strong>
      </div>
      <label>
        {words.t('tender.received')}
        <input
          name="cashReceived"
          inputMode="decimal"
          autoComplete="off"
          value={received}
          onChange={(e) => setReceived(e.target.value)}
        />
      </label>
      <div className="quick-amounts">
        <button type="button" className="secondary" onClick={() => props.pay(due)}>
          {words.t('tender.exact')}
        </button>
        {quickAmounts(due, currency).map((amount) => (
          <button
            key={amount}
            type="button"
            className="secondary"
            onClick={() => props.pay(amount)}
          >
            {words.money(amount, currency)}
          </button>
        ))}
      </div>
      <button type="submit" className="primary pay" disabled={due <= 0}>
        {words.t('tender.pay')}
      </button>
    </form>
  );
}
