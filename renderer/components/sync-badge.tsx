// Always on screen: whether this register's changes have reached head office, and how many wait.
import { useSyncStatus } from '../client/register-queries';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function SyncBadge() {
  const status = useSyncStatus();
  const words = useWords();
  const pending = status.data?.unsyncedMutations;
  const state = pending === undefined ? 'unknown' : pending === 0 ? 'synced' : 'pending';
  const label =
    pending === undefined
      ? words.t('sync.unknown')
      : pending === 0
        ? words.t('sync.allSent')
        : words.t('sync.pending', { count: formatNumber(words.locale, pending) });
  return (
    <span className={`sync-badge sync-${state}`} data-testid="sync-badge" role="status">
      {label}
    </span>
  );
}
