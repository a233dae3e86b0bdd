// How many units of a flash sale a register may sell at the flash price to the cart's member
// now: only to a member (the per-member limit needs one), only what is left of the member's
// limit after what they bought here, and only what the register can take from its lease. The
// rest of the cart's units are priced at the shelf price, never refused: the pricing engine
// prices the units past this figure as ordinary ones.
export interface TillFlashState {
  /** Units the register's lease can still sell now (0 without a usable lease). */
  readonly leaseLeft: number;
  readonly perMemberLimit: number;
  /** Null when the cart has no member. */
  readonly member: { readonly alreadyBought: number } | null;
}

/** Why the flash price is not offered for more units: for the badge the cashier sees. */
export type FlashLimitReason = 'needsMember' | 'memberLimit' | 'leaseExhausted' | 'none';

export interface TillFlashAllowance {
  /** Units the flash price may apply to in this cart. */
  readonly units: number;
  /** What is left of the member's limit (null without a member). */
  readonly memberLeft: number | null;
  readonly reason: FlashLimitReason;
}

export function tillFlashAllowance(state: TillFlashState): TillFlashAllowance {
  const leaseLeft = Math.max(0, state.leaseLeft);
  if (state.member === null) return { units: 0, memberLeft: null, reason: 'needsMember' };
  // The same limit checkMemberLimit enforces online: what the member may still buy in this sale.
  const memberLeft = Math.max(0, state.perMemberLimit - state.member.alreadyBought);
  const units = Math.min(memberLeft, leaseLeft);
  const reason: FlashLimitReason =
    memberLeft === 0 ? 'memberLimit' : leaseLeft === 0 ? 'leaseExhausted' : 'none';
  return { units, memberLeft, reason };
}
