// The register's side of the `members` stream: the server's member replaces the cached one — the
// profile, level and status at once; the points balance, lots and totals only when no row of this
// register that changes that member's points is unacknowledged (conflict-policy.ts, `members`).
// The offline allowance and pending redemptions are this register's own and never pulled.
import type { PullStreamTarget } from '../../sync/client';
import type { MemberEntry } from '../../sync/protocol';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { keyedPullTarget } from './keyed-pull-target';
import type { HeldKeys } from './pull-holds';
import { isHeld, WAITS_FOR_OUTBOX } from './pull-holds';
import { parkEntry, unparkKey } from './pull-state';

export function membersPullTarget(
  db: RegisterDb,
  options: Readonly<{ now: () => number }>,
): PullStreamTarget<'members'> {
  return keyedPullTarget(db, 'members', options, (entry, held, at) =>
    applyMemberEntry(db, entry, held, at),
  );
}

/** One member from the server, in the caller's transaction. */
export function applyMemberEntry(
  db: RegisterDb,
  entry: MemberEntry,
  held: HeldKeys,
  at: number,
): void {
  const before = statement<[string], number>(db, 'SELECT points FROM member WHERE id = ?')
    .pluck()
    .get(entry.id);
  freeCode(db, entry);
  if (before !== undefined && isHeld(held, entry.id)) {
    writeProfile(db, entry, at);
    parkEntry(db, 'members', entry.id, WAITS_FOR_OUTBOX, entry);
    return;
  }
  unparkKey(db, 'members', entry.id);
  statement(
    db,
    `INSERT INTO member (id, code, phone, card_no, name, level, status, points, debt, total_spent,
       currency, order_count, updated_at)
     VALUES (@id, @code, @phone, @cardNo, @name, @level, @status, @points, @debt, @totalSpent,
       @currency, @orderCount, @at)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, phone = excluded.phone,
       card_no = excluded.card_no, name = excluded.name, level = excluded.level,
       status = excluded.status, points = excluded.points, debt = excluded.debt,
       total_spent = excluded.total_spent, currency = excluded.currency,
       order_count = excluded.order_count, updated_at = excluded.updated_at`,
  ).run({
    ...profileOf(entry, at),
    points: entry.points,
    debt: entry.debt,
    totalSpent: entry.totalSpent.amount,
    currency: entry.totalSpent.currency,
    orderCount: entry.orderCount,
  });
  writeLots(db, entry);
  const was = before ?? 0;
  if (entry.points !== was) {
    // The member desk's history says why the balance moved (SPEC: every change has its row).
    statement(
      db,
      `INSERT INTO member_points_entry (member_id, type, points, before, after, reason,
         reference_id, at)
       VALUES (?, 'adjust', ?, ?, ?, 'balance from head office', ?, ?)`,
    ).run(entry.id, entry.points - was, was, entry.points, `members@${entry.cursor}`, at);
  }
}

function profileOf(entry: MemberEntry, at: number) {
  return {
    id: entry.id,
    code: entry.code,
    // The register finds members by phone or card: an empty one must match no query.
    phone: entry.phone === '' ? null : entry.phone,
    cardNo: entry.cardNumber === '' ? null : entry.cardNumber,
    name: entry.name,
    level: entry.level,
    status: entry.status,
    at,
  };
}

function writeProfile(db: RegisterDb, entry: MemberEntry, at: number): void {
  statement(
    db,
    `UPDATE member SET code = @code, phone = @phone, card_no = @cardNo, name = @name,
       level = @level, status = @status, updated_at = @at WHERE id = @id`,
  ).run(profileOf(entry, at));
}

/**
 * Codes are unique here as on the server; a cached member still holding a code the server has
 * since given to another member (a reissued card) lets it go until its own entry arrives.
 */
function freeCode(db: RegisterDb, entry: MemberEntry): void {
  statement(db, `UPDATE member SET code = 'moved:' || id WHERE code = ? AND id <> ?`).run(
    entry.code,
    entry.id,
  );
}

/**
 * The server's open lots replace this register's: lots earned here carry the register's ids and
 * are in the server's list under its own ids once booked, so the local ones are closed (kept, at
 * remaining 0, for the history) rather than counted twice.
 */
function writeLots(db: RegisterDb, entry: MemberEntry): void {
  statement(
    db,
    `UPDATE member_lot SET remaining = 0 WHERE member_id = ? AND remaining > 0
       AND id NOT IN (SELECT value FROM json_each(?))`,
  ).run(entry.id, JSON.stringify(entry.lots.map((lot) => lot.id)));
  const upsert = statement(
    db,
    `INSERT INTO member_lot (id, member_id, points, remaining, earned_at, expires_at, reference)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET member_id = excluded.member_id, points = excluded.points,
       remaining = excluded.remaining, earned_at = excluded.earned_at,
       expires_at = excluded.expires_at, reference = excluded.reference`,
  );
  for (const lot of entry.lots) {
    upsert.run(
      lot.id,
      entry.id,
      lot.points,
      lot.remaining,
      lot.earnedAt,
      lot.expiresAt,
      lot.reference,
    );
  }
}
