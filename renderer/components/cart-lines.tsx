// The sale's lines: name, quantity or weight (changeable), price, amount, and each promotion that
// touched the line, explained. Removed lines stay listed, struck through, as on the journal.
import { useState } from 'react';
import type { CartView } from '../../app/commands';
import type { CartLine } from '../../app/cart';
import type { PricedLine } from '../../app/pricing';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';

export interface CartLineActions {
  setQuantity: (lineId: string, quantity: number) => void;
  weigh: (lineId: string, grams: number) => void;
  voidLine: (lineId: string) => void;
}

function productName(line: CartLine, words: Words): string {
  return line.product.names[words.locale] ?? line.product.defaultName;
}

function QuantityCell(props: {
  line: CartLine;
  actions: CartLineActions;
  frozen: boolean;
  words: Words;
}) {
  const { line, actions, frozen, words } = props;
  const [draft, setDraft] = useState<string | null>(null);
  if (line.quantity.kind === 'weight') {
    const grams = line.quantity.grams;
    return (
      <input
        className="qty-input"
        aria-label={words.t('cart.weighLabel')}
        inputMode="numeric"
        disabled={frozen}
        placeholder={words.t('cart.unweighed')}
        value={draft ?? (grams === null ? '' : String(grams))}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || draft === null) return;
          const value = Number.parseInt(draft, 10);
          setDraft(null);
          if (Number.isSafeInteger(value) && value > 0) actions.weigh(line.lineId, value);
        }}
        onBlur={() => setDraft(null)}
      />
    );
  }
  const units = line.quantity.units;
  const commit = (): void => {
    if (draft === null) return;
    const value = Number.parseInt(draft, 10);
    setDraft(null);
    if (Number.isSafeInteger(value) && value > 0 && value !== units) {
      actions.setQuantity(line.lineId, value);
    }
  };
  return (
    <span className="qty">
      <button
        type="button"
        className="step"
        aria-label={words.t('cart.decrease')}
        disabled={frozen || units <= 1}
        onClick={() => actions.setQuantity(line.lineId, units - 1)}
      >
        −
      </button>
      <input
        className="qty-input"
        aria-label={words.t('cart.quantity')}
        inputMode="numeric"
        disabled={frozen}
        value={draft ?? String(units)}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
        onBlur={commit}
      />
      <button
        type="button"
        className="step"
        aria-label={words.t('cart.increase')}
        disabled={frozen}
        onClick={() => actions.setQuantity(line.lineId, units + 1)}
      >
        +
      </button>
    </span>
  );
}

export function CartLines(props: { view: CartView; actions: CartLineActions }) {
  const words = useWords();
  const { view, actions } = props;
  const priced = new Map<string, PricedLine>(
    view.totals.priced.lines.map((line) => [line.lineId, line]),
  );
  const currency = view.cart.currency;
  const frozen = view.tenders.length > 0;
  if (view.cart.lines.length === 0) {
    return <p className="cart-empty">{words.t('cart.empty')}</p>;
  }
  // Newest first: the line just scanned is where the cashier looks.
  const lines = [...view.cart.lines].reverse();
  return (
    <table className="cart-lines">
      <thead>
        <tr>
          <th>{words.t('cart.item')}</th>
          <th>{words.t('cart.quantity')}</th>
          <th className="num">{words.t('cart.price')}</th>
          <th className="num">{words.t('cart.amount')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const pricedLine = priced.get(line.lineId);
          const voided = line.status.kind === 'void';
          const perKg = line.product.soldBy === 'weight' ? words.t('cart.perKg') : '';
          return (
            <tr
              key={line.lineId}
              className={voided ? 'line voided' : 'line'}
              data-testid="cart-line"
              data-gtin={line.product.gtins[0] ?? ''}
            >
              <td>
                <div className="line-name">{productName(line, words)}</div>
                {pricedLine?.adjustments.map((adjustment, i) => (
                  <div className="line-promo" key={i} data-testid="line-promo">
                    {adjustment.text}
                  </div>
                ))}
                {voided && <div className="line-voided">{words.t('cart.voided')}</div>}
              </td>
              <td>
                {voided ? (
                  line.quantity.kind === 'each' ? (
                    line.quantity.units
                  ) : (
                    words.t('cart.grams', { grams: line.quantity.grams ?? 0 })
                  )
                ) : (
                  <QuantityCell line={line} actions={actions} frozen={frozen} words={words} />
                )}
              </td>
              <td className="num">
                {words.money(line.price.unitPrice, currency)}
                {perKg}
              </td>
              <td className="num line-amount">
                {voided || pricedLine === undefined
                  ? '—'
                  : words.money(pricedLine.net.amount, currency)}
              </td>
              <td>
                {!voided && (
                  <button
                    type="button"
                    className="danger small"
                    disabled={frozen}
                    onClick={() => actions.voidLine(line.lineId)}
                  >
                    {words.t('cart.void')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
