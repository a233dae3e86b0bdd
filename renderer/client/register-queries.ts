// The core's data as TanStack Query caches: the open cart and the sync status, kept fresh by the
// core's events and by each command's own answer, so the screen never waits on a second round trip.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type {
  Answer,
  CartView,
  ArgsOf,
  RegisterCommandName,
  RegisterCommands,
  SyncStatusView,
  ValueOf,
} from '../../app/commands';
import { useUiStore } from '../state/ui-store';
import { useClient } from './client-context';

export const CART_KEY = ['checkout.current'] as const;
export const SYNC_KEY = ['sync.status'] as const;

/** A refusal carried through TanStack Query's error channel. */
export class CommandRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function valueOf<T>(answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new CommandRefused(a.error.code, a.error.message);
  return a.value;
}

export function useCart() {
  const client = useClient();
  return useQuery({
    queryKey: CART_KEY,
    queryFn: () => valueOf(client.send('checkout.current', {})),
  });
}

export function useSyncStatus() {
  const client = useClient();
  return useQuery<SyncStatusView>({
    queryKey: SYNC_KEY,
    queryFn: () => valueOf(client.send('sync.status', {})),
    refetchInterval: 5_000,
  });
}

/**
 * Sends a command; a refusal is shown as the screen's notice (in the cashier's language) and
 * answered as undefined, so callers handle only success.
 */
export function useCommand() {
  const client = useClient();
  const showNotice = useUiStore((s) => s.showNotice);
  const clearNotice = useUiStore((s) => s.clearNotice);
  return async <K extends RegisterCommandName>(
    name: K,
    args: ArgsOf<RegisterCommands, K>,
  ): Promise<ValueOf<RegisterCommands, K> | undefined> => {
    const answer = await client.send(name, args);
    if (!answer.ok) {
      showNotice(answer.error);
      return undefined;
    }
    clearNotice();
    return answer.value;
  };
}

export function setCart(queries: QueryClient, view: CartView | null): void {
  queries.setQueryData(CART_KEY, view);
}

export function useSetCart(): (view: CartView | null) => void {
  const queries = useQueryClient();
  return (view) => setCart(queries, view);
}
