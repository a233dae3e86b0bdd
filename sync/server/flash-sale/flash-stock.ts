// The fast store of flash-sale units (layers 2–4 of SPEC §1): units pre-warmed before the start,
// an atomic check-and-decrement that also enforces the per-member limit, units given back, and
// the per-activity one-second window counter. In process by default; Redis for many instances.

export type ReserveOutcome =
  | { readonly kind: 'reserved'; readonly left: number }
  | { readonly kind: 'soldOut' }
  /** The member already holds `held` of the `limit` each member may buy. */
  | { readonly kind: 'limitExceeded'; readonly held: number; readonly limit: number }
  /** The sale's units were never pre-warmed into this store. */
  | { readonly kind: 'notWarmed' };

/** What one step of counting the attempt and reserving gives: over the window, nothing reserved. */
export type WindowedReserveOutcome = ReserveOutcome | { readonly kind: 'window' };

export interface WindowedReserve {
  readonly saleId: string;
  readonly memberId: string;
  readonly quantity: number;
  readonly perMemberLimit: number;
  /** The window's second, and the attempts it admits (this one included). */
  readonly second: number;
  readonly windowLimit: number;
}

export interface FlashStock {
  /**
   * Loads a sale's units left and what each member holds, unless already loaded (another
   * instance may have warmed it and sold since: its figures win).
   */
  prewarm(
    saleId: string,
    unitsLeft: number,
    heldByMember: ReadonlyMap<string, number>,
  ): Promise<void>;
  /** Check-and-decrement in one step: never below zero, never past the member's limit. */
  reserve(
    saleId: string,
    memberId: string,
    quantity: number,
    perMemberLimit: number,
  ): Promise<ReserveOutcome>;
  /** Units of an expired or failed reservation go back, to the sale and to the member's limit. */
  giveBack(saleId: string, memberId: string, quantity: number): Promise<void>;
  unitsLeft(saleId: string): Promise<number | undefined>;
  /** Counts one attempt in the sale's window for `second`; returns the count so far. */
  countAttempt(saleId: string, second: number): Promise<number>;
  /**
   * countAttempt then, within the window's limit, reserve — as one step: for a shared store, one
   * round trip on the path nearly every request takes.
   */
  reserveInWindow(request: WindowedReserve): Promise<WindowedReserveOutcome>;
  close(): Promise<void>;
}

interface SaleUnits {
  left: number;
  readonly held: Map<string, number>;
}

/** One process's counters: exact, since JavaScript runs one reservation at a time. */
export function createMemoryFlashStock(): FlashStock {
  const sales = new Map<string, SaleUnits>();
  const windows = new Map<string, { second: number; count: number }>();
  function reserve(
    saleId: string,
    memberId: string,
    quantity: number,
    perMemberLimit: number,
  ): ReserveOutcome {
    const sale = sales.get(saleId);
    if (sale === undefined) return { kind: 'notWarmed' };
    if (sale.left < quantity) return { kind: 'soldOut' };
    const held = sale.held.get(memberId) ?? 0;
    if (held + quantity > perMemberLimit) {
      return { kind: 'limitExceeded', held, limit: perMemberLimit };
    }
    sale.left -= quantity;
    sale.held.set(memberId, held + quantity);
    return { kind: 'reserved', left: sale.left };
  }
  function countAttempt(saleId: string, second: number): number {
    const window = windows.get(saleId);
    if (window === undefined || window.second !== second) {
      windows.set(saleId, { second, count: 1 });
      return 1;
    }
    window.count += 1;
    return window.count;
  }
  return {
    prewarm(saleId, unitsLeft, heldByMember) {
      if (!sales.has(saleId)) sales.set(saleId, { left: unitsLeft, held: new Map(heldByMember) });
      return Promise.resolve();
    },
    reserve(saleId, memberId, quantity, perMemberLimit) {
      return Promise.resolve(reserve(saleId, memberId, quantity, perMemberLimit));
    },
    giveBack(saleId, memberId, quantity) {
      const sale = sales.get(saleId);
      if (sale !== undefined) {
        sale.left += quantity;
        const held = (sale.held.get(memberId) ?? 0) - quantity;
        if (held > 0) sale.held.set(memberId, held);
        else sale.held.delete(memberId);
      }
      return Promise.resolve();
    },
    unitsLeft(saleId) {
      return Promise.resolve(sales.get(saleId)?.left);
    },
    countAttempt(saleId, second) {
      return Promise.resolve(countAttempt(saleId, second));
    },
    reserveInWindow(r) {
      if (countAttempt(r.saleId, r.second) > r.windowLimit) {
        return Promise.resolve({ kind: 'window' });
      }
      return Promise.resolve(reserve(r.saleId, r.memberId, r.quantity, r.perMemberLimit));
    },
    close() {
      return Promise.resolve();
    },
  };
}
