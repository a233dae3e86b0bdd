// The register's UI: waits for the connection, restores who is signed in, then shows the sign-in
// or the checkout screen. Core events and wedge scans are wired here, once.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useClient, useConnection } from './client/client-context';
import { setCart } from './client/register-queries';
import { TopBar } from './components/top-bar';
import { useWords } from './i18n/use-text';
import { installWedgeKeyboard } from './scanning/wedge-keyboard';
import { routeScan } from './scanning/scan-route';
import { CheckoutScreen } from './screens/checkout-screen';
import { LoginScreen } from './screens/login-screen';
import { useUiStore } from './state/ui-store';

function useCoreWiring(): void {
  const client = useClient();
  const queries = useQueryClient();
  const connection = useConnection();
  const setSession = useUiStore((s) => s.setSession);
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'cart.updated') setCart(queries, event.view);
      }),
    [client, queries],
  );
  // After a reload or a reconnect the core still knows who is signed in: ask it.
  useEffect(() => {
    if (connection.kind !== 'open') return;
    void client.send('auth.session', {}).then((answer) => {
      if (answer.ok) setSession(answer.value);
    });
    void queries.invalidateQueries();
  }, [client, connection.kind, queries, setSession]);
  useEffect(
    () =>
      installWedgeKeyboard({
        onScan: routeScan,
        homeField: () => document.querySelector<HTMLInputElement>('#scan-field'),
      }),
    [],
  );
}

export function App() {
  useCoreWiring();
  const connection = useConnection();
  const session = useUiStore((s) => s.session);
  const words = useWords();
  useEffect(() => {
    document.documentElement.lang = words.locale;
    document.title = words.t('app.title');
  }, [words]);

  let body;
  switch (connection.kind) {
    case 'refused':
      body = (
        <main className="blocked" role="alert" data-testid="refused">
          <h1>{words.t('connection.refused')}</h1>
          <p>{words.t('connection.refusedHelp')}</p>
          <p className="detail">{connection.reason}</p>
        </main>
      );
      break;
    case 'connecting':
    case 'lost':
      body = (
        <main className="blocked" role="status">
          <p>{words.t(connection.kind === 'lost' ? 'connection.lost' : 'connection.connecting')}</p>
        </main>
      );
      break;
    case 'open':
      body = session === null ? <LoginScreen /> : <CheckoutScreen />;
      break;
  }
  return (
    <div className="register" data-connection={connection.kind}>
      <TopBar />
      {body}
    </div>
  );
}
