// Several transitions in one go (a counter sale is paid and handed over at once), with the
// combined effects in the order they happened, so the caller still applies one transaction.
import type { Result } from '../result';
import { ok } from '../result';
import type { Order, OrderChange } from './order';
import type { OrderEffect } from './order-effects';
import type { OrderStatus } from './order-status';
import type { IllegalTransitionError, TransitionOptions } from './transition';
import { transition } from './transition';

export interface TransitionStep {
  readonly to: OrderStatus;
  readonly at: number;
}

/**
 * The legal path a counter sale walks from pending to completed. SPEC's shorthand "pending →
 * paid → completed" is not a move the transition table allows (paid may only go to processing or
 * refunding), so a counter sale walks every intermediate state at the same instant: the goods
 * are prepared, handed over and received across the counter.
 */
export const COUNTER_SALE_PATH: readonly OrderStatus[] = [
  'paid',
  'processing',
  'shipped',
  'delivered',
  'completed',
];

/**
 * Applies `steps` in turn. All or nothing: the first illegal step refuses the whole chain (its
 * error names the step index), and no effect of earlier steps is returned.
 */
export function transitionChain(
  order: Order,
  steps: readonly TransitionStep[],
  options: TransitionOptions = {},
): Result<OrderChange, IllegalTransitionError> {
  let current = order;
  const effects: OrderEffect[] = [];
  for (const [index, step] of steps.entries()) {
    const moved = transition(current, step.to, step.at, options);
    if (!moved.ok) {
      return {
        ok: false,
        error: { ...moved.error, details: { ...moved.error.details, step: index } },
      };
    }
    current = moved.value.order;
    effects.push(...moved.value.effects);
  }
  return ok({ order: current, effects });
}

/** A pending counter sale paid and completed at `at`: stock deducted, points earned, events. */
export function completeCounterSale(
  order: Order,
  at: number,
  options: TransitionOptions = {},
): Result<OrderChange, IllegalTransitionError> {
  return transitionChain(
    order,
    COUNTER_SALE_PATH.map((to) => ({ to, at })),
    options,
  );
}
