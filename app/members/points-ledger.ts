// A member's points as a ledger of lots: every earn is a lot that expires a year later, spending
// takes the soonest-expiring lots first, expired points are written off (never spent), and a
// refund takes back what its order earned — into a flagged negative balance if need be.
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { PointsLot } from './points-lot';
import { bySpendOrder, lotExpiresAt } from './points-lot';

export type PointsEntryType = 'earn' | 'spend' | 'expire' | 'adjust' | 'clawback';

/** Points a lot gave to (or, for an earn, received from) one entry. */
export interface LotDraw {
  readonly lotId: string;
  readonly points: number;
}

/** One ledger row (SPEC: type, points, before, after, reason, reference id, expiry). */
export interface PointsEntry {
  readonly type: PointsEntryType;
  /** Signed change of the balance: + for earn and positive adjusts, − for the rest. */
  readonly points: number;
  readonly before: number;
  readonly after: number;
  readonly reason: string;
  /** The order or redemption it is for; for an expire, the reference of the expired lot. */
  readonly referenceId: string;
  /** For an earn or positive adjust: when its lot expires; for an expire: when it expired. */
  readonly expiresAt?: number;
  readonly at: number;
  readonly lots?: readonly LotDraw[];
  /** Set on a row that took points and left the balance below zero: a person reconciles it. */
  readonly flag?: 'negativeBalance';
}

export interface PointsLedger {
  readonly memberId: string;
  /** Sum of all entries' points; equals the lots' remaining points minus `debt`. */
  readonly balance: number;
  /** Points taken back that no lot could cover; repaid first from the next earn. */
  readonly debt: number;
  readonly lots: readonly PointsLot[];
  readonly entries: readonly PointsEntry[];
}

export interface PointsChange {
  readonly ledger: PointsLedger;
  /** The rows this change wrote, in order: expiries due at its time come first. */
  readonly entries: readonly PointsEntry[];
}

export type PointsError = DomainError<
  'points.invalid' | 'points.insufficient' | 'points.alreadyEarned'
>;

export function emptyPointsLedger(memberId: string): PointsLedger {
  return { memberId, balance: 0, debt: 0, lots: [], entries: [] };
}

function invalid(points: number): Result<never, PointsError> {
  return err('points.invalid', 'Points must be a whole number above zero.', { points });
}

function isPositiveInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

/** Appends rows to a ledger; each row already carries its before/after. */
function append(
  ledger: PointsLedger,
  lots: readonly PointsLot[],
  debt: number,
  rows: readonly PointsEntry[],
): PointsChange {
  const last = rows.at(-1);
  return {
    ledger: {
      ...ledger,
      balance: last === undefined ? ledger.balance : last.after,
      debt,
      lots,
      entries: [...ledger.entries, ...rows],
    },
    entries: rows,
  };
}

/**
 * Writes off every lot expired at `now` (expiresAt ≤ now): one `expire` row per lot with points
 * left. The expiry job calls this on a schedule; every other change calls it first, so points
 * past their expiry are never spent even when the job is late.
 */
export function expirePoints(ledger: PointsLedger, now: number): PointsChange {
  const due = ledger.lots
    .filter((lot) => lot.remaining > 0 && lot.expiresAt <= now)
    .sort(bySpendOrder);
  if (due.length === 0) return { ledger, entries: [] };
  const dueIds = new Set(due.map((lot) => lot.id));
  let balance = ledger.balance;
  const rows = due.map((lot): PointsEntry => {
    const before = balance;
    balance -= lot.remaining;
    return {
      type: 'expire',
      points: -lot.remaining,
      before,
      after: balance,
      reason: 'expired',
      referenceId: lot.reference,
      expiresAt: lot.expiresAt,
      at: now,
      lots: [{ lotId: lot.id, points: lot.remaining }],
    };
  });
  const lots = ledger.lots.map((lot) => (dueIds.has(lot.id) ? { ...lot, remaining: 0 } : lot));
  return append(ledger, lots, ledger.debt, rows);
}

/** Points spendable at `now`: the balance less lots already expired but not yet written off. */
export function spendableBalance(ledger: PointsLedger, now: number): number {
  return expirePoints(ledger, now).ledger.balance;
}

/** Lots with points left that expire within `withinMs` after `now`, soonest first. */
export function expiringLots(
  ledger: PointsLedger,
  now: number,
  withinMs: number,
): readonly PointsLot[] {
  return ledger.lots
    .filter((lot) => lot.remaining > 0 && lot.expiresAt > now && lot.expiresAt <= now + withinMs)
    .sort(bySpendOrder);
}

/**
 * Points an order's earn still stands for: earned, less what of it expired unspent and what was
 * already taken back. What a refund takes back (never below zero, so a second claw-back takes 0).
 */
export function pointsEarnedFor(ledger: PointsLedger, referenceId: string): number {
  let net = 0;
  for (const entry of ledger.entries) {
    if (entry.referenceId !== referenceId) continue;
    if (entry.type === 'earn' || entry.type === 'expire' || entry.type === 'clawback') {
      net += entry.points;
    }
  }
  return Math.max(0, net);
}

interface Taken {
  readonly lots: readonly PointsLot[];
  readonly draws: readonly LotDraw[];
  /** What the lots could not cover. */
  readonly shortfall: number;
}

/** Takes `amount` from lots with points left: `preferReference`'s lots first, then spend order. */
function takeFromLots(lots: readonly PointsLot[], amount: number, preferReference?: string): Taken {
  const order = lots
    .filter((lot) => lot.remaining > 0)
    .sort(
      (a, b) =>
        Number(b.reference === preferReference) - Number(a.reference === preferReference) ||
        bySpendOrder(a, b),
    );
  const drawn = new Map<string, number>();
  let left = amount;
  for (const lot of order) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    drawn.set(lot.id, take);
    left -= take;
  }
  return {
    lots: lots.map((lot) => {
      const take = drawn.get(lot.id);
      return take === undefined ? lot : { ...lot, remaining: lot.remaining - take };
    }),
    draws: [...drawn].map(([lotId, points]) => ({ lotId, points })),
    shortfall: left,
  };
}

/** A new lot of `points`, repaying any debt first. */
function addLot(
  ledger: PointsLedger,
  input: {
    points: number;
    at: number;
    reference: string;
    lotId?: string;
    utcOffsetMinutes?: number;
  },
): { lots: readonly PointsLot[]; debt: number; lot: PointsLot } {
  const repaid = Math.min(ledger.debt, input.points);
  const lot: PointsLot = {
    id: input.lotId ?? `${ledger.memberId}/lot-${ledger.lots.length + 1}`,
    points: input.points,
    remaining: input.points - repaid,
    earnedAt: input.at,
    expiresAt: lotExpiresAt(input.at, input.utcOffsetMinutes),
    reference: input.reference,
  };
  return { lots: [...ledger.lots, lot], debt: ledger.debt - repaid, lot };
}

function chain(first: PointsChange, second: PointsChange): PointsChange {
  return { ledger: second.ledger, entries: [...first.entries, ...second.entries] };
}

export interface EarnInput {
  readonly points: number;
  readonly at: number;
  /** The order the points are for; one earn per order. */
  readonly referenceId: string;
  readonly reason?: string;
  readonly lotId?: string;
  /** The store's time zone for the expiry date; China (UTC+8) by default. */
  readonly utcOffsetMinutes?: number;
}

/** Earns a lot of points; a debt left by an earlier claw-back is repaid from it first. */
export function earnPoints(
  ledger: PointsLedger,
  input: EarnInput,
): Result<PointsChange, PointsError> {
  if (!isPositiveInteger(input.points)) return invalid(input.points);
  if (ledger.entries.some((e) => e.type === 'earn' && e.referenceId === input.referenceId)) {
    return err('points.alreadyEarned', `Points for ${input.referenceId} were already earned.`, {
      referenceId: input.referenceId,
    });
  }
  const expired = expirePoints(ledger, input.at);
  const { lots, debt, lot } = addLot(expired.ledger, { ...input, reference: input.referenceId });
  const before = expired.ledger.balance;
  const row: PointsEntry = {
    type: 'earn',
    points: input.points,
    before,
    after: before + input.points,
    reason: input.reason ?? 'order completed',
    referenceId: input.referenceId,
    expiresAt: lot.expiresAt,
    at: input.at,
    lots: [{ lotId: lot.id, points: input.points }],
  };
  return ok(chain(expired, append(expired.ledger, lots, debt, [row])));
}

export interface SpendInput {
  readonly points: number;
  readonly at: number;
  /** The sale or redemption the points pay for. */
  readonly referenceId: string;
  readonly reason?: string;
}

/** Spends points, soonest-expiring lots first. Refused when the spendable balance is short. */
export function spendPoints(
  ledger: PointsLedger,
  input: SpendInput,
): Result<PointsChange, PointsError> {
  if (!isPositiveInteger(input.points)) return invalid(input.points);
  const expired = expirePoints(ledger, input.at);
  const balance = expired.ledger.balance;
  if (input.points > balance) {
    return err(
      'points.insufficient',
      `The member has ${Math.max(0, balance)} points; ${input.points} cannot be redeemed.`,
      { balance, requested: input.points },
    );
  }
  const taken = takeFromLots(expired.ledger.lots, input.points);
  const row: PointsEntry = {
    type: 'spend',
    points: -input.points,
    before: balance,
    after: balance - input.points,
    reason: input.reason ?? 'redeemed',
    referenceId: input.referenceId,
    at: input.at,
    lots: taken.draws,
  };
  return ok(chain(expired, append(expired.ledger, taken.lots, expired.ledger.debt, [row])));
}

/** Takes points that must be booked whatever the balance; a shortfall becomes a flagged debt. */
function takeUnrefused(
  ledger: PointsLedger,
  type: 'spend' | 'clawback' | 'adjust',
  points: number,
  at: number,
  referenceId: string,
  reason: string,
  preferReference?: string,
): PointsChange {
  const expired = expirePoints(ledger, at);
  const taken = takeFromLots(expired.ledger.lots, points, preferReference);
  const before = expired.ledger.balance;
  const after = before - points;
  const row: PointsEntry = {
    type,
    points: -points,
    before,
    after,
    reason,
    referenceId,
    at,
    lots: taken.draws,
    ...(after < 0 ? { flag: 'negativeBalance' as const } : {}),
  };
  return chain(
    expired,
    append(expired.ledger, taken.lots, expired.ledger.debt + taken.shortfall, [row]),
  );
}

/**
 * A redemption already made on a register while offline, within its offline limit. Booked even if
 * the balance is now short (another register redeemed too): the sale happened, so the balance goes
 * below zero, flagged, and the desk settles it — never by failing the sale.
 */
export function recordOfflineRedemption(
  ledger: PointsLedger,
  input: SpendInput,
): Result<PointsChange, PointsError> {
  if (!isPositiveInteger(input.points)) return invalid(input.points);
  return ok(
    takeUnrefused(
      ledger,
      'spend',
      input.points,
      input.at,
      input.referenceId,
      input.reason ?? 'redeemed offline',
    ),
  );
}

/**
 * A refund takes back what the order's earn still stands for (`pointsEarnedFor`): from that
 * order's own lot first, then from other lots soonest-expiring first; if that is not enough the
 * balance goes below zero, flagged. Taking back nothing (already taken, or nothing earned) writes
 * no row, so repeating a claw-back is harmless.
 */
export function clawBackPoints(
  ledger: PointsLedger,
  input: { readonly referenceId: string; readonly at: number; readonly reason?: string },
): PointsChange & { readonly points: number } {
  const expired = expirePoints(ledger, input.at);
  const points = pointsEarnedFor(expired.ledger, input.referenceId);
  if (points === 0) return { ...expired, points: 0 };
  const taken = takeUnrefused(
    expired.ledger,
    'clawback',
    points,
    input.at,
    input.referenceId,
    input.reason ?? 'order refunded',
    input.referenceId,
  );
  return { ...chain(expired, taken), points };
}

export interface AdjustInput {
  /** Signed, not zero: + grants a new lot (expiring a year later), − takes like a claw-back. */
  readonly points: number;
  readonly at: number;
  readonly referenceId: string;
  /** Required: an adjust is a person's decision (or a sync repair) and says why. */
  readonly reason: string;
  readonly lotId?: string;
  readonly utcOffsetMinutes?: number;
}

/**
 * A correction by a manager, or the repair sync makes on reconnect. A negative adjust is never
 * refused for want of points: it may leave the balance below zero, flagged.
 */
export function adjustPoints(
  ledger: PointsLedger,
  input: AdjustInput,
): Result<PointsChange, PointsError> {
  if (!Number.isSafeInteger(input.points) || input.points === 0) {
    return err(
      'points.invalid',
      'An adjustment must be a whole number of points other than zero.',
      {
        points: input.points,
      },
    );
  }
  if (input.points < 0) {
    return ok(
      takeUnrefused(ledger, 'adjust', -input.points, input.at, input.referenceId, input.reason),
    );
  }
  const expired = expirePoints(ledger, input.at);
  const { lots, debt, lot } = addLot(expired.ledger, { ...input, reference: input.referenceId });
  const before = expired.ledger.balance;
  const after = before + input.points;
  const row: PointsEntry = {
    type: 'adjust',
    points: input.points,
    before,
    after,
    reason: input.reason,
    referenceId: input.referenceId,
    expiresAt: lot.expiresAt,
    at: input.at,
    lots: [{ lotId: lot.id, points: input.points }],
  };
  return ok(chain(expired, append(expired.ledger, lots, debt, [row])));
}
