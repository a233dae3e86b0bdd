// Head office signs in and issues enrolment codes; a register enrols once and then trades its
// client credentials for short-lived tokens (OAuth2 client-credentials).
import { z } from 'zod';
import type { ServerContext } from '../server-context';
import { ApiError } from '../http/api-error';
import { parseInput } from '../http/validate';
import {
  authenticateRegister,
  authenticateStaff,
  createStore,
  enrolRegister,
  issueEnrolmentCode,
} from './enrolment';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');

export const loginBody = z.object({ staffId: id, password: z.string().min(1).max(200) }).strict();
export const storeBody = z.object({ id, name: z.string().min(1).max(200) }).strict();
export const enrolBody = z
  .object({ code: z.string().min(4).max(64), name: z.string().min(1).max(200) })
  .strict();
export const tokenBody = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(100),
  client_secret: z.string().min(1).max(200),
});

export function registerAuthRoutes(context: ServerContext): void {
  const { app, db, clock, tokens, guards } = context;

  app.post('/admin/login', { preHandler: guards.perAddress }, async (request) => {
    const body = parseInput(loginBody, request.body, 'body');
    const staff = await authenticateStaff(db, body.staffId, body.password);
    if (staff === undefined) {
      throw new ApiError(401, 'auth.badLogin', 'Wrong staff id or password.');
    }
    const { token, expiresIn } = await tokens.issueStaffToken(staff.staffId, staff.role);
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, role: staff.role };
  });

  app.post('/admin/stores', { preHandler: guards.admin }, async (request, reply) => {
    const body = parseInput(storeBody, request.body, 'body');
    await createStore(db, body.id, body.name, clock());
    return reply.status(201).send({ id: body.id, name: body.name });
  });

  app.post(
    '/admin/stores/:storeId/enrolment-codes',
    { preHandler: guards.admin },
    async (request, reply) => {
      const params = parseInput(z.object({ storeId: id }), request.params, 'params');
      const principal = request.principal;
      const issued = await issueEnrolmentCode(db, {
        storeId: params.storeId,
        issuedBy: principal?.kind === 'staff' ? principal.staffId : 'unknown',
        now: clock(),
      });
      return reply.status(201).send(issued);
    },
  );

  app.post('/enrol', { preHandler: guards.perAddress }, async (request, reply) => {
    const body = parseInput(enrolBody, request.body, 'body');
    const credentials = await enrolRegister(db, { code: body.code, name: body.name, now: clock() });
    return reply.status(201).send(credentials);
  });

  app.post('/oauth/token', { preHandler: guards.perAddress }, async (request) => {
    const body = parseInput(tokenBody, request.body, 'body');
    const register = await authenticateRegister(db, body.client_id, body.client_secret);
    if (register === undefined) {
      throw new ApiError(401, 'auth.badClient', 'Unknown register or wrong client secret.');
    }
    const { token, expiresIn } = await tokens.issueRegisterToken(
      register.registerId,
      register.storeId,
    );
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      store_id: register.storeId,
    };
  });
}
