// The authoritative member records and points ledger: loads a member with their lots and entries
// into the app/members shapes, and saves a MemberPointsChange (member row with a version check,
// changed lots, new ledger rows, level events into the outbox) in the caller's transaction.
import type {
  Member,
  MemberPointsChange,
  PointsEntry,
  PointsLedger,
  PointsLot,
} from '../../../app/members';
import { money } from '../../../app/money';
import type { SqlRunner } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import { enqueueEvent } from '../outbox/outbox';

export interface LoadedMember {
  readonly member: Member;
  readonly ledger: PointsLedger;
  readonly version: number;
}

interface MemberRow {
  id: string;
  code: string;
  phone: string;
  card_number: string;
  name: string;
  level: Member['level'];
  points: number;
  debt: number;
  total_spent: number;
  currency: string;
  order_count: number;
  status: Member['status'];
  version: number;
}

interface LotRow {
  id: string;
  points: number;
  remaining: number;
  earned_at: number;
  expires_at: number;
  reference: string;
}

interface EntryRow {
  type: PointsEntry['type'];
  points: number;
  before: number;
  after: number;
  reason: string;
  reference_id: string;
  expires_at: number | null;
  at: number;
  lots: PointsEntry['lots'] | null;
  flag: 'negativeBalance' | null;
}

export async function loadMember(
  tx: SqlRunner,
  memberId: string,
): Promise<LoadedMember | undefined> {
  const { rows } = await tx.query<MemberRow>('SELECT * FROM member WHERE id = $1', [memberId]);
  const row = rows[0];
  if (row === undefined) return undefined;
  // Every lot is loaded, spent ones too: app/members numbers new lots after the existing ones.
  const lots = await tx.query<LotRow>(
    'SELECT id, points, remaining, earned_at, expires_at, reference FROM points_lot WHERE member_id = $1 ORDER BY earned_at, id',
    [memberId],
  );
  const entries = await tx.query<EntryRow>(
    'SELECT type, points, before, after, reason, reference_id, expires_at, at, lots, flag FROM points_entry WHERE member_id = $1 ORDER BY id',
    [memberId],
  );
  const member: Member = {
    id: row.id,
    code: row.code,
    phone: row.phone,
    cardNumber: row.card_number,
    name: row.name,
    level: row.level,
    points: row.points,
    totalSpent: money(row.total_spent, row.currency),
    orderCount: row.order_count,
    status: row.status,
  };
  return {
    member,
    version: row.version,
    ledger: {
      memberId,
      balance: row.points,
      debt: row.debt,
      lots: lots.rows.map((l): PointsLot => ({
        id: l.id,
        points: l.points,
        remaining: l.remaining,
        earnedAt: l.earned_at,
        expiresAt: l.expires_at,
        reference: l.reference,
      })),
      entries: entries.rows.map((e): PointsEntry => ({
        type: e.type,
        points: e.points,
        before: e.before,
        after: e.after,
        reason: e.reason,
        referenceId: e.reference_id,
        at: e.at,
        ...(e.expires_at === null ? {} : { expiresAt: e.expires_at }),
        ...(e.lots === null ? {} : { lots: e.lots }),
        ...(e.flag === null ? {} : { flag: e.flag }),
      })),
    },
  };
}

export async function createMember(tx: SqlRunner, member: Member): Promise<void> {
  await tx.query(
    `INSERT INTO member (id, code, phone, card_number, name, level, points, total_spent, currency, order_count, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      member.id,
      member.code,
      member.phone,
      member.cardNumber,
      member.name,
      member.level,
      member.points,
      member.totalSpent.amount,
      member.totalSpent.currency,
      member.orderCount,
      member.status,
    ],
  );
}

/** What head office may change of a member besides points: absent fields stay as they are. */
export interface MemberProfileChange {
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly cardNumber?: string | undefined;
  readonly status?: Member['status'] | undefined;
}

/**
 * Changes a member's profile and bumps the version (so a points write that read the old row
 * retries on the new one). Answers false when there is no such member.
 */
export async function updateMemberProfile(
  tx: SqlRunner,
  memberId: string,
  change: MemberProfileChange,
): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE member SET name = coalesce($2, name), phone = coalesce($3, phone),
       card_number = coalesce($4, card_number), status = coalesce($5, status),
       version = version + 1
     WHERE id = $1`,
    [
      memberId,
      change.name ?? null,
      change.phone ?? null,
      change.cardNumber ?? null,
      change.status ?? null,
    ],
  );
  return updated.rowCount === 1;
}

/** Writes a points change read at `loaded.version`; VersionConflict if someone wrote first. */
export async function saveMemberChange(
  tx: SqlRunner,
  loaded: LoadedMember,
  change: MemberPointsChange,
): Promise<void> {
  const m = change.member;
  const updated = await tx.query(
    `UPDATE member SET level = $2, points = $3, debt = $4, total_spent = $5, order_count = $6, version = version + 1
     WHERE id = $1 AND version = $7`,
    [
      m.id,
      m.level,
      m.points,
      change.ledger.debt,
      m.totalSpent.amount,
      m.orderCount,
      loaded.version,
    ],
  );
  if (updated.rowCount !== 1) throw new VersionConflict(`member ${m.id}`);
  const before = new Map(loaded.ledger.lots.map((lot) => [lot.id, lot.remaining]));
  for (const lot of change.ledger.lots) {
    if (before.get(lot.id) === lot.remaining) continue;
    await tx.query(
      `INSERT INTO points_lot (id, member_id, points, remaining, earned_at, expires_at, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET remaining = EXCLUDED.remaining`,
      [lot.id, m.id, lot.points, lot.remaining, lot.earnedAt, lot.expiresAt, lot.reference],
    );
  }
  for (const e of change.entries) {
    await tx.query(
      `INSERT INTO points_entry (member_id, type, points, before, after, reason, reference_id, expires_at, at, lots, flag)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        m.id,
        e.type,
        e.points,
        e.before,
        e.after,
        e.reason,
        e.referenceId,
        e.expiresAt ?? null,
        e.at,
        e.lots === undefined ? null : JSON.stringify(e.lots),
        e.flag ?? null,
      ],
    );
  }
  for (const event of change.events) {
    await tx.query(
      'INSERT INTO member_event (member_id, type, from_level, to_level, at) VALUES ($1, $2, $3, $4, $5)',
      [event.memberId, event.type, event.from, event.to, event.at],
    );
    await enqueueEvent(tx, {
      type: 'memberLevelChanged',
      key: event.memberId,
      payload: event,
      at: event.at,
    });
  }
}
