// The register's escrow conversations with the server: take or refill a flash-sale lease at the
// low-water mark, hand leases back at shift close, and ask for a member's offline points allowance.
// Each answer moves the contact point the register judges lease expiry from.
import { refillQuantity } from '../../app/flash-sale';
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { EscrowOutcome, LeaseTransport } from '../../sync/client';
import type { LeaseAnswer } from '../../sync/protocol';
import { memberById, setOfflineAllowance } from '../members/member-store';
import type { RegisterDb } from '../store/register-db';
import type { HeldLease } from './lease-store';
import { openLeases, saveLease } from './lease-store';
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
    const wanted = refillQuantity(lease, policy);
    if (wanted === 0) continue;
    const answer = await requestLease(link, lease.activityId, wanted);
    if (!answer.ok) return answer;
    granted += answer.value.granted_now;
  }
  return ok(granted);
}

/**
 * Hands every open lease back (shift close), with this register's own count of units sold: the
 * server keeps back those whose sales are still in the outbox.
 */
export async function returnLeases(
  link: EscrowLink,
  registerId: string,
): Promise<Result<readonly HeldLease[], EscrowError>> {
  const returned: HeldLease[] = [];
  for (const lease of openLeases(link.db, registerId)) {
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
 * all and what of it it has seen redeemed; the register keeps `pending_redeemed` (its own count,
 * ahead of the server's by what is in transit), so it stores the allowance such that
 * allowance − pending is exactly what the server still holds for it.
 */
export async function requestAllowance(
  link: EscrowLink,
  memberId: string,
  points: number,
): Promise<Result<number, EscrowError>> {
  const member = memberById(link.db, memberId);
  if (member === undefined) return err('members.notFound', 'No member with that id here.');
  const sentAt = link.contact.startRequest();
  const outcome = await link.transport.requestAllowance(memberId, points, member.pendingRedeemed);
  if (outcome.kind !== 'answer') return failed(outcome);
  link.contact.record(outcome.answer.server_time, sentAt);
  const { granted, used } = outcome.answer.allowance;
  const allowance = member.pendingRedeemed + granted - Math.max(used, member.pendingRedeemed);
  setOfflineAllowance(link.db, memberId, allowance, link.now());
  return ok(allowance);
}
