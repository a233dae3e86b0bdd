// Stocktake: open a count (the books are snapshot then), scan shelves to count — a wedge scan
// anywhere on this screen counts at the location shown — watch the variance against the books as
// it runs, then post the adjustments with a manager's approval.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type {
  StocktakeCountView,
  StocktakePostedView,
  StocktakeVarianceView,
  StocktakeView,
} from '../../app/commands';
import { useClient } from '../client/client-context';
import { useCommand, useCoreQuery, useRefresh } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { ScreenFrame } from '../components/screen-frame';
import { STORE_CURRENCY, formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useScanHandler } from '../scanning/use-scan-handler';

const UNCOUNTED_SHOWN = 20;

function signed(locale: string, value: number): string {
  return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(value);
}

/** One bar per line, left of the axis for short, right for over: plain SVG, no chart library. */
function VarianceBar(props: { variance: number; largest: number }) {
  const half = 40;
  const length = props.largest === 0 ? 0 : (Math.abs(props.variance) / props.largest) * half;
  const x = props.variance < 0 ? half - length : half;
  return (
    <svg className="variance-bar" width={half * 2} height="14" aria-hidden="true">
      <line x1={half} x2={half} y1="0" y2="14" />
      <rect
        x={x}
        y="2"
        width={length}
        height="10"
        className={props.variance < 0 ? 'short' : 'over'}
      />
    </svg>
  );
}

function VarianceReport(props: { report: StocktakeVarianceView }) {
  const words = useWords();
  const { report } = props;
  const currency = report.currency || STORE_CURRENCY;
  const largest = Math.max(0, ...report.lines.map((l) => Math.abs(l.variance)));
  return (
    <section className="card" data-testid="variance">
      <h2>{words.t('stocktake.variance')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{words.t('cart.item')}</th>
            <th className="num">{words.t('stocktake.expected')}</th>
            <th className="num">{words.t('stocktake.counted')}</th>
            <th className="num">{words.t('stocktake.difference')}</th>
            <th />
            <th className="num">{words.t('stocktake.value')}</th>
          </tr>
        </thead>
        <tbody>
          {report.lines.map((line) => (
            <tr key={line.productId} data-testid="variance-line" data-gtin={line.gtin14}>
              <td>{line.name}</td>
              <td className="num">{formatNumber(words.locale, line.expected)}</td>
              <td className="num">{formatNumber(words.locale, line.counted)}</td>
              <td className="num" data-testid="variance-units">
                {signed(words.locale, line.variance)}
              </td>
              <td>
                <VarianceBar variance={line.variance} largest={largest} />
              </td>
              <td className="num">
                {line.value === null ? '—' : words.money(line.value, currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>{words.t('stocktake.over')}</dt>
        <dd>{words.money(report.overValue, currency)}</dd>
        <dt>{words.t('stocktake.under')}</dt>
        <dd>{words.money(report.underValue, currency)}</dd>
        <dt>{words.t('stocktake.net')}</dt>
        <dd data-testid="variance-net">{words.money(report.netValue, currency)}</dd>
        <dt>{words.t('stocktake.uncounted')}</dt>
        <dd>{formatNumber(words.locale, report.uncountedCount)}</dd>
      </dl>
    </section>
  );
}

function OpenStocktake(props: {
  stocktake: StocktakeView;
  posted: (p: StocktakePostedView) => void;
}) {
  const words = useWords();
  const send = useCommand();
  const client = useClient();
  const approved = useApprovedCommand();
  const refresh = useRefresh();
  const { stocktakeId } = props.stocktake;
  const [location, setLocation] = useState(() => words.t('stocktake.defaultLocation'));
  const [quantity, setQuantity] = useState('1');
  const [code, setCode] = useState('');
  const [last, setLast] = useState<StocktakeCountView | null>(null);
  const variance = useCoreQuery('stocktake.variance', {
    stocktakeId,
    uncountedLimit: UNCOUNTED_SHOWN,
  });

  const count = (scanned: string): void => {
    const units = Number.parseInt(quantity, 10);
    if (scanned.trim() === '' || location.trim() === '') return;
    if (!/^\d+$/.test(quantity.trim()) || !Number.isSafeInteger(units)) return;
    void send('stocktake.count', {
      stocktakeId,
      code: scanned.trim(),
      quantity: units,
      location: location.trim(),
    }).then((counted) => {
      if (counted === undefined) return;
      setLast(counted);
      refresh('stocktake.variance', 'stocktake.current');
    });
  };
  useScanHandler(count);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    count(code);
    setCode('');
  };
  const post = (): void => {
    void approved('stocktake.post', (approvalId) =>
      client.send('stocktake.post', {
        stocktakeId,
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ).then((done) => {
      if (done === undefined) return;
      refresh('stocktake.current', 'inventory.lowStock', 'inventory.product', 'sync.status');
      props.posted(done);
    });
  };
  const cancel = (): void => {
    void send('stocktake.cancel', { stocktakeId, reason: words.t('stocktake.cancelReason') }).then(
      (done) => {
        if (done !== undefined) refresh('stocktake.current');
      },
    );
  };
  return (
    <>
      <p className="hint" data-testid="stocktake-open">
        {words.t('stocktake.openSince', {
          date: formatDateTime(words.locale, props.stocktake.openedAt),
          counted: formatNumber(words.locale, props.stocktake.countedProducts),
          expected: formatNumber(words.locale, props.stocktake.expectedProducts),
        })}
      </p>
      <form className="inline-form" onSubmit={submit}>
        <label>
          {words.t('stocktake.location')}
          <input
            name="countLocation"
            autoComplete="off"
            value={location}
            onChange={(e) => setLocation(e.target.value)}
          />
        </label>
        <label>
          {words.t('stocktake.perScan')}
          <input
            name="countQuantity"
            className="qty-input"
            inputMode="numeric"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </label>
        <label>
          {words.t('stocktake.code')}
          <input
            name="countCode"
            data-home-field
            autoFocus
            autoComplete="off"
            inputMode="numeric"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {words.t('stocktake.count')}
        </button>
      </form>
      {last !== null && (
        <p className="last-count" data-testid="last-count" aria-live="polite">
          {words.t('stocktake.lastCount', {
            name: last.name,
            location: last.location,
            here: formatNumber(words.locale, last.countedHere),
            total: formatNumber(words.locale, last.countedTotal),
          })}
        </p>
      )}
      {variance.data !== undefined && <VarianceReport report={variance.data} />}
      <div className="actions">
        <button type="button" className="primary" data-testid="post-stocktake" onClick={post}>
          {words.t('stocktake.post')}
        </button>
        <button type="button" className="danger" onClick={cancel}>
          {words.t('stocktake.cancel')}
        </button>
      </div>
    </>
  );
}

export function StocktakeScreen() {
  const words = useWords();
  const send = useCommand();
  const refresh = useRefresh();
  const current = useCoreQuery('stocktake.current', {});
  const [posted, setPosted] = useState<StocktakePostedView | null>(null);
  const open = (): void => {
    setPosted(null);
    void send('stocktake.open', {}).then((opened) => {
      if (opened !== undefined) refresh('stocktake.current');
    });
  };
  const stocktake = current.data;
  return (
    <ScreenFrame title={words.t('stocktake.heading')} testId="stocktake-screen">
      {posted !== null && (
        <section className="card done" data-testid="stocktake-posted" aria-live="polite">
          <h2>{words.t('stocktake.posted')}</h2>
          <p>
            {words.t('stocktake.postedSummary', {
              adjustments: formatNumber(words.locale, posted.adjustments),
              units: signed(words.locale, posted.netUnits),
              value: words.money(posted.netValue, STORE_CURRENCY),
            })}
          </p>
        </section>
      )}
      {stocktake === null && (
        <button type="button" className="primary" data-testid="open-stocktake" onClick={open}>
          {words.t('stocktake.open')}
        </button>
      )}
      {stocktake !== undefined && stocktake !== null && (
        <OpenStocktake key={stocktake.stocktakeId} stocktake={stocktake} posted={setPosted} />
      )}
    </ScreenFrame>
  );
}
