// Escrow requests over HTTP(S) with the register token: ask for (more) flash-sale units, hand a
// lease back, ask for a member's offline points allowance. Answers are checked with the protocol's
// schemas; failures come back as outcomes (out of reach, refused, server fault), never thrown.
import type { z } from 'zod';
import type { AllowanceAnswer, LeaseAnswer } from '../protocol';
import {
  ALLOWANCES_PATH,
  LEASES_PATH,
  PROTOCOL_SCHEMA_VERSION,
  allowanceAnswerSchema,
  leaseAnswerSchema,
  leaseReturnPath,
} from '../protocol';
import type { FetchLike, HttpRefusal, RegisterCredentials } from './register-token';
import { createRegisterTokenSource, refusalOf } from './register-token';

export type EscrowOutcome<T> =
  | { readonly kind: 'answer'; readonly answer: T }
  | { readonly kind: 'unreachable'; readonly message: string }
  | HttpRefusal;

export interface LeaseTransport {
  requestLease(flashSaleId: string, quantity: number): Promise<EscrowOutcome<LeaseAnswer>>;
  /** `sold`: units this register sold from the lease, pushed or not. */
  returnLease(leaseId: string, sold: number): Promise<EscrowOutcome<LeaseAnswer>>;
  requestAllowance(
    memberId: string,
    points: number,
    redeemed: number,
  ): Promise<EscrowOutcome<AllowanceAnswer>>;
}

export function createHttpLeaseTransport(
  options: Readonly<{
    baseUrl: string;
    credentials: RegisterCredentials;
    now: () => number;
    fetch?: FetchLike;
    timeoutMs?: number;
  }>,
): LeaseTransport {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const tokens = createRegisterTokenSource({
    baseUrl: options.baseUrl,
    credentials: options.credentials,
    now: options.now,
    fetch: doFetch,
    timeoutMs,
  });

  async function post<T>(
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<EscrowOutcome<T>> {
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const bearer = await tokens.get();
        if (typeof bearer !== 'string') return bearer;
        const response = await doFetch(new URL(path, options.baseUrl).toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        // A token the server no longer takes (restart with a new key): one fresh token.
        if (response.status === 401 && attempt === 0) {
          tokens.forget();
          continue;
        }
        if (!response.ok) return await refusalOf(response);
        const parsed = schema.safeParse(await response.json());
        if (!parsed.success) {
          return { kind: 'serverError', status: response.status, message: 'answer not valid' };
        }
        return { kind: 'answer', answer: parsed.data };
      }
      return { kind: 'refused', status: 401, code: 'auth.tokenRefused', message: 'token refused' };
    } catch (error) {
      return {
        kind: 'unreachable',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  return {
    requestLease: (flashSaleId, quantity) =>
      post(
        LEASES_PATH,
        { schema_version: PROTOCOL_SCHEMA_VERSION, flash_sale_id: flashSaleId, quantity },
        leaseAnswerSchema,
      ),
    returnLease: (leaseId, sold) =>
      post(
        leaseReturnPath(leaseId),
        { schema_version: PROTOCOL_SCHEMA_VERSION, sold },
        leaseAnswerSchema,
      ),
    requestAllowance: (memberId, points, redeemed) =>
      post(
        ALLOWANCES_PATH,
        { schema_version: PROTOCOL_SCHEMA_VERSION, member_id: memberId, points, redeemed },
        allowanceAnswerSchema,
      ),
  };
}
