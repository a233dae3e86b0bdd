// The member desk: find a member by phone, card or member code, see level, balance, points about
// to expire and history.
import { z } from 'zod';
import type { MemberLevel } from '../catalog';
import { command } from './command';

export interface MemberView {
  readonly memberId: string;
  readonly code: string;
  readonly name: string;
  /** Masked for the screen: 138****5678. */
  readonly phone: string;
  readonly level: MemberLevel;
  readonly status: 'active' | 'inactive' | 'suspended';
  readonly points: number;
  /** Points expiring within 30 days, soonest first. */
  readonly expiringSoon: readonly { readonly points: number; readonly expiresAt: number }[];
  /** The most points this register may redeem now without asking head office. */
  readonly redeemableHere: number;
}

export interface PointsEntryView {
  readonly type: 'earn' | 'spend' | 'expire' | 'adjust' | 'clawback';
  readonly points: number;
  readonly before: number;
  readonly after: number;
  readonly reason: string;
  readonly referenceId: string;
  readonly at: number;
}

export const membersCommands = {
  'members.find': command(
    z.object({ query: z.string().trim().min(3).max(32) }),
  ).returns<MemberView>(),
  'members.history': command(
    z.object({
      memberId: z.string().min(1).max(64),
      limit: z.number().int().min(1).max(200).optional(),
    }),
  ).returns<readonly PointsEntryView[]>(),
};
