// The bar over every screen: the register's name, who is signed in, the clock, sync and language.
import { useEffect, useState } from 'react';
import { useClient } from '../client/client-context';
import { formatDateTime } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { screenStore } from '../state/screen-store';
import { useUiStore } from '../state/ui-store';
import { LocaleSwitch } from './locale-switch';
import { SyncBadge } from './sync-badge';

function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function TopBar() {
  const words = useWords();
  const session = useUiStore((s) => s.session);
  const setSession = useUiStore((s) => s.setSession);
  const client = useClient();
  const now = useMinuteClock();
  return (
    <header className="top-bar">
      <strong className="brand">{words.t('app.title')}</strong>
      {session && (
        <span className="staff" data-testid="staff">
          {session.name} · {words.t(`role.${session.role}`)}
        </span>
      )}
      <span className="clock">{formatDateTime(words.locale, now)}</span>
      <span className="spacer" />
      {session && <SyncBadge />}
      <LocaleSwitch />
      {session && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            // The next person starts at checkout, not on the screen this one left open.
            void client.send('auth.logout', {}).then(() => {
              setSession(null);
              screenStore.getState().go('checkout');
            });
          }}
        >
          {words.t('top.signOut')}
        </button>
      )}
    </header>
  );
}
