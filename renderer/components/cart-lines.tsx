// The sale's lines: name, quantity or weight (changeable), price, amount, and each promotion that
// touched the line, explained. Removed lines stay listed, struck through, as on the journal. The
// list is windowed (only the rows in view are in the page) and each row is memoized by its line:
// the core's answers are merged into the cache with structural sharing, so a scan re-renders the
// new row and any row whose price changed, not the whole cart.
import { memo, useMemo, useRef, useState } from 'react';
import type { CartView } from '../../app/commands';
import type { CartLine } from '../../app/cart';
import type { PricedLine } from '../../app/pricing';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';
import { useRowWindow } from './row-window';

export interface CartLineActions {
  setQuantity: (lineId: string, quantity: number) => void;
  weigh: (lineId: string, grams: number) => void;
  /** Takes the weight the counter scale shows now. */
  weighFromScale: (lineId: string) => void;
  voidLine: (lineId: string) => void;
  /** Opens the price change for the line (approved by a supervisor when the cashier asks). */
  changePrice: (lineId: string) => void;
  discount: (lineId: string) => void;
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
      <span className="qty">
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
        <button
          type="button"
          className="step"
          data-testid="weigh-from-scale"
          aria-label={words.t('cart.fromScale')}
          title={words.t('cart.fromScale')}
          disabled={frozen}
          onClick={() => actions.weighFromScale(line.lineId)}
        >
          ⚖
        </button>
      </span>
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

/** Each row is this tall (styles.css keeps it so): the window's arithmetic depends on it. */
export const CART_ROW_PX = 64;

const CartRow = memo(function CartRow(props: {
  line: CartLine;
  priced: PricedLine | undefined;
  currency: string;
  frozen: boolean;
  actions: CartLineActions;
}) {
  const words = useWords();
  const { line, priced, currency, frozen, actions } = props;
  const voided = line.status.kind === 'void';
  const perKg = line.product.soldBy === 'weight' ? words.t('cart.perKg') : '';
  const promos = priced?.adjustments.map((adjustment) => adjustment.text) ?? [];
  return (
    <tr
      className={voided ? 'line voided' : 'line'}
      data-testid="cart-line"
      data-line-id={line.lineId}
      data-gtin={line.product.gtins[0] ?? ''}
    >
      <td className="line-item">
        <div className="line-name">{productName(line, words)}</div>
        {line.price.kind === 'override' && (
          <div className="line-promo" data-testid="line-price-changed">
            {words.t('cart.priceChanged', {
              price: words.money(line.price.catalogUnitPrice, currency),
              reason: line.price.reason,
            })}
          </div>
        )}
        {promos.length > 0 && (
          <div className="line-promo" data-testid="line-promo" title={promos.join(' · ')}>
            {promos.join(' · ')}
          </div>
        )}
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
        {voided || priced === undefined ? '—' : words.money(priced.net.amount, currency)}
      </td>
      <td className="line-actions">
        {!voided && (
          <>
            <button
              type="button"
              className="secondary small"
              data-testid="change-price"
              disabled={frozen}
              onClick={() => actions.changePrice(line.lineId)}
            >
              {words.t('cart.changePrice')}
            </button>
            <button
              type="button"
              className="secondary small"
              data-testid="discount-line"
              disabled={frozen}
              onClick={() => actions.discount(line.lineId)}
            >
              {words.t('cart.discount')}
            </button>
            <button
              type="button"
              className="danger small"
              disabled={frozen}
              onClick={() => actions.voidLine(line.lineId)}
            >
              {words.t('cart.void')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
});

/** The actions as one object that never changes, calling whatever the screen passed last. */
function useStableActions(actions: CartLineActions): CartLineActions {
  const latest = useRef(actions);
  latest.current = actions;
  return useMemo(
    () => ({
      setQuantity: (lineId, quantity) => latest.current.setQuantity(lineId, quantity),
      weigh: (lineId, grams) => latest.current.weigh(lineId, grams),
      weighFromScale: (lineId) => latest.current.weighFromScale(lineId),
      voidLine: (lineId) => latest.current.voidLine(lineId),
      changePrice: (lineId) => latest.current.changePrice(lineId),
      discount: (lineId) => latest.current.discount(lineId),
    }),
    [],
  );
}

export function CartLines(props: { view: CartView; actions: CartLineActions }) {
  const words = useWords();
  const { view } = props;
  const actions = useStableActions(props.actions);
  const scroller = useRef<HTMLDivElement>(null);
  const { lines: pricedLines } = view.totals.priced;
  const priced = useMemo(
    () => new Map<string, PricedLine>(pricedLines.map((line) => [line.lineId, line])),
    [pricedLines],
  );
  // Newest first: the line just scanned is where the cashier looks.
  const { lines: cartLines } = view.cart;
  const lines = useMemo(() => [...cartLines].reverse(), [cartLines]);
  const shown = useRowWindow(scroller, lines.length, CART_ROW_PX);
  const currency = view.cart.currency;
  const frozen = view.tenders.length > 0;
  if (lines.length === 0) {
    return <p className="cart-empty">{words.t('cart.empty')}</p>;
  }
  return (
    <div className="cart-scroll" ref={scroller} data-testid="cart-scroll">
      <table className="cart-lines" data-lines={lines.length} aria-rowcount={lines.length + 1}>
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
          {shown.padTop > 0 && <tr className="spacer" style={{ height: shown.padTop }} />}
          {lines.slice(shown.start, shown.end).map((line) => (
            <CartRow
              key={line.lineId}
              line={line}
              priced={priced.get(line.lineId)}
              currency={currency}
              frozen={frozen}
              actions={actions}
            />
          ))}
          {shown.padBottom > 0 && <tr className="spacer" style={{ height: shown.padBottom }} />}
        </tbody>
      </table>
    </div>
  );
}
