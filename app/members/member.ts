// A member as the member desk sees them, and what their status allows.
import type { Money } from '../money';
import type { DomainError, Result } from '../result';
import { err, missingCase, ok } from '../result';
import type { MemberLevel } from './levels';

/**
 * active: a normal member. inactive: dormant (no purchase for a long time); still earns and
 * redeems, since a returning customer should not be turned away at the till. suspended: blocked
 * by head office (fraud, dispute): earns nothing and redeems nothing until lifted. Expiry and
 * refund claw-backs still apply to every status: they correct the books, they are not benefits.
 */
export type MemberStatus = 'active' | 'inactive' | 'suspended';

export interface Member {
  readonly id: string;
  /** The member code printed on the card and typed at the desk. */
  readonly code: string;
  readonly phone: string;
  readonly cardNumber: string;
  readonly name: string;
  readonly level: MemberLevel;
  /** Points balance; below zero only after a refund claw-back or an offline over-redemption. */
  readonly points: number;
  readonly totalSpent: Money;
  readonly orderCount: number;
  readonly status: MemberStatus;
}

export type MemberStatusError = DomainError<'member.suspended'>;

/** Whether this member may earn or redeem points now. */
export function checkMayUsePoints(
  member: Pick<Member, 'id' | 'status'>,
  use: 'earn' | 'redeem',
): Result<true, MemberStatusError> {
  switch (member.status) {
    case 'active':
    case 'inactive':
      return ok(true);
    case 'suspended':
      return err(
        'member.suspended',
        use === 'earn'
          ? 'This membership is suspended and cannot earn points. Ask head office.'
          : 'This membership is suspended and cannot redeem points. Ask head office.',
        { memberId: member.id },
      );
    default:
      return missingCase(member.status);
  }
}
