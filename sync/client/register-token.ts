// The register's access token from /oauth/token (client credentials), kept until shortly before it
// expires and fetched again when forgotten (after a 401). Shared by the push and pull transports.
import { z } from 'zod';

export interface RegisterCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The part of `fetch` the transports use, so tests can drop or delay answers. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A refusal or fault as the server answered it; the transports turn it into their outcomes. */
export type HttpRefusal =
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'serverError'; readonly status: number; readonly message: string };

export interface RegisterTokenSource {
  /** The token, or the server's refusal; throws only when the server is out of reach. */
  get(): Promise<string | HttpRefusal>;
  /** Drops the token: the next `get` asks for a new one. */
  forget(): void;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Fetch a new token this long before the old one expires. */
const TOKEN_MARGIN_MS = 30_000;

/** The server's `{ error: { code, message } }` answer as a refusal (a fault from 500 up). */
export async function refusalOf(response: Response): Promise<HttpRefusal> {
  const parsed = errorSchema.safeParse(await response.json().catch(() => undefined));
  const code = parsed.success ? parsed.data.error.code : `http.${response.status}`;
  const message = parsed.success ? parsed.data.error.message : response.statusText;
  return response.status >= 500
    ? { kind: 'serverError', status: response.status, message }
    : { kind: 'refused', status: response.status, code, message };
}

export interface Unreachable {
  readonly kind: 'unreachable';
  readonly message: string;
}

/**
 * A refusal as the sync loops take it: a 503 is a server that is not serving — closing, starting,
 * or a proxy with nothing behind it — so the register is as good as offline, not online with a
 * fault, and the cashier is told so. That holds for the token they ask for first as for their own
 * requests. (A payment keeps the 503 a fault: its call may have landed.)
 */
export function syncRefusal(refusal: HttpRefusal): HttpRefusal | Unreachable {
  return refusal.kind === 'serverError' && refusal.status === 503
    ? { kind: 'unreachable', message: `the server is unavailable (503 ${refusal.message})` }
    : refusal;
}

/** `refusalOf` as the sync loops take it (`syncRefusal`). */
export async function syncRefusalOf(response: Response): Promise<HttpRefusal | Unreachable> {
  return syncRefusal(await refusalOf(response));
}

export function createRegisterTokenSource(
  options: Readonly<{
    baseUrl: string;
    credentials: RegisterCredentials;
    now: () => number;
    fetch: FetchLike;
    timeoutMs: number;
  }>,
): RegisterTokenSource {
  let token: { value: string; renewAt: number } | undefined;
  return {
    async get() {
      if (token !== undefined && options.now() < token.renewAt) return token.value;
      const response = await options.fetch(new URL('/oauth/token', options.baseUrl).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: options.credentials.clientId,
          client_secret: options.credentials.clientSecret,
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) return refusalOf(response);
      const parsed = tokenSchema.safeParse(await response.json());
      if (!parsed.success) {
        return { kind: 'serverError', status: response.status, message: 'token answer not valid' };
      }
      token = {
        value: parsed.data.access_token,
        renewAt: options.now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS,
      };
      return token.value;
    },
    forget() {
      token = undefined;
    },
  };
}
