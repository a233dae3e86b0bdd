// Always on screen: whether this register's changes have reached head office, and how many wait.
// A tap opens the sync detail panel.
import { useSyncStatus } from '../client/register-queries';
import { useNavigate } from '../navigation/use-navigate';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function SyncBadge() {
  const status = useSyncStatus();
  const words = useWords();
  const navigate = useNavigate();
  const pending = status.data?.unsyncedMutations;
  const state = pending === undefined ? 'unknown' : pending === 0 ? 'synced' : 'pending';
  const label =
    pending === undefined
      ? words.t('sync.unknown')
      : pending === 0
        ? words.t('sync.allSent')
        : words.t('sync.pending', { count: formatNumber(words.locale, pending) });
  return (
    <button
      type="button"
      className={`sync-badge sync-${state}`}
      data-testid="sync-badge"
      data-state={state}
      aria-live="polite"
      title={words.t('sync.openPanel')}
      onClick={() => navigate('sync')}
    >
      {label}
    </button>
  );
}
