// Sales by hour of the store day as plain SVG bars: the takings per hour, the opening hours that
// had sales labelled, the peak marked. Scales to its box; screen readers get a sentence instead.
import type { DashboardHour } from '../../app/commands';
import type { Words } from '../i18n/use-text';

const WIDTH = 720;
const HEIGHT = 200;
const AXIS = 22;

export function SalesByHourChart(props: {
  hours: readonly DashboardHour[];
  currency: string;
  words: Words;
}) {
  const { hours, currency, words } = props;
  const peak = Math.max(1, ...hours.map((h) => h.value));
  const slot = WIDTH / hours.length;
  const summary = hours
    .filter((h) => h.sales > 0)
    .map((h) => `${h.hour}:00 ${words.money(h.value, currency)}`)
    .join(', ');
  return (
    <svg
      className="chart hour-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
      role="img"
      aria-label={words.t('dashboard.hourChart', { summary: summary || '—' })}
      data-testid="hour-chart"
    >
      <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis" />
      {hours.map((h) => {
        const height = Math.round((h.value / peak) * (HEIGHT - 8));
        const x = h.hour * slot;
        return (
          <g key={h.hour} data-hour={h.hour} data-sales={h.sales} data-value={h.value}>
            {h.value > 0 && (
              <rect
                x={x + 3}
                y={HEIGHT - height}
                width={slot - 6}
                height={height}
                className={h.value === peak ? 'bar peak' : 'bar'}
              >
                <title>{`${h.hour}:00 · ${h.sales} · ${words.money(h.value, currency)}`}</title>
              </rect>
            )}
            {h.hour % 3 === 0 && (
              <text x={x + slot / 2} y={HEIGHT + 16} textAnchor="middle" className="tick">
                {h.hour}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
