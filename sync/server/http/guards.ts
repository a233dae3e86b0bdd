// The checks in front of protected routes: a valid bearer token (401 without or when expired),
// the caller's store for a register (403 for another store's data), the admin role for head-office
// calls, and the per-client rate limit (429).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { clientIdOf } from '../auth/principal';
import type { TokenIssuer } from '../auth/tokens';
import { ApiError } from './api-error';
import type { KeyedRateLimiter } from './token-bucket';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface Guards {
  /** Any valid token: a register or staff. */
  readonly authenticated: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** A staff token with the admin role. */
  readonly admin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Sign-in and enrolment, which have no token yet: limited per remote address instead. */
  readonly perAddress: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

export function createGuards(
  options: Readonly<{ tokens: TokenIssuer; limiter: KeyedRateLimiter; clock: () => number }>,
): Guards {
  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new ApiError(
        401,
        'auth.missingToken',
        'Sign in first: this call needs an access token.',
      );
    }
    const checked = await options.tokens.verify(token);
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? new ApiError(401, 'auth.tokenExpired', 'The access token has expired; get a new one.')
        : new ApiError(401, 'auth.invalidToken', 'The access token is not valid.');
    }
    if (!options.limiter.allow(clientIdOf(checked.principal), options.clock())) {
      throw new ApiError(429, 'rate.limited', 'Too many requests from this client; slow down.');
    }
    request.principal = checked.principal;
    return checked.principal;
  }
  return {
    perAddress(request) {
      if (!options.limiter.allow(`ip:${request.ip}`, options.clock())) {
        return Promise.reject(
          new ApiError(429, 'rate.limited', 'Too many requests from this address; slow down.'),
        );
      }
      return Promise.resolve();
    },
    async authenticated(request) {
      await authenticate(request);
    },
    async admin(request) {
      const principal = await authenticate(request);
      if (principal.kind !== 'staff' || principal.role !== 'admin') {
        throw new ApiError(403, 'auth.adminOnly', 'Only head-office admins may do this.');
      }
    },
  };
}

/** A register may touch only its own store; head-office admins may touch any. */
export function requireStore(request: FastifyRequest, storeId: string): Principal {
  const principal = request.principal;
  if (principal === null) {
    throw new ApiError(401, 'auth.missingToken', 'Sign in first: this call needs an access token.');
  }
  if (principal.kind === 'register' && principal.storeId !== storeId) {
    throw new ApiError(403, 'auth.otherStore', "This register may not use another store's data.");
  }
  if (principal.kind === 'staff' && principal.role !== 'admin') {
    throw new ApiError(403, 'auth.adminOnly', 'Only head-office admins may do this.');
  }
  return principal;
}
