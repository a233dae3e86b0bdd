// The four member levels SPEC names (bronze 0–999 points, silver 1,000–4,999, gold 5,000–19,999,
// platinum 20,000+). Defined here, once, because catalog prices and promotions are set per level;
// app/members decides which level a member holds.
import { z } from 'zod';

export const MEMBER_LEVELS = ['bronze', 'silver', 'gold', 'platinum'] as const;

export type MemberLevel = (typeof MEMBER_LEVELS)[number];

export const memberLevelSchema = z.enum(MEMBER_LEVELS);

export function isMemberLevel(value: unknown): value is MemberLevel {
  return typeof value === 'string' && (MEMBER_LEVELS as readonly string[]).includes(value);
}
