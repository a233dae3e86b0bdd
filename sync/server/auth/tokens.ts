// Short-lived signed access tokens (JWT, HS256 with TOKEN_SECRET), minted by /oauth/token and
// /admin/login and checked on every call. Verified tokens are remembered until they expire, so
// the hot flash-sale path pays for a signature check once per client, not once per request.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Principal, StaffRole } from './principal';

const ISSUER = 'store-register-server';
const STAFF_ROLES: readonly StaffRole[] = ['cashier', 'supervisor', 'manager', 'admin'];

export type TokenCheck =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

export interface TokenIssuer {
  issueRegisterToken(
    registerId: string,
    storeId: string,
  ): Promise<{ readonly token: string; readonly expiresIn: number }>;
  issueStaffToken(
    staffId: string,
    role: StaffRole,
  ): Promise<{ readonly token: string; readonly expiresIn: number }>;
  verify(token: string): Promise<TokenCheck>;
}

export function createTokenIssuer(
  options: Readonly<{
    secret: string;
    clock: () => number;
    registerTtlSeconds: number;
    staffTtlSeconds: number;
    /** Verified tokens remembered at most; the oldest are forgotten first. */
    cacheSize?: number;
  }>,
): TokenIssuer {
  const key = new TextEncoder().encode(options.secret);
  const cacheSize = options.cacheSize ?? 10_000;
  const verified = new Map<string, Principal>();

  async function sign(
    subject: string,
    claims: Record<string, string>,
    ttlSeconds: number,
  ): Promise<{ token: string; expiresIn: number }> {
    const nowSeconds = Math.floor(options.clock() / 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(subject)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + ttlSeconds)
      .sign(key);
    return { token, expiresIn: ttlSeconds };
  }

  function toPrincipal(payload: Record<string, unknown>): Principal | undefined {
    const { sub, kind, store, role, exp } = payload;
    if (typeof sub !== 'string' || typeof exp !== 'number') return undefined;
    if (kind === 'register' && typeof store === 'string') {
      return { kind: 'register', registerId: sub, storeId: store, expiresAt: exp * 1000 };
    }
    if (kind === 'staff' && STAFF_ROLES.includes(role as StaffRole)) {
      return { kind: 'staff', staffId: sub, role: role as StaffRole, expiresAt: exp * 1000 };
    }
    return undefined;
  }

  return {
    issueRegisterToken: async (registerId, storeId) => {
      const { token, expiresIn } = await sign(
        registerId,
        { kind: 'register', store: storeId },
        options.registerTtlSeconds,
      );
      return { token, expiresIn };
    },
    issueStaffToken: async (staffId, role) => {
      const { token, expiresIn } = await sign(
        staffId,
        { kind: 'staff', role },
        options.staffTtlSeconds,
      );
      return { token, expiresIn };
    },
    async verify(token) {
      const now = options.clock();
      const cached = verified.get(token);
      if (cached !== undefined) {
        if (now < cached.expiresAt) return { ok: true, principal: cached };
        verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(now),
          // No leeway: an expired token is refused at its expiry, as the tests expect.
          clockTolerance: 0,
        });
        const principal = toPrincipal(payload);
        if (principal === undefined) return { ok: false, reason: 'invalid' };
        if (verified.size >= cacheSize) {
          const oldest = verified.keys().next();
          if (oldest.done !== true) verified.delete(oldest.value);
        }
        verified.set(token, principal);
        return { ok: true, principal };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
