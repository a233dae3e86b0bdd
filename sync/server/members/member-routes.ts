// Members over HTTP: head office creates them and changes their profile; registers look them up
// and redeem points online (a checked debit: never below zero, soonest-expiring lots first).
import { z } from 'zod';
import { redeemPoints } from '../../../app/members';
import { money } from '../../../app/money';
import { inVersionedTransaction } from '../db/version-retry';
import { ApiError, fromDomainError } from '../http/api-error';
import { idSchema, quantitySchema } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import { createMember, loadMember, saveMemberChange, updateMemberProfile } from './member-books';

export const newMemberBody = z
  .object({
    id: idSchema,
    code: z.string().min(1).max(64),
    phone: z.string().min(3).max(32),
    cardNumber: z.string().max(64).default(''),
    name: z.string().min(1).max(200),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('CNY'),
  })
  .strict();
export const memberProfileBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    phone: z.string().min(3).max(32).optional(),
    cardNumber: z.string().max(64).optional(),
    status: z.enum(['active', 'inactive', 'suspended']).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export const redeemBody = z.object({ points: quantitySchema, referenceId: idSchema }).strict();
const memberParams = z.object({ memberId: idSchema });

export function registerMemberRoutes(context: ServerContext): void {
  const { app, db, clock, guards } = context;

  app.post('/admin/members', { preHandler: guards.admin }, async (request, reply) => {
    const body = parseInput(newMemberBody, request.body, 'body');
    await createMember(db, {
      id: body.id,
      code: body.code,
      phone: body.phone,
      cardNumber: body.cardNumber,
      name: body.name,
      level: 'bronze',
      points: 0,
      totalSpent: money(0, body.currency),
      orderCount: 0,
      status: 'active',
    });
    return reply.status(201).send({ id: body.id });
  });

  app.patch('/admin/members/:memberId', { preHandler: guards.admin }, async (request) => {
    const { memberId } = parseInput(memberParams, request.params, 'params');
    const body = parseInput(memberProfileBody, request.body, 'body');
    if (!(await updateMemberProfile(db, memberId, body))) {
      throw new ApiError(404, 'member.notFound', `There is no member ${memberId}.`);
    }
    const loaded = await loadMember(db, memberId);
    return { member: loaded?.member };
  });

  app.get('/members/:memberId', { preHandler: guards.authenticated }, async (request) => {
    const { memberId } = parseInput(memberParams, request.params, 'params');
    const loaded = await loadMember(db, memberId);
    if (loaded === undefined)
      throw new ApiError(404, 'member.notFound', `There is no member ${memberId}.`);
    return { member: loaded.member, lots: loaded.ledger.lots.filter((l) => l.remaining > 0) };
  });

  app.post(
    '/members/:memberId/redemptions',
    { preHandler: guards.authenticated },
    async (request) => {
      const { memberId } = parseInput(memberParams, request.params, 'params');
      const body = parseInput(redeemBody, request.body, 'body');
      return inVersionedTransaction(db, async (tx) => {
        const loaded = await loadMember(tx, memberId);
        if (loaded === undefined)
          throw new ApiError(404, 'member.notFound', `There is no member ${memberId}.`);
        const redeemed = redeemPoints(loaded.member, loaded.ledger, { ...body, at: clock() });
        if (!redeemed.ok) throw fromDomainError(redeemed.error);
        await saveMemberChange(tx, loaded, redeemed.value);
        return { member: redeemed.value.member };
      });
    },
  );
}
