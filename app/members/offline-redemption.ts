// How many points a register may redeem for a member while it cannot reach the server. Bounded
// by the cached balance and by the member's offline allowance on this register, both less what
// this register already redeemed offline, so two registers cannot redeem the same points twice
// beyond the allowances head office chose to risk.
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';

export interface OfflineRedemptionState {
  /** The member's balance as last pulled from the server. */
  readonly cachedBalance: number;
  /** Points redeemed on this register since then, not yet accepted by the server. */
  readonly pendingOnRegister: number;
  /**
   * The escrow head office granted this member on this register for offline use. Pending
   * redemptions use it up: it is a budget for the whole offline spell, not a per-sale cap.
   */
  readonly allowance: number;
}

/**
 * min(cached balance − pending, allowance − pending), never below 0. Equivalently
 * min(balance, allowance) − pending: "balance − pending redemptions, capped by what is left of
 * the offline allowance".
 */
export function offlineRedemptionLimit(state: OfflineRedemptionState): number {
  const byBalance = state.cachedBalance - state.pendingOnRegister;
  const byAllowance = state.allowance - state.pendingOnRegister;
  return Math.max(0, Math.min(byBalance, byAllowance));
}

export type OfflineRedemptionError = DomainError<'points.invalid' | 'points.offlineLimitExceeded'>;

/** Accepts an offline redemption within the limit and returns the state with it pending. */
export function redeemOffline(
  state: OfflineRedemptionState,
  points: number,
): Result<OfflineRedemptionState, OfflineRedemptionError> {
  if (!Number.isSafeInteger(points) || points <= 0) {
    return err('points.invalid', 'Points must be a whole number above zero.', { points });
  }
  const limit = offlineRedemptionLimit(state);
  if (points > limit) {
    return err(
      'points.offlineLimitExceeded',
      `While offline at most ${limit} points can be redeemed for this member.`,
      { limit, requested: points },
    );
  }
  return ok({ ...state, pendingOnRegister: state.pendingOnRegister + points });
}

/** A member as the register keeps them: its balance already has its own redemptions taken off. */
export interface RegisterMemberPoints {
  /** The register's balance, net of the redemptions made here (pending or not). */
  readonly points: number;
  /** Points redeemed here that the server has not acknowledged yet. */
  readonly pendingRedeemed: number;
  /** Stored so that `offlineAllowance − pendingRedeemed` is what the server still holds here. */
  readonly offlineAllowance: number;
}

/**
 * What the register may still redeem for a member: its balance already lacks the pending points,
 * so the balance the server last saw is `points + pendingRedeemed` — counting the pending points
 * once, through `offlineRedemptionLimit`, and never twice.
 */
export function redeemableOnRegister(member: RegisterMemberPoints): number {
  return offlineRedemptionLimit({
    cachedBalance: member.points + member.pendingRedeemed,
    pendingOnRegister: member.pendingRedeemed,
    allowance: member.offlineAllowance,
  });
}
