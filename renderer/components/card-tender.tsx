// Card on the terminal: all that is due, or a part of it for a split. While the terminal works the
// panel shows its progress (from the core's card.progress events) and a cancel; the answer to
// `checkout.tenderCard` comes once the customer has paid, been declined or the cashier cancelled.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CartView } from '../../app/commands';
import { parseDecimal } from '../../app/money';
import { useWords } from '../i18n/use-text';
import { useDeviceStatus } from '../state/device-status-store';

export function CardTender(props: {
  view: CartView;
  /** Pays `amount` (all that is due when undefined); resolves when the terminal is done. */
  payCard: (amount: number | undefined) => Promise<void>;
  cancelCard: () => void;
}) {
  const words = useWords();
  const card = useDeviceStatus((s) => s.card);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const currency = props.view.cart.currency;
  const due = props.view.remaining;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || due <= 0) return;
    let part: number | undefined;
    if (amount.trim() !== '') {
      const parsed = parseDecimal(amount, currency);
      if (!parsed.ok || parsed.value <= 0) return;
      part = parsed.value;
    }
    setBusy(true);
    void props.payCard(part).finally(() => {
      setBusy(false);
      setAmount('');
    });
  };
  const stage = card?.stage;
  return (
    <form className="card-tender" onSubmit={submit} data-testid="card-tender" aria-busy={busy}>
      <h2>{words.t('card.heading')}</h2>
      <label>
        {words.t('card.amount')}
        <input
          name="cardAmount"
          inputMode="decimal"
          autoComplete="off"
          disabled={busy}
          placeholder={words.money(due, currency)}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      {stage !== undefined && (
        <p
          className={`card-progress card-${stage}`}
          data-testid="card-progress"
          data-stage={stage}
          role="status"
        >
          {words.t(`card.stage.${stage}`)}
        </p>
      )}
      {busy ? (
        <button
          type="button"
          className="danger"
          data-testid="cancel-card"
          onClick={props.cancelCard}
        >
          {words.t('card.cancel')}
        </button>
      ) : (
        <button type="submit" className="primary" data-testid="pay-card" disabled={due <= 0}>
          {words.t('card.pay')}
        </button>
      )}
    </form>
  );
}
