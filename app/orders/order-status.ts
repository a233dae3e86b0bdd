// The nine order states of SPEC §3 and the only moves allowed between them.

/** Every state an order can be in, in the order SPEC lists them. */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refunding',
  'refunded',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The allowed moves, and no others. Goods can be returned from any state after payment, so every
 * paid state may go to `refunding`; `cancelled` and `refunded` are final.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['processing', 'refunding'],
  processing: ['shipped', 'refunding'],
  shipped: ['delivered', 'refunding'],
  delivered: ['completed', 'refunding'],
  completed: ['refunding'],
  cancelled: [],
  refunding: ['refunded'],
  refunded: [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/**
 * Whether an order in `from` may move to `to`. Checked at run time as well, so a status read
 * from storage or the wire with an unknown name is refused rather than trusted.
 */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (!isOrderStatus(from) || !isOrderStatus(to)) return false;
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** States from which no move is possible. */
export function isFinalStatus(status: OrderStatus): boolean {
  return ALLOWED_TRANSITIONS[status].length === 0;
}
