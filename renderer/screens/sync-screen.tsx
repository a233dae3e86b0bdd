// The sync detail panel: whether head office answers and when it last did, the last error, what
// this register still has to send (changes, sales and their value, the last sequence written),
// the changes head office refused or flagged with its reasons, a clock that disagrees with head
// office's, and a note to update when either side's version asks for it.
import type { SyncStatusView } from '../../app/commands';
import { useSyncStatus } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { HeldLeases } from '../components/held-leases';
import { StoreRegisters } from '../components/store-registers';
import { connectionWord } from '../components/sync-badge';
import { STORE_CURRENCY, formatDateTime, formatNumber } from '../i18n/format';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';

function clockWords(words: Words, skew: SyncStatusView['clockSkew']): string {
  if (skew === null) return words.t('syncPanel.clockOk');
  const seconds = formatNumber(words.locale, Math.round(Math.abs(skew.offsetMs) / 1000));
  return words.t(skew.offsetMs > 0 ? 'syncPanel.clockAhead' : 'syncPanel.clockBehind', {
    seconds,
  });
}

function Attention(props: { data: SyncStatusView }) {
  const words = useWords();
  const { attention } = props.data;
  if (attention.length === 0) return <p className="hint">{words.t('syncPanel.noAttention')}</p>;
  return (
    <ul className="sync-attention" data-testid="sync-attention">
      {attention.map((item) => (
        <li key={item.mutationId} data-status={item.status}>
          <span className={`tag${item.status === 'rejected' ? ' warn' : ''}`}>
            {words.t(`syncPanel.status.${item.status}`)}
          </span>{' '}
          {words.t('syncPanel.change', { seq: formatNumber(words.locale, item.seq) })}:{' '}
          {item.reason}
        </li>
      ))}
    </ul>
  );
}

export function SyncScreen() {
  const words = useWords();
  const status = useSyncStatus();
  const n = (value: number) => formatNumber(words.locale, value);
  const data = status.data;
  return (
    <ScreenFrame title={words.t('syncPanel.heading')} testId="sync-screen">
      {status.error !== null && (
        <p className="notice" role="alert">
          {words.t('sync.unknown')}
        </p>
      )}
      {data?.updateAdvised === true && (
        <p className="notice" role="alert" data-testid="sync-update-advised">
          {words.t('syncPanel.updateAdvised')}
        </p>
      )}
      {data?.serverTooOld === true && (
        <p className="notice" role="alert" data-testid="sync-server-too-old">
          {words.t('syncPanel.serverTooOld')}
        </p>
      )}
      {data !== undefined && (
        <dl className="facts card">
          <dt>{words.t('syncPanel.connection')}</dt>
          <dd data-testid="sync-connection-detail">{words.t(connectionWord(data, true))}</dd>
          <dt>{words.t('syncPanel.lastSuccess')}</dt>
          <dd data-testid="sync-last-success">
            {data.lastSuccessAt === null
              ? words.t('syncPanel.never')
              : formatDateTime(words.locale, data.lastSuccessAt)}
          </dd>
          <dt>{words.t('syncPanel.lastError')}</dt>
          <dd data-testid="sync-last-error">
            {data.lastError === null
              ? words.t('syncPanel.noError')
              : words.t('syncPanel.errorAt', {
                  message: words.error(data.lastError),
                  code: data.lastError.code,
                  at: formatDateTime(words.locale, data.lastError.at),
                })}
          </dd>
          <dt>{words.t('syncPanel.clockSkew')}</dt>
          <dd data-testid="sync-clock">{clockWords(words, data.clockSkew)}</dd>
          <dt>{words.t('syncPanel.pendingChanges')}</dt>
          <dd data-testid="sync-pending">{n(data.unsyncedMutations)}</dd>
          <dt>{words.t('syncPanel.pendingSales')}</dt>
          <dd data-testid="sync-pending-sales">{n(data.unsyncedSales)}</dd>
          <dt>{words.t('syncPanel.pendingValue')}</dt>
          <dd data-testid="sync-pending-value">
            {words.money(data.unsyncedSalesValue, STORE_CURRENCY)}
          </dd>
          <dt>{words.t('syncPanel.lastSeq')}</dt>
          <dd data-testid="sync-last-seq">{n(data.lastSeq)}</dd>
        </dl>
      )}
      {data !== undefined && data.pullWaiting.length > 0 && (
        <p className="hint" data-testid="sync-pull-waiting">
          {words.t('syncPanel.pullWaiting', { streams: data.pullWaiting.join(', ') })}
        </p>
      )}
      {data !== undefined && (
        <section className="card">
          <h3>{words.t('syncPanel.attention')}</h3>
          <Attention data={data} />
        </section>
      )}
      {data?.linked === true && (
        <section className="card">
          <h2>{words.t('storeRegisters.heading')}</h2>
          <StoreRegisters status={data} />
        </section>
      )}
      {data?.linked === true && (
        <section className="card">
          <h2>{words.t('leases.heading')}</h2>
          <HeldLeases status={data} />
        </section>
      )}
      <p className="hint">{words.t('syncPanel.note')}</p>
      <button type="button" className="secondary" onClick={() => void status.refetch()}>
        {words.t('syncPanel.refresh')}
      </button>
    </ScreenFrame>
  );
}
