// Starts the UI: reads the launch token, connects to the register core and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app';
import { CustomerDisplay } from './screens/customer-display';
import { ClientProvider } from './client/client-context';
import { storeCartsAsTheyCome } from './client/register-queries';
import type { RegisterBridge } from '../app/commands/socket-envelope';
import {
  createBridgeClient,
  createRegisterClient,
  socketUrlFor,
  takeLaunchToken,
} from './client/register-client';
import './styles.css';

// The customer display is the same page at #customer (with the token too, in a browser): read
// before the token is taken off the address bar, and put back so a reload stays the display.
const customerDisplay = new URLSearchParams(window.location.hash.slice(1)).has('customer');
// Electron's preload puts the bridge on window; in a plain browser the host's WebSocket serves.
const bridge = (window as { register?: RegisterBridge }).register;
const client = bridge
  ? createBridgeClient(bridge)
  : createRegisterClient(socketUrlFor(takeLaunchToken()));
if (customerDisplay) window.history.replaceState(null, '', '#customer');
// The core answers in milliseconds on this machine: a refusal is an answer, not a reason to retry.
const queries = new QueryClient({
  defaultOptions: { queries: { retry: false, staleTime: 1_000, refetchOnWindowFocus: false } },
});
if (bridge === undefined) storeCartsAsTheyCome(queries);
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <ClientProvider client={client}>
        {customerDisplay ? <CustomerDisplay /> : <App />}
      </ClientProvider>
    </QueryClientProvider>
  </StrictMode>,
);
