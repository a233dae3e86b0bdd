// The arithmetic of points allowances, kept apart from the SQL so it can be read and tested alone.
// A hold is granted − used points set aside for one register; the holds of a member never add up
// to more than their balance had when each was granted, so offline redemptions within them can
// take the balance below zero by at most what other channels spent meanwhile — the residue,
// written off by an adjust entry.

export interface Hold {
  readonly registerId: string;
  readonly granted: number;
  readonly used: number;
}

export function holdLeft(hold: Hold): number {
  return hold.granted - hold.used;
}

export interface TopUpInput {
  readonly balance: number;
  readonly holds: readonly Hold[];
  readonly registerId: string;
  /** Points the register wants to be able to redeem from now on. */
  readonly wanted: number;
  /** Points the register says it redeemed against this allowance, pushed or not. */
  readonly redeemed: number;
  /** Most a register may hold unspent for one member. */
  readonly cap: number;
}

/**
 * Points to add to the register's hold. What the register can still spend is granted − what it
 * redeemed (its own count may run ahead of the server's `used`: redemptions in transit); the
 * top-up brings that to min(wanted, cap), no further than the balance not already held.
 */
export function allowanceTopUp(input: TopUpInput): number {
  const mine = input.holds.find((h) => h.registerId === input.registerId);
  const spendable =
    mine === undefined ? 0 : Math.max(0, mine.granted - Math.max(mine.used, input.redeemed));
  const heldAll = input.holds.reduce((sum, h) => sum + holdLeft(h), 0);
  const free = Math.max(0, input.balance - heldAll);
  const target = Math.min(input.wanted, input.cap);
  return Math.max(0, Math.min(target - spendable, free));
}

export interface RedemptionSettlement {
  /** Points the hold covered (debited from it). */
  readonly fromHold: number;
  /** Negative balance written off by an adjust entry: never more than the hold covered. */
  readonly residue: number;
  /** Points redeemed past the hold: the register broke its limit; left negative and flagged. */
  readonly overAllowance: number;
}

/**
 * An offline redemption of `points` arriving by push. `balanceAfter` is the member's balance once
 * this redemption is booked (the sale that carries it may be booked before or after).
 */
export function settleOfflineRedemption(
  hold: Hold | undefined,
  points: number,
  balanceAfter: number,
): RedemptionSettlement {
  const fromHold = hold === undefined ? 0 : Math.min(points, Math.max(0, holdLeft(hold)));
  return {
    fromHold,
    residue: Math.min(fromHold, Math.max(0, -balanceAfter)),
    overAllowance: points - fromHold,
  };
}
