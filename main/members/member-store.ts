// The register's cache of members: found by code, phone or card; their points ledger read as
// open lots and written back with one row per change, in the caller's transaction.
import type { MemberLevel } from '../../app/catalog';
import type { Member, MemberStatus, PointsChange, PointsLedger } from '../../app/members';
import { levelForPoints, lotExpiresAt } from '../../app/members';
import { money } from '../../app/money';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { writeTransaction } from '../store/write-transaction';

export interface MemberRecord extends Member {
  readonly debt: number;
  readonly offlineAllowance: number;
  readonly pendingRedeemed: number;
}

interface MemberRow {
  id: string;
  code: string;
  phone: string | null;
  card_no: string | null;
  name: string;
  level: MemberLevel;
  status: MemberStatus;
  points: number;
  debt: number;
  total_spent: number;
  currency: string;
  order_count: number;
  offline_allowance: number;
  pending_redeemed: number;
}

function toRecord(row: MemberRow): MemberRecord {
  return {
    id: row.id,
    code: row.code,
    phone: row.phone ?? '',
    cardNumber: row.card_no ?? '',
    name: row.name,
    level: row.level,
    status: row.status,
    points: row.points,
    debt: row.debt,
    totalSpent: money(row.total_spent, row.currency),
    orderCount: row.order_count,
    offlineAllowance: row.offline_allowance,
    pendingRedeemed: row.pending_redeemed,
  };
}

export function memberById(db: RegisterDb, id: string): MemberRecord | undefined {
  const row = statement<[string], MemberRow>(db, 'SELECT * FROM member WHERE id = ?').get(id);
  return row ? toRecord(row) : undefined;
}

/** A member by member code, card number or phone number, in that order of precedence. */
export function findMember(db: RegisterDb, query: string): MemberRecord | undefined {
  const q = query.trim();
  const row = statement<{ q: string }, MemberRow>(
    db,
    `SELECT * FROM member WHERE code = @q OR card_no = @q OR phone = @q OR id = @q
       ORDER BY (id = @q) DESC, (code = @q) DESC, (card_no = @q) DESC LIMIT 1`,
  ).get({ q });
  return row ? toRecord(row) : undefined;
}

/** The ledger as the pure rules need it: the balance and the lots that still hold points. */
export function loadLedger(db: RegisterDb, member: MemberRecord): PointsLedger {
  const lots = statement<
    [string],
    {
      id: string;
      points: number;
      remaining: number;
      earned_at: number;
      expires_at: number;
      reference: string;
    }
  >(
    db,
    `SELECT id, points, remaining, earned_at, expires_at, reference FROM member_lot
       WHERE member_id = ? AND remaining > 0 ORDER BY expires_at, id`,
  )
    .all(member.id)
    .map((r) => ({
      id: r.id,
      points: r.points,
      remaining: r.remaining,
      earnedAt: r.earned_at,
      expiresAt: r.expires_at,
      reference: r.reference,
    }));
  return { memberId: member.id, balance: member.points, debt: member.debt, lots, entries: [] };
}

/** Writes a ledger change: lots touched, one entry row each, the member's balance and level. */
export function saveLedgerChange(db: RegisterDb, change: PointsChange, at: number): void {
  const { ledger } = change;
  const upsertLot = statement(
    db,
    `INSERT INTO member_lot (id, member_id, points, remaining, earned_at, expires_at, reference)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET remaining = excluded.remaining`,
  );
  const touched = new Set(change.entries.flatMap((e) => (e.lots ?? []).map((l) => l.lotId)));
  for (const lot of ledger.lots) {
    if (touched.has(lot.id)) {
      upsertLot.run(
        lot.id,
        ledger.memberId,
        lot.points,
        lot.remaining,
        lot.earnedAt,
        lot.expiresAt,
        lot.reference,
      );
    }
  }
  const insertEntry = statement(
    db,
    `INSERT INTO member_points_entry (member_id, type, points, before, after, reason, reference_id,
       expires_at, at, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of change.entries) {
    insertEntry.run(
      ledger.memberId,
      e.type,
      e.points,
      e.before,
      e.after,
      e.reason,
      e.referenceId,
      e.expiresAt ?? null,
      e.at,
      e.flag ?? null,
    );
  }
  statement(
    db,
    'UPDATE member SET points = ?, debt = ?, level = ?, updated_at = ? WHERE id = ?',
  ).run(ledger.balance, ledger.debt, levelForPoints(ledger.balance), at, ledger.memberId);
}

/** The offline allowance the server granted this register for a member (main/leases). */
export function setOfflineAllowance(
  db: RegisterDb,
  memberId: string,
  allowance: number,
  at: number,
): void {
  statement(db, 'UPDATE member SET offline_allowance = ?, updated_at = ? WHERE id = ?').run(
    Math.max(0, allowance),
    at,
    memberId,
  );
}

/**
 * The server acknowledged an offline redemption: it has debited the hold it keeps for this
 * register, so the points are no longer pending here, and the stored allowance drops with them
 * (it is kept as pending + what the server still holds, which this does not change).
 */
export function settleOfflineRedemption(
  db: RegisterDb,
  memberId: string,
  points: number,
  at: number,
): void {
  statement(
    db,
    `UPDATE member SET pending_redeemed = max(0, pending_redeemed - @points),
       offline_allowance = max(0, offline_allowance - @points), updated_at = @at WHERE id = @id`,
  ).run({ points, at, id: memberId });
}

/**
 * Every point this register ever redeemed offline for a member, acknowledged or not: what the
 * server compares with the allowance's `used` (its own count, which trails by what is in transit).
 */
export function redeemedOfflineInAll(db: RegisterDb, memberId: string): number {
  return (
    statement<[string], number>(
      db,
      `SELECT coalesce(sum(json_extract(payload, '$.points')), 0) FROM outbox
       WHERE type = 'points.offlineRedeemed' AND json_extract(payload, '$.memberId') = ?`,
    )
      .pluck()
      .get(memberId) ?? 0
  );
}

export interface NewMember {
  readonly id: string;
  readonly code: string;
  readonly phone?: string;
  readonly cardNumber?: string;
  readonly name: string;
  readonly status?: MemberStatus;
  /** Opening balance as one lot earned at `at` (the server's figure in real use). */
  readonly points?: number;
  readonly offlineAllowance?: number;
}

/** Adds members with an opening lot: the demo, tests, and a store's first sync. */
export function seedMembers(db: RegisterDb, members: readonly NewMember[], at: number): void {
  writeTransaction(db, () => {
    for (const m of members) {
      const points = m.points ?? 0;
      statement(
        db,
        `INSERT INTO member (id, code, phone, card_no, name, level, status, points, offline_allowance, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        m.id,
        m.code,
        m.phone ?? null,
        m.cardNumber ?? null,
        m.name,
        levelForPoints(points),
        m.status ?? 'active',
        points,
        m.offlineAllowance ?? 0,
        at,
      );
      if (points > 0) {
        statement(
          db,
          `INSERT INTO member_lot (id, member_id, points, remaining, earned_at, expires_at, reference)
           VALUES (?, ?, ?, ?, ?, ?, 'opening balance')`,
        ).run(`${m.id}/opening`, m.id, points, points, at, lotExpiresAt(at));
      }
    }
  })();
}
