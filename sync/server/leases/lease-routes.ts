// Leases over HTTP, for enrolled registers only: POST /sync/leases asks for (more) units of a
// flash sale, POST /sync/leases/:leaseId/return hands the unsold ones back at shift close, and
// GET /sync/leases lists the register's open leases (after a restart). Every answer carries the
// server's clock, the register's contact point for judging expiry.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LeaseAnswer } from '../../protocol';
import {
  LEASES_PATH,
  PROTOCOL_SCHEMA_VERSION,
  leaseRequestSchema,
  leaseReturnSchema,
} from '../../protocol';
import { ApiError } from '../http/api-error';
import { idSchema } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import { leasesOfRegister, toWireLease } from './lease-books';
import type { LeaseDesk } from './lease-desk';

const leaseParams = z.object({ leaseId: idSchema }).strict();

/** The calling register: escrow is granted to a till, never to a person's token. */
export function escrowRegister(request: FastifyRequest): { registerId: string; storeId: string } {
  const principal = request.principal;
  if (principal?.kind !== 'register') {
    throw new ApiError(403, 'sync.registerOnly', 'Only an enrolled register holds escrow.');
  }
  return { registerId: principal.registerId, storeId: principal.storeId };
}

export function registerLeaseRoutes(context: ServerContext, leases: LeaseDesk): void {
  const { app, db, clock, guards } = context;

  app.post(LEASES_PATH, { preHandler: guards.authenticated }, async (request) => {
    const { registerId, storeId } = escrowRegister(request);
    const body = parseInput(leaseRequestSchema, request.body, 'body');
    const grant = await leases.grant({
      saleId: body.flash_sale_id,
      registerId,
      storeId,
      quantity: body.quantity,
    });
    const answer: LeaseAnswer = {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      server_time: clock(),
      lease: toWireLease(grant.lease),
      granted_now: grant.grantedNow,
    };
    return answer;
  });

  app.post(
    `${LEASES_PATH}/:leaseId/return`,
    { preHandler: guards.authenticated },
    async (request) => {
      const { registerId } = escrowRegister(request);
      const { leaseId } = parseInput(leaseParams, request.params, 'params');
      const body = parseInput(leaseReturnSchema, request.body, 'body');
      const lease = await leases.giveBack({ leaseId, registerId, sold: body.sold });
      const answer: LeaseAnswer = {
        schema_version: PROTOCOL_SCHEMA_VERSION,
        server_time: clock(),
        lease: toWireLease(lease),
        granted_now: 0,
      };
      return answer;
    },
  );

  app.get(LEASES_PATH, { preHandler: guards.authenticated }, async (request) => {
    const { registerId } = escrowRegister(request);
    const rows = await leasesOfRegister(db, registerId);
    return {
      schema_version: PROTOCOL_SCHEMA_VERSION,
      server_time: clock(),
      leases: rows.map(toWireLease),
    };
  });
}
