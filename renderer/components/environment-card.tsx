// The store's sensors on the dashboard: each one's latest reading in °C or % RH, when it was read,
// the range it is kept in, and an alert while it is outside it. Read every 15 s.
import type { SensorView } from '../../app/commands';
import { useCoreQuery } from '../client/register-queries';
import { formatDateTime } from '../i18n/format';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';

function value(words: Words, kind: SensorView['kind'], milli: number): string {
  const number = new Intl.NumberFormat(words.locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(milli / 1000);
  return kind === 'temperature' ? `${number} °C` : `${number} %`;
}

export function EnvironmentCard() {
  const words = useWords();
  const sensors = useCoreQuery('reports.environment', {}, { refetchInterval: 15_000 });
  const list = sensors.data?.sensors ?? [];
  return (
    <section className="card" data-testid="dash-environment">
      <h2>{words.t('dashboard.environment')}</h2>
      {list.length === 0 ? (
        <p className="hint">{words.t('dashboard.noSensors')}</p>
      ) : (
        <ul className="sensors">
          {list.map((s) => (
            <li
              key={`${s.sensorId}-${s.kind}`}
              data-testid="sensor"
              data-sensor={s.sensorId}
              data-alert={s.alert}
              className={s.alert ? 'sensor alert' : 'sensor'}
            >
              <span className="name">
                {s.sensorId} · {words.t(`dashboard.sensor.${s.kind}`)}
              </span>
              <strong className="num" data-testid="sensor-value">
                {value(words, s.kind, s.milli)}
              </strong>
              <span className="hint">
                {s.range === null
                  ? formatDateTime(words.locale, s.at)
                  : words.t('dashboard.sensorRange', {
                      min: value(words, s.kind, s.range.min),
                      max: value(words, s.kind, s.range.max),
                      at: formatDateTime(words.locale, s.at),
                    })}
              </span>
              {s.alert && (
                <span className="tag warn" role="alert">
                  {words.t('dashboard.sensorAlert')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
