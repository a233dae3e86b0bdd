// POST /sync/allowances: a register asks for a member's points it may redeem while offline; the
// server tops up the register's hold within the balance not already held for other registers.
import type { AllowanceAnswer } from '../../protocol';
import { ALLOWANCES_PATH, PROTOCOL_SCHEMA_VERSION, allowanceRequestSchema } from '../../protocol';
import { parseInput } from '../http/validate';
import { escrowRegister } from '../leases/lease-routes';
import type { ServerContext } from '../server-context';
import { grantAllowance } from './allowance-books';

/** Most points one register may hold unspent for one member: 2,000 points, 20 yuan by default. */
export const DEFAULT_ALLOWANCE_CAP = 2_000;

export function registerAllowanceRoutes(
  context: ServerContext,
  options: Readonly<{ capPerRegister?: number }> = {},
): void {
  const { app, db, clock, guards } = context;
  const cap = options.capPerRegister ?? DEFAULT_ALLOWANCE_CAP;

  app.post(ALLOWANCES_PATH, { preHandler: guards.authenticated }, async (request) => {
    const { registerId, storeId } = escrowRegister(request);
    const body = parseInput(allowanceRequestSchema, request.body, 'body');
    const now = clock();
    const granted = await db.transaction((tx) =>
      grantAllowance(tx, {
        memberId: body.member_id,
        registerId,
        storeId,
        wanted: body.points,
        redeemed: body.redeemed,
        cap,
        now,
      }),
    );
    const answer: AllowanceAnswer = {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      server_time: now,
      allowance: granted.allowance,
      granted_now: granted.grantedNow,
    };
    return answer;
  });
}
