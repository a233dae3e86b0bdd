// Stock at this store: scan or type a barcode to see what is free to sell, held for carts and kept
// as safety stock; below, every product at or under its safety stock, a page at a time.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { StockView } from '../../app/commands';
import { useClient } from '../client/client-context';
import { useCommand } from '../client/register-queries';
import { useCoreQuery } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useScanHandler } from '../scanning/use-scan-handler';
import { useUiStore } from '../state/ui-store';

const PAGE = 50;

function StockRow(props: { stock: StockView }) {
  const words = useWords();
  const { stock } = props;
  const n = (value: number) =>
    stock.soldBy === 'weight'
      ? words.t('cart.grams', { grams: formatNumber(words.locale, value) })
      : formatNumber(words.locale, value);
  return (
    <tr data-testid="stock-row" data-gtin={stock.gtin14} className={stock.low ? 'low' : ''}>
      <td>{stock.name}</td>
      <td className="hint">{stock.gtin14}</td>
      <td className="num" data-testid="stock-available">
        {n(stock.available)}
      </td>
      <td className="num">{n(stock.locked)}</td>
      <td className="num">{n(stock.safety)}</td>
      <td>{stock.low ? <span className="tag warn">{words.t('inventory.low')}</span> : null}</td>
    </tr>
  );
}

function StockTable(props: { rows: readonly StockView[]; testId: string }) {
  const words = useWords();
  return (
    <table className="data-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th>{words.t('cart.item')}</th>
          <th>{words.t('inventory.gtin')}</th>
          <th className="num">{words.t('inventory.available')}</th>
          <th className="num">{words.t('inventory.held')}</th>
          <th className="num">{words.t('inventory.safety')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <StockRow key={row.productId} stock={row} />
        ))}
      </tbody>
    </table>
  );
}

function LowStock() {
  const words = useWords();
  const client = useClient();
  const showNotice = useUiStore((s) => s.showNotice);
  const first = useCoreQuery('inventory.lowStock', { limit: PAGE });
  // Pages after the first, fetched when asked for; the first page's refresh starts over.
  const [more, setMore] = useState<{ rows: readonly StockView[]; next: number | null } | null>(
    null,
  );
  const rows = [...(first.data?.items ?? []), ...(more?.rows ?? [])];
  const next = more === null ? (first.data?.next ?? null) : more.next;
  const loadMore = (): void => {
    if (next === null) return;
    void client.send('inventory.lowStock', { after: next, limit: PAGE }).then((answer) => {
      if (!answer.ok) showNotice(answer.error);
      else
        setMore({ rows: [...(more?.rows ?? []), ...answer.value.items], next: answer.value.next });
    });
  };
  return (
    <section className="card" data-testid="low-stock">
      <h2>{words.t('inventory.lowHeading')}</h2>
      {rows.length === 0 ? (
        <p className="hint">{words.t('inventory.noneLow')}</p>
      ) : (
        <StockTable rows={rows} testId="low-stock-table" />
      )}
      {next !== null && (
        <button type="button" className="secondary" onClick={loadMore}>
          {words.t('inventory.more')}
        </button>
      )}
    </section>
  );
}

export function InventoryScreen() {
  const words = useWords();
  const send = useCommand();
  const [code, setCode] = useState('');
  const [stock, setStock] = useState<StockView | null>(null);
  const lookUp = (scanned: string): void => {
    if (scanned.trim() === '') return;
    void send('inventory.product', { code: scanned.trim() }).then((found) =>
      setStock(found ?? null),
    );
  };
  useScanHandler(lookUp);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    lookUp(code);
    setCode('');
  };
  return (
    <ScreenFrame title={words.t('inventory.heading')} testId="inventory-screen">
      <form className="inline-form" onSubmit={submit}>
        <label>
          {words.t('inventory.code')}
          <input
            name="stockCode"
            data-home-field
            autoFocus
            autoComplete="off"
            inputMode="numeric"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {words.t('inventory.lookUp')}
        </button>
      </form>
      {stock !== null && <StockTable rows={[stock]} testId="stock-product" />}
      <LowStock />
    </ScreenFrame>
  );
}
