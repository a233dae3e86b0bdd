// Suggestions at the counter, answered by the register from the last recommendation model the
// central server sent it: add-ons for the open cart, and "for you" for a member. Offline they come
// from that same model; a register that never got one answers an empty list (`noModel`).
import { z } from 'zod';
import { command } from './command';
import type { RecsView } from './views';

const k = z.number().int().min(1).max(20).optional();

export const recsCommands = {
  /** Add-ons for the open cart: bought with its products, then the member's, then best sellers. */
  'recs.forCart': command(z.object({ k })).returns<RecsView>(),
  /** What this member might like: their "for you" list, then best sellers. */
  'recs.forMember': command(
    z.object({ memberId: z.string().min(1).max(64), k }),
  ).returns<RecsView>(),
};
