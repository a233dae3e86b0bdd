// Always on screen: whether head office can be reached (online / offline, from the core's own
// connection state), and how many of this register's changes still wait to reach it. A tap opens
// the sync detail panel.
import type { SyncStatusView } from '../../app/commands';
import { useSyncStatus } from '../client/register-queries';
import { useNavigate } from '../navigation/use-navigate';
import { formatNumber } from '../i18n/format';
import type { MessageKey } from '../i18n/messages';
import { useWords } from '../i18n/use-text';

/**
 * The word for the connection. A register with no server reaches nobody: the badge says offline,
 * the panel (`detail`) says why.
 */
export function connectionWord(status: SyncStatusView, detail = false): MessageKey {
  if (!status.linked) return detail ? 'sync.notLinked' : 'sync.offline';
  switch (status.connection) {
    case 'online':
      return 'sync.online';
    case 'offline':
      return 'sync.offline';
    case 'blocked':
      return 'sync.blocked';
    case 'unknown':
      return 'sync.connecting';
  }
}

export function SyncBadge() {
  const status = useSyncStatus();
  const words = useWords();
  const navigate = useNavigate();
  const data = status.data;
  const pending = data?.unsyncedMutations;
  const state = pending === undefined ? 'unknown' : pending === 0 ? 'synced' : 'pending';
  const label =
    pending === undefined
      ? words.t('sync.unknown')
      : pending === 0
        ? words.t('sync.allSent')
        : words.t('sync.pending', { count: formatNumber(words.locale, pending) });
  const connection = data === undefined ? undefined : data.linked ? data.connection : 'offline';
  return (
    <button
      type="button"
      className={`sync-badge sync-${state}`}
      data-testid="sync-badge"
      data-state={state}
      {...(connection === undefined ? {} : { 'data-connection': connection })}
      aria-live="polite"
      title={words.t('sync.openPanel')}
      onClick={() => navigate('sync')}
    >
      {data !== undefined && (
        <span className={`sync-connection conn-${connection}`} data-testid="sync-connection">
          {words.t(connectionWord(data))}
        </span>
      )}
      {label}
    </button>
  );
}
