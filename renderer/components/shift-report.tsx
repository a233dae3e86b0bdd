// An X or Z report on screen: sales, refunds, tender mix, the drawer's expected cash and, when
// counted, how far the count is over or short.
import type { XReport, ZReport } from '../../app/shift';
import { TENDER_KINDS } from '../../app/tenders';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function ShiftReport(props: { report: XReport | ZReport }) {
  const words = useWords();
  const { report } = props;
  const { figures } = report;
  const money = (m: { amount: number; currency: string }) => words.money(m.amount, m.currency);
  const row = (label: string, value: string, testId?: string) => (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
  return (
    <section className="card report" data-testid={`${report.kind}-report`} aria-live="polite">
      <h2>
        {report.kind === 'z'
          ? words.t('shift.zHeading', { number: report.zNumber })
          : words.t('shift.xHeading')}
      </h2>
      <p className="hint">
        {formatDateTime(words.locale, report.openedAt)} – {formatDateTime(words.locale, report.at)}
      </p>
      <dl className="facts">
        {row(words.t('shift.saleCount'), formatNumber(words.locale, figures.saleCount))}
        {row(words.t('shift.grossSales'), money(figures.grossSales))}
        {row(words.t('totals.discounts'), money(figures.discounts))}
        {row(words.t('shift.netSales'), money(figures.netSales), 'report-net-sales')}
        {row(words.t('shift.refunds'), money(figures.refunds))}
        {TENDER_KINDS.filter((kind) => figures.salesByTender[kind].amount !== 0).map((kind) => (
          <div key={kind} className="facts-row">
            <dt>{words.t(`tenderKind.${kind}`)}</dt>
            <dd>{money(figures.salesByTender[kind])}</dd>
          </div>
        ))}
        {row(words.t('shift.float'), money(figures.cash.openingFloat))}
        {row(words.t('shift.paidIn'), money(figures.cash.paidIn))}
        {row(words.t('shift.paidOut'), money(figures.cash.paidOut))}
        {row(words.t('shift.expectedCash'), money(figures.cash.expected), 'report-expected')}
        {figures.cashCount.kind === 'counted' && (
          <>
            {row(words.t('shift.countedCash'), money(figures.cashCount.counted))}
            {row(
              words.t(`shift.outcome.${figures.cashCount.outcome}`),
              money(figures.cashCount.variance),
              'report-variance',
            )}
          </>
        )}
        {row(
          words.t('shift.unsynced'),
          words.t('shift.unsyncedValue', {
            count: formatNumber(words.locale, figures.unsynced.count),
            value: money(figures.unsynced.value),
          }),
        )}
      </dl>
    </section>
  );
}
