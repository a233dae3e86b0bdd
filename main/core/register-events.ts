// Events the register core pushes to its screens (customer display included): typed, in order.
// The union is declared with the views in app/commands, so the screens share it.
import type { CoreEvent } from '../../app/commands';

export type RegisterEvent = CoreEvent;

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
