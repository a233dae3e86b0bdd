// Changing one line's unit price at the counter: the new price and why, then (for a cashier) a
// supervisor's approval in the approval dialog. The core records who approved it in the audit log.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { CartLine } from '../../app/cart';
import { parseDecimal } from '../../app/money';
import { useWords } from '../i18n/use-text';
import { DialogForm } from './dialog-form';

export interface PriceChange {
  readonly lineId: string;
  readonly unitPrice: number;
  readonly reason: string;
}

export function PriceChangeDialog(props: {
  line: CartLine;
  currency: string;
  /** Resolves once the core answered (approved and applied, or refused). */
  apply: (change: PriceChange) => Promise<void>;
  close: () => void;
}) {
  const words = useWords();
  const { line, currency } = props;
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) return;
    const parsed = parseDecimal(price, currency);
    if (!parsed.ok || parsed.value < 0) {
      setProblem(words.t('priceChange.notAnAmount'));
      return;
    }
    if (reason.trim() === '') return;
    setBusy(true);
    void props
      .apply({ lineId: line.lineId, unitPrice: parsed.value, reason: reason.trim() })
      .finally(() => setBusy(false));
  };
  const name = line.product.names[words.locale] ?? line.product.defaultName;
  return (
    <DialogForm
      testId="price-change-dialog"
      heading={words.t('priceChange.heading', { name })}
      onSubmit={submit}
      onEscape={props.close}
    >
      <p>{words.t('priceChange.shelf', { price: words.money(line.price.unitPrice, currency) })}</p>
      {problem !== null && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <label>
        {words.t('priceChange.newPrice')}
        <input
          ref={first}
          name="newPrice"
          inputMode="decimal"
          autoComplete="off"
          value={price}
          onChange={(e) => {
            setPrice(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      <label>
        {words.t('priceChange.reason')}
        <input
          name="priceReason"
          autoComplete="off"
          maxLength={200}
          placeholder={words.t('priceChange.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={props.close}>
          {words.t('priceChange.cancel')}
        </button>
        <button
          type="submit"
          className="primary"
          disabled={busy || price.trim() === '' || reason.trim() === ''}
          data-testid="apply-price"
        >
          {words.t('priceChange.apply')}
        </button>
      </div>
    </DialogForm>
  );
}
