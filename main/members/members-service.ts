// The member desk commands: find a member, see their points (with what expires soon and what may
// be redeemed here), and their points history.
import type {
  MemberView,
  PointsEntryView,
  membersCommands,
} from '../../app/commands/members-commands';
import { expiringLots, redeemableOnRegister, spendableBalance } from '../../app/members';
import { err, ok } from '../../app/result';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import type { MemberRecord } from './member-store';
import { findMember, loadLedger } from './member-store';

const EXPIRY_WARNING_MS = 30 * 24 * 3_600_000;

/** 13812345678 → 138****5678: the desk confirms a member without showing the whole number. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

export function createMembersService(
  options: Readonly<{ db: RegisterDb; clock: Clock; auth: AuthService }>,
): Handlers<typeof membersCommands> {
  const { db, clock, auth } = options;

  function view(member: MemberRecord): MemberView {
    const now = clock.now();
    const ledger = loadLedger(db, member);
    const points = spendableBalance(ledger, now);
    return {
      memberId: member.id,
      code: member.code,
      name: member.name,
      phone: maskPhone(member.phone),
      level: member.level,
      status: member.status,
      points,
      expiringSoon: expiringLots(ledger, now, EXPIRY_WARNING_MS).map((lot) => ({
        points: lot.remaining,
        expiresAt: lot.expiresAt,
      })),
      redeemableHere:
        member.status === 'suspended'
          ? 0
          : // The spendable balance already lacks the points pending here: counted once.
            redeemableOnRegister({ ...member, points }),
    };
  }

  return {
    'members.find': ({ query }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const member = findMember(db, query);
      return member
        ? ok(view(member))
        : err('members.notFound', 'No member with that code, card or phone');
    },
    'members.history': ({ memberId, limit }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const rows = db
        .prepare<[string, number], PointsEntryView>(
          `SELECT type, points, before, after, reason, reference_id AS referenceId, at
           FROM member_points_entry WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(memberId, limit ?? 50);
      return ok(rows);
    },
  };
}
