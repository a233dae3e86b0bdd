// The sync detail panel: what this register still has to send head office — changes waiting,
// sales and their value — and the last outbox sequence written. Rejections and conflicts come
// here when the sync status reports them.
import { useSyncStatus } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { STORE_CURRENCY, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

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
      {data !== undefined && (
        <dl className="facts card">
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
      <p className="hint">{words.t('syncPanel.note')}</p>
      <button type="button" className="secondary" onClick={() => void status.refetch()}>
        {words.t('syncPanel.refresh')}
      </button>
    </ScreenFrame>
  );
}
