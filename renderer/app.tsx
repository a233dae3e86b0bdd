// The register's UI: waits for the connection, restores who is signed in, then shows the sign-in
// or the signed-in shell (navigation, the current screen, the approval dialog). Core events, wedge
// scans and the screens' function keys are wired here, once.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useClient, useConnection } from './client/client-context';
import type { CartView } from '../app/commands';
import { CART_KEY, SYNC_KEY, WORK_KEY, setCart, useCoreQuery } from './client/register-queries';
import { ApprovalDialog } from './components/approval-dialog';
import { NavBar } from './components/nav-bar';
import { TopBar } from './components/top-bar';
import { WorkProgress } from './components/work-progress';
import { useWords } from './i18n/use-text';
import type { Screen } from './navigation/screens';
import { screenForKey } from './navigation/screens';
import { installWedgeKeyboard } from './scanning/wedge-keyboard';
import { looksLikeSwipe } from '../app/tenders';
import { takeKeyboardSwipe } from './scanning/keyboard-swipe';
import { routeScan } from './scanning/scan-route';
import { CheckoutScreen } from './screens/checkout-screen';
import { DashboardScreen } from './screens/dashboard-screen';
import { DevicesScreen } from './screens/devices-screen';
import { InventoryScreen } from './screens/inventory-screen';
import { LoginScreen } from './screens/login-screen';
import { MembersScreen } from './screens/members-screen';
import { ParkedScreen } from './screens/parked-screen';
import { ReturnsScreen } from './screens/returns-screen';
import { SearchScreen } from './screens/search-screen';
import { SettingsScreen } from './screens/settings-screen';
import { ShiftScreen } from './screens/shift-screen';
import { StocktakeScreen } from './screens/stocktake-screen';
import { SyncScreen } from './screens/sync-screen';
import { approvalStore } from './state/approval-store';
import { useDeviceStatus } from './state/device-status-store';
import { screenStore, useScreen } from './state/screen-store';
import { useUiStore } from './state/ui-store';

function useCoreWiring(): void {
  const client = useClient();
  const queries = useQueryClient();
  const connection = useConnection();
  const setSession = useUiStore((s) => s.setSession);
  useEffect(
    () =>
      client.onEvent((event) => {
        switch (event.type) {
          case 'cart.updated':
            setCart(queries, event.view);
            return;
          case 'card.progress':
            useDeviceStatus.getState().cardProgress(event.progress);
            return;
          case 'printer.status':
            useDeviceStatus.getState().printerStatus(event.status);
            return;
          case 'sync.status':
            // The badge's figures as the core pushes them (it also asks every 2 s).
            queries.setQueryData(SYNC_KEY, event.status);
            return;
          case 'sale.completed':
            // The sale now waits in the outbox and counts on the dashboard.
            void queries.invalidateQueries({ queryKey: SYNC_KEY });
            void queries.invalidateQueries({ queryKey: ['reports.dashboard'] });
            return;
          case 'wallet.progress': {
            useDeviceStatus.getState().walletProgress(event.progress);
            // A payment confirmed after its command answered "pending" lands on the sale here.
            const outcome = event.progress.outcome;
            if (outcome?.status === 'partial') setCart(queries, outcome.cart);
            else if (outcome?.status === 'completed') {
              const open = queries.getQueryData<CartView | null>(CART_KEY);
              setCart(queries, null);
              useUiStore.getState().setLastSale({
                sale: outcome.sale,
                currency: open?.cart.currency ?? 'CNY',
              });
              void queries.invalidateQueries({ queryKey: SYNC_KEY });
            }
            return;
          }
          case 'work.progress':
            // The bar under the top bar follows the work; a finished one takes it away.
            queries.setQueryData(WORK_KEY, event.progress.finished ? null : event.progress);
            return;
          case 'input.refused':
            // A serial scan or a swipe no screen sent: said on whichever screen is up.
            useUiStore.getState().showNotice(event.error);
            return;
          default: {
            const unknown: never = event;
            throw new Error(`Unhandled core event ${JSON.stringify(unknown)}`);
          }
        }
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
        // A keyboard-mode card reader's swipe is read here, never sent as a scan.
        onScan: (code) => {
          if (!looksLikeSwipe(code)) {
            routeScan(code);
            return;
          }
          void takeKeyboardSwipe(code, {
            send: client.send,
            signedIn: () => useUiStore.getState().session !== null,
            showNotice: (notice) => useUiStore.getState().showNotice(notice),
            setCart: (view) => setCart(queries, view),
          });
        },
        // Each screen marks the field where typed keys belong when focus is on no field.
        homeField: () => document.querySelector<HTMLInputElement>('[data-home-field]'),
      }),
    [client, queries],
  );
}

/** F-keys open screens; Escape goes back to the sale. Not while the approval dialog is open. */
function useScreenKeys(): void {
  useEffect(() => {
    const go = (screen: Screen): void => {
      useUiStore.getState().clearNotice();
      screenStore.getState().go(screen);
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (approvalStore.getState().request !== null) return;
      const target = screenForKey(event);
      if (target !== undefined) {
        // F1 (help), F3 (find), F10 (menu) would otherwise do the browser's thing.
        event.preventDefault();
        go(target);
      } else if (event.key === 'Escape' && screenStore.getState().screen !== 'checkout') {
        event.preventDefault();
        go('checkout');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function CurrentScreen(props: { screen: Screen }) {
  switch (props.screen) {
    case 'checkout':
      return <CheckoutScreen />;
    case 'search':
      return <SearchScreen />;
    case 'members':
      return <MembersScreen />;
    case 'returns':
      return <ReturnsScreen />;
    case 'parked':
      return <ParkedScreen />;
    case 'stocktake':
      return <StocktakeScreen />;
    case 'shift':
      return <ShiftScreen />;
    case 'inventory':
      return <InventoryScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'devices':
      return <DevicesScreen />;
  }
}

/** The store's language is the screens' default until someone picks one on this browser. */
function useStoreLanguage(): void {
  const settings = useCoreQuery('settings.get', {});
  const language = settings.data?.settings.language;
  useEffect(() => {
    if (language !== undefined) useUiStore.getState().applyStoreLanguage(language);
  }, [language]);
}

function SignedIn() {
  useScreenKeys();
  useStoreLanguage();
  const { screen } = useScreen();
  return (
    <>
      <NavBar />
      <CurrentScreen screen={screen} />
      <ApprovalDialog />
    </>
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
      body = session === null ? <LoginScreen /> : <SignedIn />;
      break;
  }
  return (
    <div className="register" data-connection={connection.kind}>
      <TopBar />
      {connection.kind === 'open' && session !== null && <WorkProgress />}
      {body}
    </div>
  );
}
