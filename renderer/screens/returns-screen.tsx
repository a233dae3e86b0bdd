// Returns at the counter: by receipt number (pick the lines and how many come back; the core
// refunds them to the original tenders), or blind without a receipt (scan the product; a manager
// approves and the refund is cash). The refund slip's number and the cash to hand back are shown.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RefundView, ReturnableSaleView } from '../../app/commands';
import { useClient } from '../client/client-context';
import { useCommand, useRefresh } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { ScreenFrame } from '../components/screen-frame';
import { STORE_CURRENCY, formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useScanHandler } from '../scanning/use-scan-handler';

function RefundDone(props: { refund: RefundView }) {
  const words = useWords();
  const { refund } = props;
  return (
    <section className="card done" data-testid="refund-done" aria-live="polite">
      <h2>{words.t('returns.done')}</h2>
      <p data-testid="refund-receipt-no">
        {words.t('returns.slipNo', { number: refund.receiptNo })}
      </p>
      <p>
        {words.t('returns.amount')}{' '}
        <strong data-testid="refund-amount">{words.money(refund.amount, STORE_CURRENCY)}</strong>
      </p>
      <p className="change">
        <span>{words.t('returns.cashOut')}</span>
        <strong data-testid="refund-cash-out">{words.money(refund.cashOut, STORE_CURRENCY)}</strong>
      </p>
      {refund.pointsClawedBack > 0 && (
        <p>
          {words.t('returns.pointsBack', {
            points: formatNumber(words.locale, refund.pointsClawedBack),
          })}
        </p>
      )}
    </section>
  );
}

function SaleToReturn(props: { sale: ReturnableSaleView; refunded: (r: RefundView) => void }) {
  const words = useWords();
  const send = useCommand();
  const refresh = useRefresh();
  const { sale } = props;
  const [quantities, setQuantities] = useState<Readonly<Record<number, string>>>({});
  const [reason, setReason] = useState(() => words.t('returns.defaultReason'));
  const [restock, setRestock] = useState(true);
  const lines = sale.lines
    .map((line) => ({ lineNo: line.lineNo, quantity: Number(quantities[line.lineNo] ?? '0') }))
    .filter((line) => Number.isSafeInteger(line.quantity) && line.quantity > 0);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (lines.length === 0 || reason.trim() === '') return;
    void send('returns.refund', { saleId: sale.saleId, lines, reason, restock }).then((refund) => {
      if (refund === undefined) return;
      refresh('sync.status', 'inventory.lowStock', 'inventory.product');
      props.refunded(refund);
    });
  };
  return (
    <form className="card" data-testid="returnable-sale" onSubmit={submit}>
      <h2>
        {words.t('sale.receiptNo', { number: sale.receiptNo })} ·{' '}
        {formatDateTime(words.locale, sale.completedAt)} · {words.money(sale.total, STORE_CURRENCY)}
      </h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{words.t('cart.item')}</th>
            <th className="num">{words.t('returns.sold')}</th>
            <th className="num">{words.t('returns.alreadyBack')}</th>
            <th className="num">{words.t('cart.amount')}</th>
            <th>{words.t('returns.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((line) => {
            const left = line.quantity - line.returnedQuantity;
            const unit = line.soldBy === 'weight' ? words.t('returns.grams') : '';
            return (
              <tr key={line.lineNo} data-testid="returnable-line">
                <td>{line.name}</td>
                <td className="num">
                  {formatNumber(words.locale, line.quantity)}
                  {unit}
                </td>
                <td className="num">{formatNumber(words.locale, line.returnedQuantity)}</td>
                <td className="num">{words.money(line.net, STORE_CURRENCY)}</td>
                <td>
                  <input
                    className="qty-input"
                    aria-label={words.t('returns.quantityOf', { name: line.name })}
                    inputMode="numeric"
                    disabled={left <= 0}
                    placeholder="0"
                    value={quantities[line.lineNo] ?? ''}
                    onChange={(e) =>
                      setQuantities({ ...quantities, [line.lineNo]: e.target.value.trim() })
                    }
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label>
        {words.t('returns.reason')}
        <input name="returnReason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
        {words.t('returns.restock')}
      </label>
      <button type="submit" className="primary" data-testid="refund" disabled={lines.length === 0}>
        {words.t('returns.refund')}
      </button>
    </form>
  );
}

function BlindReturn(props: { refunded: (r: RefundView) => void }) {
  const words = useWords();
  const client = useClient();
  const approved = useApprovedCommand();
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [reason, setReason] = useState(() => words.t('returns.defaultReason'));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const units = Number.parseInt(quantity, 10);
    if (code.trim() === '' || !Number.isSafeInteger(units) || units < 1 || reason.trim() === '') {
      return;
    }
    void approved('return.blind', (approvalId) =>
      client.send('returns.blind', {
        code: code.trim(),
        quantity: units,
        reason,
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ).then((refund) => {
      if (refund === undefined) return;
      setCode('');
      props.refunded(refund);
    });
  };
  // A product scanned on this screen is the item coming back without a receipt.
  useScanHandler(setCode);
  return (
    <form className="card" data-testid="blind-return" onSubmit={submit}>
      <h2>{words.t('returns.blindHeading')}</h2>
      <p className="hint">{words.t('returns.blindHint')}</p>
      <label>
        {words.t('returns.barcode')}
        <input
          name="blindCode"
          autoComplete="off"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <label>
        {words.t('returns.quantity')}
        <input
          name="blindQuantity"
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
        />
      </label>
      <label>
        {words.t('returns.reason')}
        <input name="blindReason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {words.t('returns.blindRefund')}
      </button>
    </form>
  );
}

export function ReturnsScreen() {
  const words = useWords();
  const send = useCommand();
  const [receiptNo, setReceiptNo] = useState('');
  const [sale, setSale] = useState<ReturnableSaleView | null>(null);
  const [refund, setRefund] = useState<RefundView | null>(null);
  const find = (event: FormEvent): void => {
    event.preventDefault();
    const number = Number.parseInt(receiptNo, 10);
    if (!/^\d+$/.test(receiptNo.trim()) || number < 1) return;
    setRefund(null);
    void send('returns.findSale', { receiptNo: number }).then((found) => setSale(found ?? null));
  };
  const refunded = (done: RefundView): void => {
    setSale(null);
    setReceiptNo('');
    setRefund(done);
  };
  return (
    <ScreenFrame title={words.t('returns.heading')} testId="returns-screen">
      <form className="inline-form" onSubmit={find}>
        <label>
          {words.t('returns.receiptNo')}
          <input
            name="receiptNo"
            data-home-field
            autoFocus
            autoComplete="off"
            inputMode="numeric"
            value={receiptNo}
            onChange={(e) => setReceiptNo(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {words.t('returns.findSale')}
        </button>
      </form>
      {refund !== null && <RefundDone refund={refund} />}
      {sale !== null && <SaleToReturn key={sale.saleId} sale={sale} refunded={refunded} />}
      <BlindReturn refunded={refunded} />
    </ScreenFrame>
  );
}
