// A manual discount keyed in at the counter, on one line or on the whole sale: percent or amount
// off and why. Within the cashier's limit the core applies it at once; above it the screen asks a
// supervisor's approval first (the approval dialog). A discount already there can be taken off.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { CartLine, CartPolicy } from '../../app/cart';
import { DEFAULT_CART_POLICY, parsePercent } from '../../app/cart';
import { parseDecimal } from '../../app/money';
import type { ManualDiscount } from '../../app/pricing';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';
import { DialogForm } from './dialog-form';

export interface DiscountRequest {
  readonly discount: ManualDiscount;
  readonly reason: string;
}

/** Basis points as a person reads a percentage: 1500 → "15", 725 → "7.25". */
const percentOf = (basisPoints: number): string => String(basisPoints / 100);

export function discountText(discount: ManualDiscount, currency: string, words: Words): string {
  return discount.kind === 'percent'
    ? words.t('discount.percentShown', { percent: percentOf(discount.basisPoints) })
    : words.t('discount.amountShown', { amount: words.money(discount.amount, currency) });
}

export function DiscountDialog(props: {
  /** The line to discount; undefined for the whole sale. */
  line?: CartLine;
  /** The discount there now (the line's or the sale's), which the dialog can take off. */
  current: ManualDiscount | null;
  currency: string;
  policy?: CartPolicy;
  /** Resolve once the core answered (applied, or refused with the notice shown). */
  apply: (request: DiscountRequest) => Promise<void>;
  remove: () => Promise<void>;
  close: () => void;
}) {
  const words = useWords();
  const { line, current, currency } = props;
  const policy = props.policy ?? DEFAULT_CART_POLICY;
  const [kind, setKind] = useState<ManualDiscount['kind']>('percent');
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const read = (): ManualDiscount | undefined => {
    if (kind === 'percent') {
      const basisPoints = parsePercent(typed);
      return basisPoints === undefined ? undefined : { kind, basisPoints };
    }
    const amount = parseDecimal(typed, currency);
    return amount.ok && amount.value > 0 ? { kind, amount: amount.value } : undefined;
  };
  const run = (work: () => Promise<void>): void => {
    setBusy(true);
    void work().finally(() => setBusy(false));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || reason.trim() === '') return;
    const discount = read();
    if (discount === undefined) {
      setProblem(words.t(kind === 'percent' ? 'discount.notAPercent' : 'discount.notAnAmount'));
      return;
    }
    run(() => props.apply({ discount, reason: reason.trim() }));
  };
  const heading =
    line === undefined
      ? words.t('discount.headingSale')
      : words.t('discount.headingLine', {
          name: line.product.names[words.locale] ?? line.product.defaultName,
        });
  return (
    <DialogForm testId="discount-dialog" heading={heading} onSubmit={submit} onEscape={props.close}>
      {current !== null && (
        <p data-testid="discount-current">
          {words.t('discount.current', { discount: discountText(current, currency, words) })}
        </p>
      )}
      <p className="hint">
        {words.t('discount.limit', {
          percent: percentOf(policy.discountApprovalAboveBasisPoints),
          amount: words.money(policy.discountApprovalAboveAmount, currency),
        })}
      </p>
      {problem !== null && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <fieldset className="discount-kind">
        {(['percent', 'amount'] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="discountKind"
              value={option}
              checked={kind === option}
              onChange={() => {
                setKind(option);
                setProblem(null);
              }}
            />
            {words.t(option === 'percent' ? 'discount.percent' : 'discount.amount')}
          </label>
        ))}
      </fieldset>
      <label>
        {words.t('discount.value')}
        <input
          ref={first}
          name="discountValue"
          inputMode="decimal"
          autoComplete="off"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      <label>
        {words.t('discount.reason')}
        <input
          name="discountReason"
          autoComplete="off"
          maxLength={200}
          placeholder={words.t('discount.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={props.close}>
          {words.t('discount.cancel')}
        </button>
        {current !== null && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            data-testid="remove-discount"
            onClick={() => run(props.remove)}
          >
            {words.t('discount.remove')}
          </button>
        )}
        <button
          type="submit"
          className="primary"
          disabled={busy || typed.trim() === '' || reason.trim() === ''}
          data-testid="apply-discount"
        >
          {words.t('discount.apply')}
        </button>
      </div>
    </DialogForm>
  );
}
