// Points allowances in the database: a grant tops up a register's hold on a member's points (the
// member row locked, so two registers asking at once cannot both take the same points), and an
// offline redemption pushed later is debited from the hold, its residue written off by an adjust
// entry on the member's ledger — never by failing the sale it paid for.
import { randomUUID } from 'node:crypto';
import { adjustPoints } from '../../../app/members';
import type { OfflineRedemption, WireAllowance } from '../../protocol';
import type { SqlRunner } from '../db/db';
import { ApiError } from '../http/api-error';
import { loadMember, saveMemberChange } from '../members/member-books';
import { settled } from '../push/sale-points';
import type { Hold } from './allowance-rules';
import { allowanceTopUp, settleOfflineRedemption } from './allowance-rules';

interface AllowanceRow {
  id: string;
  member_id: string;
  register_id: string;
  granted: number;
  used: number;
}

function toHold(row: AllowanceRow): Hold {
  return { registerId: row.register_id, granted: row.granted, used: row.used };
}

function toWire(row: AllowanceRow, balance: number): WireAllowance {
  return {
    allowance_id: row.id,
    member_id: row.member_id,
    granted: row.granted,
    used: row.used,
    balance,
  };
}

async function lockHolds(tx: SqlRunner, memberId: string): Promise<readonly AllowanceRow[]> {
  const { rows } = await tx.query<AllowanceRow>(
    `SELECT id, member_id, register_id, granted, used FROM points_allowance
     WHERE member_id = $1 ORDER BY register_id FOR UPDATE`,
    [memberId],
  );
  return rows;
}

export async function grantAllowance(
  tx: SqlRunner,
  input: Readonly<{
    memberId: string;
    registerId: string;
    storeId: string;
    wanted: number;
    redeemed: number;
    cap: number;
    now: number;
  }>,
): Promise<{ readonly allowance: WireAllowance; readonly grantedNow: number }> {
  // The member row first: every grant and every booking of this member's points queue behind it.
  const { rows } = await tx.query<{ points: number; status: string }>(
    'SELECT points, status FROM member WHERE id = $1 FOR UPDATE',
    [input.memberId],
  );
  const member = rows[0];
  if (member === undefined) {
    throw new ApiError(404, 'member.notFound', `There is no member ${input.memberId}.`);
  }
  if (member.status !== 'active') {
    throw new ApiError(
      409,
      'member.notActive',
      'This member cannot redeem points: no offline allowance is granted.',
    );
  }
  const holds = await lockHolds(tx, input.memberId);
  const topUp = allowanceTopUp({
    balance: member.points,
    holds: holds.map(toHold),
    registerId: input.registerId,
    wanted: input.wanted,
    redeemed: input.redeemed,
    cap: input.cap,
  });
  const { rows: saved } = await tx.query<AllowanceRow>(
    `INSERT INTO points_allowance (id, member_id, register_id, store_id, granted, granted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (member_id, register_id)
       DO UPDATE SET granted = points_allowance.granted + EXCLUDED.granted, updated_at = EXCLUDED.updated_at
     RETURNING id, member_id, register_id, granted, used`,
    [`pa_${randomUUID()}`, input.memberId, input.registerId, input.storeId, topUp, input.now],
  );
  const row = saved[0];
  if (row === undefined) throw new Error('allowance not saved');
  return { allowance: toWire(row, member.points), grantedNow: topUp };
}

export interface RedemptionOutcome {
  readonly duplicate: boolean;
  readonly flags: readonly string[];
}

/** A pushed `points.offlineRedeemed`: the hold is debited, the residue repaired. */
export async function bookOfflineRedemption(
  tx: SqlRunner,
  context: Readonly<{ registerId: string; mutationId: string; now: number }>,
  redemption: OfflineRedemption,
): Promise<RedemptionOutcome> {
  const claimed = await tx.query(
    `INSERT INTO points_allowance_use (register_sale_id, member_id, register_id, points, from_hold, residue, mutation_id, at)
     VALUES ($1, $2, $3, $4, 0, 0, $5, $6) ON CONFLICT DO NOTHING`,
    [
      redemption.saleId,
      redemption.memberId,
      context.registerId,
      redemption.points,
      context.mutationId,
      context.now,
    ],
  );
  if (claimed.rowCount === 0) return { duplicate: true, flags: [] };
  const loaded = await loadMember(tx, redemption.memberId);
  if (loaded === undefined)
    return { duplicate: false, flags: [`member.unknown: ${redemption.memberId}`] };
  const holds = await lockHolds(tx, redemption.memberId);
  const hold = holds.find((h) => h.register_id === context.registerId);
  // The sale carrying these points may be booked before or after this row (same register
  // transaction, either order): the balance after the redemption counts it exactly once.
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int4 AS n FROM points_entry WHERE member_id = $1 AND reference_id = $2 AND type = 'spend'",
    [redemption.memberId, redemption.saleId],
  );
  const spendBooked = (rows[0]?.n ?? 0) > 0;
  const balanceAfter = loaded.member.points - (spendBooked ? 0 : redemption.points);
  const settlement = settleOfflineRedemption(
    hold === undefined ? undefined : toHold(hold),
    redemption.points,
    balanceAfter,
  );
  if (hold !== undefined && settlement.fromHold > 0) {
    await tx.query('UPDATE points_allowance SET used = used + $2, updated_at = $3 WHERE id = $1', [
      hold.id,
      settlement.fromHold,
      context.now,
    ]);
  }
  const flags: string[] = [];
  if (settlement.residue > 0) {
    const repaired = adjustPoints(loaded.ledger, {
      points: settlement.residue,
      at: context.now,
      referenceId: redemption.saleId,
      reason: 'offline allowance residue',
    });
    if (!repaired.ok) throw new Error(repaired.error.message);
    await saveMemberChange(tx, loaded, settled(loaded, repaired.value, context.now));
    flags.push(
      `points.residueRepaired: ${settlement.residue} points of ${redemption.memberId} written off`,
    );
  }
  if (settlement.overAllowance > 0) {
    flags.push(
      `points.overAllowance: ${settlement.overAllowance} points of ${redemption.memberId} redeemed past this register's allowance`,
    );
  }
  await tx.query(
    'UPDATE points_allowance_use SET allowance_id = $2, from_hold = $3, residue = $4 WHERE register_sale_id = $1',
    [redemption.saleId, hold?.id ?? null, settlement.fromHold, settlement.residue],
  );
  return { duplicate: false, flags };
}
