// The manager dashboard (supervisors and managers): today's takings and sales, sales by hour, how
// customers paid, the best sellers, what runs low, and how far this register's changes have reached
// head office, and the store's sensors. One `reports.dashboard` read, refreshed every 30 s and
// after each sale; the sensors their own read every 15 s.
import { useCoreQuery, useSyncStatus } from '../client/register-queries';
import { EnvironmentCard } from '../components/environment-card';
import { ScreenFrame } from '../components/screen-frame';
import { StoreRegisters } from '../components/store-registers';
import { SalesByHourChart } from '../components/sales-by-hour-chart';
import { TenderMixChart } from '../components/tender-mix-chart';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function DashboardScreen() {
  const words = useWords();
  const board = useCoreQuery('reports.dashboard', {}, { refetchInterval: 30_000 });
  const sync = useSyncStatus();
  const data = board.data;
  const n = (value: number) => formatNumber(words.locale, value);
  return (
    <ScreenFrame title={words.t('dashboard.heading')} testId="dashboard-screen">
      {board.error !== null && (
        <p className="notice" role="alert" data-code={board.error.code}>
          {words.error(board.error)}
        </p>
      )}
      {data !== undefined && (
        <div className="dashboard">
          <dl className="figures card">
            <div>
              <dt>{words.t('dashboard.value')}</dt>
              <dd data-testid="dash-value">{words.money(data.totals.value, data.currency)}</dd>
            </div>
            <div>
              <dt>{words.t('dashboard.sales')}</dt>
              <dd data-testid="dash-sales">{n(data.totals.sales)}</dd>
            </div>
            <div>
              <dt>{words.t('dashboard.items')}</dt>
              <dd data-testid="dash-items">{n(data.totals.items)}</dd>
            </div>
            <div>
              <dt>{words.t('dashboard.basket')}</dt>
              <dd>
                {words.money(
                  data.totals.sales === 0 ? 0 : Math.round(data.totals.value / data.totals.sales),
                  data.currency,
                )}
              </dd>
            </div>
            <div>
              <dt>{words.t('dashboard.refunds')}</dt>
              <dd>
                {n(data.totals.refunds)} · {words.money(data.totals.refundValue, data.currency)}
              </dd>
            </div>
          </dl>

          <section className="card wide">
            <h2>
              {words.t('dashboard.byHour')} · {data.date}
            </h2>
            {data.totals.sales === 0 ? (
              <p className="hint">{words.t('dashboard.noSales')}</p>
            ) : (
              <SalesByHourChart hours={data.byHour} currency={data.currency} words={words} />
            )}
          </section>

          <section className="card">
            <h2>{words.t('dashboard.tenderMix')}</h2>
            <TenderMixChart mix={data.tenderMix} currency={data.currency} words={words} />
          </section>

          <section className="card">
            <h2>{words.t('dashboard.topProducts')}</h2>
            <ol className="top-products" data-testid="top-products">
              {data.topProducts.map((p) => {
                const best = data.topProducts[0]?.value ?? 1;
                return (
                  <li key={p.productId} data-gtin={p.gtin14}>
                    <span className="name">{p.name}</span>
                    <svg className="chart inline" viewBox="0 0 100 10" aria-hidden>
                      <rect x={0} y={0} height={10} width={(100 * p.value) / Math.max(best, 1)} />
                    </svg>
                    <span className="num">
                      {p.soldBy === 'each'
                        ? `×${n(p.quantity)}`
                        : words.t('cart.grams', { grams: n(p.quantity) })}{' '}
                      {words.money(p.value, data.currency)}
                    </span>
                  </li>
                );
              })}
            </ol>
          </section>

          <section className="card">
            <h2>{words.t('dashboard.lowStock', { count: n(data.lowStock.count) })}</h2>
            {data.lowStock.items.length === 0 ? (
              <p className="hint">{words.t('inventory.noneLow')}</p>
            ) : (
              <ul className="low-stock" data-testid="dash-low-stock">
                {data.lowStock.items.map((item) => (
                  <li key={item.productId}>
                    <span className="name">{item.name}</span>
                    <span className="num">
                      {words.t('inventory.available')} {n(item.available)} /{' '}
                      {words.t('inventory.safety')} {n(item.safety)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <EnvironmentCard />

          <section className="card">
            <h2>{words.t('storeRegisters.heading')}</h2>
            <StoreRegisters status={sync.data} />
          </section>

          <section className="card">
            <h2>{words.t('dashboard.sync')}</h2>
            <dl className="facts" data-testid="dash-sync">
              <dt>{words.t('dashboard.register')}</dt>
              <dd>{data.sync.registerId}</dd>
              <dt>{words.t('dashboard.pending')}</dt>
              <dd data-testid="dash-pending">{n(data.sync.unsyncedMutations)}</dd>
              <dt>{words.t('dashboard.lastSeq')}</dt>
              <dd>{n(data.sync.lastSeq)}</dd>
              <dt>{words.t('dashboard.lastAcked')}</dt>
              <dd>{n(data.sync.lastAckedSeq)}</dd>
              <dt>{words.t('dashboard.lastAckedAt')}</dt>
              <dd>
                {data.sync.lastAckedAt === null
                  ? words.t('dashboard.never')
                  : formatDateTime(words.locale, data.sync.lastAckedAt)}
              </dd>
            </dl>
          </section>
        </div>
      )}
      <button type="button" className="secondary" onClick={() => void board.refetch()}>
        {words.t('dashboard.refresh')}
      </button>
    </ScreenFrame>
  );
}
