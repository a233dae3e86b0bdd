// How customers paid, as one SVG bar split by tender (largest first) with a legend of amounts
// and shares.
import type { DashboardTender } from '../../app/commands';
import type { Words } from '../i18n/use-text';

const WIDTH = 600;
const HEIGHT = 36;

export function TenderMixChart(props: {
  mix: readonly DashboardTender[];
  currency: string;
  words: Words;
}) {
  const { mix, currency, words } = props;
  const total = mix.reduce((sum, t) => sum + t.amount, 0);
  if (total <= 0) return null;
  let x = 0;
  return (
    <div className="tender-mix">
      <svg
        className="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={words.t('dashboard.tenderMix')}
        data-testid="tender-chart"
      >
        {mix.map((t) => {
          const width = (t.amount / total) * WIDTH;
          const rect = (
            <rect
              key={t.kind}
              x={x}
              y={0}
              width={width}
              height={HEIGHT}
              className={`slice tender-${t.kind}`}
            >
              <title>{words.t(`tenderKind.${t.kind}`)}</title>
            </rect>
          );
          x += width;
          return rect;
        })}
      </svg>
      <ul className="legend" data-testid="tender-mix">
        {mix.map((t) => (
          <li key={t.kind} data-kind={t.kind}>
            <span className={`swatch tender-${t.kind}`} aria-hidden />
            {words.t(`tenderKind.${t.kind}`)}{' '}
            <strong data-testid={`tender-${t.kind}`}>{words.money(t.amount, currency)}</strong> (
            {Math.round((t.amount / total) * 100)}% · {t.count})
          </li>
        ))}
      </ul>
    </div>
  );
}
