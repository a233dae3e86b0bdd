// The register's escrow conversations with the server: take or refill a flash-sale lease at the
// low-water mark, hand leases back at shift close, and ask for a member's offline points allowance.
// Each answer moves the contact point the register judges lease expiry from.
import { refillQuantity } from '../../app/flash-sale';
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { EscrowOutcome, LeaseTransport } from '../../sync/client';
import type { LeaseAnswer } from '../../sync/protocol';
import { memberById, redeemedOfflineInAll, setOfflineAllowance } from '../members/member-store';
import type { RegisterDb } from '../store/register-db';
import type { HeldLease } from './lease-store';
import { openLeases, saveLease, stopSellingFromLease } from './lease-store';
import type { ServerContact } from './server-contact';

export interface EscrowLink {
  readonly db: RegisterDb;
  readonly transport: LeaseTransport;
  readonly contact: ServerContact;
  /** Wall-clock time for the rows' updated_at: recorded, never trusted for expiry. */
  readonly now: () => number;
}

export type EscrowError = DomainError<'sync.offline' | 'sync.refused' | 'members.notFound'>;

function failed<T>(
  outcome: Exclude<EscrowOutcome<T>, { kind: 'answer' }>,
): Result<never, EscrowError> {
  return outcome.kind === 'unreachable'
    ? err('sync.offline', `The server cannot be reached: ${outcome.message}`)
    : err('sync.refused', outcome.message, {
        status: outcome.status,
        ...(outcome.kind === 'refused' ? { code: outcome.code } : {}),
      });
}

async function leaseCall(
  link: EscrowLink,
  call: () => Promise<EscrowOutcome<LeaseAnswer>>,
): Promise<Result<LeaseAnswer, EscrowError>> {
  const sentAt = link.contact.startRequest();
  const outcome = await call();
  if (outcome.kind !== 'answer') return failed(outcome);
  link.contact.record(outcome.answer.server_time, sentAt);
  saveLease(link.db, outcome.answer.lease, link.now());
  return ok(outcome.answer);
}

/** Asks for `quantity` more units of a flash sale (a first lease or a top-up). */
export function requestLease(
  link: EscrowLink,
  flashSaleId: string,
  quantity: number,
): Promise<Result<LeaseAnswer, EscrowError>> {
  return leaseCall(link, () => link.transport.requestLease(flashSaleId, quantity));
}

export interface RefillPolicy {
  readonly lowWaterMark: number;
  readonly refillTo: number;
}

/** Tops up every open lease at or below the low-water mark; answers the units granted in all. */
export async function refillLeases(
  link: EscrowLink,
  registerId: string,
  policy: RefillPolicy,
): Promise<Result<number, EscrowError>> {
  let granted = 0;
  for (const lease of openLeases(link.db, registerId)) {
    // A lease stopped for its return is handed back, never topped up again.
    if (isStopped(lease)) continue;
    const wanted = refillQuantity(lease, policy);
    if (wanted === 0) continue;
    const answer = await requestLease(link, lease.activityId, wanted);
    if (!answer.ok) return answer;
    granted += answer.value.granted_now;
  }
  return ok(granted);
}

/** A lease whose return was sent (or began) and not yet answered: expiry set to 0 here. */
export function isStopped(lease: HeldLease): boolean {
  return lease.expiresAt === 0;
}

/**
 * Hands every open lease back (shift close), with this register's own count of units sold: the
 * server keeps back those whose sales are still in the outbox. `onlyStopped`: only the returns a
 * lost answer or an outage left unfinished (retried on reconnecting).
 */
export async function returnLeases(
  link: EscrowLink,
  registerId: string,
  options: { readonly onlyStopped?: boolean } = {},
): Promise<Result<readonly HeldLease[], EscrowError>> {
  const returned: HeldLease[] = [];
  for (const lease of openLeases(link.db, registerId)) {
    if (options.onlyStopped === true && !isStopped(lease)) continue;
    stopSellingFromLease(link.db, lease.leaseId, link.now());
    const answer = await leaseCall(link, () =>
      link.transport.returnLease(lease.leaseId, lease.sold),
    );
    if (!answer.ok) return answer;
    returned.push(lease);
  }
  return ok(returned);
}

/**
 * Asks for a member's offline allowance at this register. The server answers what it granted in
 * all and what of it it has seen redeemed (`used`); the register tells it every point it redeemed
 * (its own count, ahead of `used` by what is in transit) and keeps `pending_redeemed` (the points
 * not yet acknowledged), so it stores the allowance such that allowance − pending is exactly what
 * the server still holds for it: granted − max(used, redeemed in all).
 */
export async function requestAllowance(
  link: EscrowLink,
  memberId: string,
  points: number,
): Promise<Result<number, EscrowError>> {
  const member = memberById(link.db, memberId);
  if (member === undefined) return err('members.notFound', 'No member with that id here.');
  const redeemed = redeemedOfflineInAll(link.db, memberId);
  const sentAt = link.contact.startRequest();
  const outcome = await link.transport.requestAllowance(memberId, points, redeemed);
  if (outcome.kind !== 'answer') return failed(outcome);
  link.contact.record(outcome.answer.server_time, sentAt);
  const { granted, used } = outcome.answer.allowance;
  // Read again: while the request was out an acknowledgement may have lowered pending, and a
  // sale may have redeemed more (which the server's answer did not yet count).
  const pending = memberById(link.db, memberId)?.pendingRedeemed ?? 0;
  const since = redeemedOfflineInAll(link.db, memberId) - redeemed;
  const allowance = pending + Math.max(0, granted - Math.max(used, redeemed) - since);
  setOfflineAllowance(link.db, memberId, allowance, link.now());
  return ok(allowance);
}
