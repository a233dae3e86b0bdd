// The `members` pull stream: every member of the chain (members are not per store) whose row or
// points lots changed after the register's cursor, as the server holds them now, with the open
// lots behind the balance. Cursors come from the change log of migration 13 (`pull_change`).
import type { MemberEntry, MemberLot } from '../../protocol';
import type { PullStreamHandler } from '../pull/pull-stream';
import { sliceOf } from '../pull/pull-stream';

interface MemberChangeRow {
  change_cursor: number;
  id: string;
  code: string;
  phone: string;
  card_number: string;
  name: string;
  level: MemberEntry['level'];
  status: MemberEntry['status'];
  points: number;
  debt: number;
  total_spent: number;
  currency: string;
  order_count: number;
  lots: MemberLot[];
}

export const MEMBERS_STREAM: PullStreamHandler = {
  stream: 'members',
  async read(db, { after, limit }) {
    // One statement, so the member and its lots are read in one snapshot: a lot changed after
    // the row was read would otherwise reach the register beside a balance that lacks it.
    const { rows } = await db.query<MemberChangeRow>(
      `SELECT c.change_cursor, m.id, m.code, m.phone, m.card_number, m.name, m.level, m.status,
              m.points, m.debt, m.total_spent, m.currency, m.order_count,
              coalesce((
                SELECT json_agg(json_build_object('id', l.id, 'points', l.points,
                         'remaining', l.remaining, 'earnedAt', l.earned_at,
                         'expiresAt', l.expires_at, 'reference', l.reference)
                       ORDER BY l.expires_at, l.id)
                FROM points_lot l WHERE l.member_id = m.id AND l.remaining > 0
              ), '[]'::json) AS lots
       FROM pull_change c JOIN member m ON m.id = c.key
       WHERE c.stream = 'members' AND c.scope = '' AND c.change_cursor > $1
       ORDER BY c.change_cursor LIMIT $2`,
      [after, limit + 1],
    );
    return sliceOf(rows.map(memberEntry), limit);
  },
};

function memberEntry(row: MemberChangeRow): MemberEntry {
  return {
    cursor: row.change_cursor,
    id: row.id,
    code: row.code,
    phone: row.phone,
    cardNumber: row.card_number,
    name: row.name,
    level: row.level,
    status: row.status,
    points: row.points,
    debt: row.debt,
    totalSpent: { amount: row.total_spent, currency: row.currency },
    orderCount: row.order_count,
    lots: row.lots,
  };
}
