// Events the register core pushes to its screens (customer display included): typed, in order.
import type { CartView } from '../../app/commands';

export type RegisterEvent = { readonly type: 'cart.updated'; readonly view: CartView };

export interface EventStream<E> {
  emit(event: E): void;
  subscribe(listener: (event: E) => void): () => void;
}

export function createEventStream<E>(): EventStream<E> {
  const listeners = new Set<(event: E) => void>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
