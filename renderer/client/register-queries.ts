// The core's data as TanStack Query caches: the open cart and the sync status, kept fresh by the
// core's events and by each command's own answer, so the screen never waits on a second round trip;
// and any read command of the map (members, shift, stocktake, inventory, …) keyed by its name.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type {
  Answer,
  CartView,
  ArgsOf,
  RegisterCommandName,
  RecsView,
  RegisterCommands,
  SyncStatusView,
  ValueOf,
} from '../../app/commands';
import { useUiStore } from '../state/ui-store';
import { useClient } from './client-context';
import { useSettled } from './use-settled';

export const CART_KEY = ['checkout.current'] as const;
export const SYNC_KEY = ['sync.status'] as const;
/** `work.current` as `useCoreQuery` keys it (no arguments), so events can set it. */
export const WORK_KEY = ['work.current', {}] as const;

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

type CartNow = ValueOf<RegisterCommands, 'checkout.current'>;

/**
 * For a screen on the host's WebSocket: the open cart is stored as it comes, not compared deeply
 * with the one before. cart-wire already rebuilds each cart from the last with every unchanged
 * line the very same object, and comparing a 100-line cart again on every scan only cost time.
 * Not for Electron's bridge, which passes whole carts: there the comparison is what keeps
 * unchanged lines (and their rows) as they were. Set on the client, so the queries and the
 * events' writes (setQueryData) both follow it.
 */
export function storeCartsAsTheyCome(client: QueryClient): void {
  client.setQueryDefaults(CART_KEY, { structuralSharing: false });
}

function cartQuery(client: ReturnType<typeof useClient>) {
  return {
    queryKey: CART_KEY,
    queryFn: () => valueOf(client.send('checkout.current', {})),
  };
}

export function useCart() {
  return useQuery(cartQuery(useClient()));
}

/**
 * Only what `pick` takes from the open cart: a component that picks the same value (a primitive,
 * or null) from every scan's cart does not render again.
 */
export function useCartPart<T>(pick: (cart: CartNow) => T): T | undefined {
  return useQuery({ ...cartQuery(useClient()), select: pick }).data;
}

/**
 * A read command as a cached query, keyed `[name, args]`: invalidating `[name]` refreshes every
 * copy. A refusal arrives as `error` (a CommandRefused), for the screen to say in words.
 */
export function useCoreQuery<K extends RegisterCommandName>(
  name: K,
  args: ArgsOf<RegisterCommands, K>,
  options: { readonly enabled?: boolean; readonly refetchInterval?: number } = {},
) {
  const client = useClient();
  return useQuery<ValueOf<RegisterCommands, K>, CommandRefused>({
    queryKey: [name, args],
    queryFn: () => valueOf(client.send(name, args)),
    enabled: options.enabled ?? true,
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
  });
}

/** Marks the named commands' cached answers stale, so the screens showing them ask again. */
export function useRefresh(): (...names: RegisterCommandName[]) => void {
  const queries = useQueryClient();
  return (...names) => {
    for (const name of names) void queries.invalidateQueries({ queryKey: [name] });
  };
}

/** How long the cart must rest before its add-ons are asked again: a burst of scans asks once. */
export const SUGGESTIONS_SETTLE_MS = 250;

/**
 * Add-ons for the open cart. Keyed by the cart's active products and member, so a scan, a void or
 * a member asks again (a local lookup in the register's model, no server trip) once the cart has
 * rested SUGGESTIONS_SETTLE_MS; the strip keeps the same cart's last add-ons meanwhile. None while
 * no cart.
 */
export function useCartSuggestions(k: number) {
  const client = useClient();
  const cart = useCart().data?.cart;
  const basket =
    cart === undefined || cart === null
      ? null
      : [
          cart.cartId,
          cart.member?.memberId ?? '',
          ...cart.lines.filter((l) => l.status.kind === 'active').map((l) => l.product.id),
        ].join(' ');
  const settled = useSettled(basket, SUGGESTIONS_SETTLE_MS);
  const cartId = cart?.cartId;
  // No cart is no add-ons at once; a new cart never asks, or shows, under the last cart's key.
  const key =
    basket === null || cartId === undefined || settled?.startsWith(`${cartId} `) !== true
      ? null
      : settled;
  return useQuery<RecsView, CommandRefused>({
    queryKey: ['recs.forCart', { k }, key],
    queryFn: () => valueOf(client.send('recs.forCart', { k })),
    enabled: key !== null,
    placeholderData: (previous, previousQuery) => {
      const previousKey = previousQuery?.queryKey[2];
      return typeof previousKey === 'string' && previousKey.startsWith(`${cartId} `)
        ? previous
        : undefined;
    },
  });
}

export function useSyncStatus() {
  const client = useClient();
  return useQuery<SyncStatusView>({
    queryKey: SYNC_KEY,
    queryFn: () => valueOf(client.send('sync.status', {})),
    // Head office's acknowledgements arrive without an event: ask every 2 s (one cheap count).
    refetchInterval: 2_000,
  });
}

/**
 * Sends a command; a refusal is shown as the screen's notice (in the cashier's language) and
 * answered as undefined, so callers handle only success. Codes in `expected` are outcomes the
 * screen shows its own way (a wallet QR waiting for the customer): no notice for them.
 */
export function useCommand() {
  const client = useClient();
  const showNotice = useUiStore((s) => s.showNotice);
  const clearNotice = useUiStore((s) => s.clearNotice);
  return async <K extends RegisterCommandName>(
    name: K,
    args: ArgsOf<RegisterCommands, K>,
    options: { readonly expected?: readonly string[] } = {},
  ): Promise<ValueOf<RegisterCommands, K> | undefined> => {
    const answer = await client.send(name, args);
    if (!answer.ok) {
      if (options.expected?.includes(answer.error.code) === true) clearNotice();
      else showNotice(answer.error);
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
