// Hands the register client to the screens and keeps the connection state in React.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { ConnectionState, RegisterClient } from './register-client';

const ClientContext = createContext<RegisterClient | null>(null);

export function ClientProvider(props: { client: RegisterClient; children: ReactNode }) {
  return <ClientContext.Provider value={props.client}>{props.children}</ClientContext.Provider>;
}

export function useClient(): RegisterClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient outside ClientProvider');
  return client;
}

export function useConnection(): ConnectionState {
  const client = useClient();
  return useSyncExternalStore(
    (changed) => client.onState(changed),
    () => client.state(),
  );
}
