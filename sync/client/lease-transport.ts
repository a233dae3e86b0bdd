// Escrow requests over HTTP(S) with the register token: ask for (more) flash-sale units, hand a
// lease back, ask for a member's offline points allowance. Answers are checked with the protocol's
// schemas; failures come back as outcomes (out of reach, refused, server fault), never thrown.
import { z } from 'zod';
import type { AllowanceAnswer, LeaseAnswer } from '../protocol';
import {
  ALLOWANCES_PATH,
  LEASES_PATH,
  PROTOCOL_SCHEMA_VERSION,
  allowanceAnswerSchema,
  leaseAnswerSchema,
  leaseReturnPath,
} from '../protocol';
import type { FetchLike, HttpRefusal, RegisterCredentials, Unreachable } from './register-token';
import { createRegisterTokenSource, refusalOf } from './register-token';

/**
 * A flash sale's terms as the server's `GET /flash-sales/:saleId` answers them: what the register
 * needs to price a lease's units (the flash price, the per-member limit, the window).
 */
export const flashSaleTermsSchema = z.object({
  id: z.string().min(1).max(100),
  productId: z.string().min(1).max(100),
  flashPrice: z.object({
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/),
  }),
  perMemberLimit: z.number().int().min(1),
  startsAt: z.number().int().min(0),
  endsAt: z.number().int().min(0),
  status: z.enum(['pending', 'active', 'completed', 'cancelled']),
});
export type FlashSaleTerms = z.infer<typeof flashSaleTermsSchema>;

export type EscrowOutcome<T> =
  { readonly kind: 'answer'; readonly answer: T } | Unreachable | HttpRefusal;

export interface LeaseTransport {
  requestLease(flashSaleId: string, quantity: number): Promise<EscrowOutcome<LeaseAnswer>>;
  /** `sold`: units this register sold from the lease, pushed or not. */
  returnLease(leaseId: string, sold: number): Promise<EscrowOutcome<LeaseAnswer>>;
  requestAllowance(
    memberId: string,
    points: number,
    redeemed: number,
  ): Promise<EscrowOutcome<AllowanceAnswer>>;
  /** The terms of a flash sale this register holds (or is about to ask) a lease of. */
  flashSaleTerms(flashSaleId: string): Promise<EscrowOutcome<FlashSaleTerms>>;
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

  async function call<T>(
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    method: 'POST' | 'GET' = 'POST',
  ): Promise<EscrowOutcome<T>> {
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const bearer = await tokens.get();
        if (typeof bearer !== 'string') return bearer;
        const response = await doFetch(new URL(path, options.baseUrl).toString(), {
          method,
          headers:
            method === 'GET'
              ? { authorization: `Bearer ${bearer}` }
              : { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          ...(method === 'GET' ? {} : { body: JSON.stringify(body) }),
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
      call(
        LEASES_PATH,
        { schema_version: PROTOCOL_SCHEMA_VERSION, flash_sale_id: flashSaleId, quantity },
        leaseAnswerSchema,
      ),
    returnLease: (leaseId, sold) =>
      call(
        leaseReturnPath(leaseId),
        { schema_version: PROTOCOL_SCHEMA_VERSION, sold },
        leaseAnswerSchema,
      ),
    requestAllowance: (memberId, points, redeemed) =>
      call(
        ALLOWANCES_PATH,
        { schema_version: PROTOCOL_SCHEMA_VERSION, member_id: memberId, points, redeemed },
        allowanceAnswerSchema,
      ),
    flashSaleTerms: (flashSaleId) =>
      call(
        `/flash-sales/${encodeURIComponent(flashSaleId)}`,
        undefined,
        flashSaleTermsSchema,
        'GET',
      ),
  };
}
