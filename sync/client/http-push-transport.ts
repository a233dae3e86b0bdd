// The push transport over HTTP(S): a register token from /oauth/token (client credentials), kept
// until shortly before it expires and fetched again on a 401, then POST /sync/push.
import { z } from 'zod';
import type { PushBatch } from '../protocol';
import { PUSH_PATH, pushAnswerSchema, pushGapSchema } from '../protocol';
import type { PushTransport, PushTransportOutcome } from './push-transport';

export interface RegisterCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The part of `fetch` the transport uses, so tests can drop or delay answers. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Fetch a new token this long before the old one expires. */
const TOKEN_MARGIN_MS = 30_000;

export function createHttpPushTransport(
  options: Readonly<{
    baseUrl: string;
    credentials: RegisterCredentials;
    now: () => number;
    fetch?: FetchLike;
    timeoutMs?: number;
  }>,
): PushTransport {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  let token: { value: string; renewAt: number } | undefined;

  async function request(path: string, body: unknown, bearer?: string): Promise<Response> {
    return doFetch(new URL(path, options.baseUrl).toString(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async function refusal(response: Response): Promise<PushTransportOutcome> {
    const parsed = errorSchema.safeParse(await response.json().catch(() => undefined));
    const code = parsed.success ? parsed.data.error.code : `http.${response.status}`;
    const message = parsed.success ? parsed.data.error.message : response.statusText;
    return response.status >= 500
      ? { kind: 'serverError', status: response.status, message }
      : { kind: 'refused', status: response.status, code, message };
  }

  async function accessToken(): Promise<string | PushTransportOutcome> {
    if (token !== undefined && options.now() < token.renewAt) return token.value;
    const response = await request('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: options.credentials.clientId,
      client_secret: options.credentials.clientSecret,
    });
    if (!response.ok) return refusal(response);
    const parsed = tokenSchema.safeParse(await response.json());
    if (!parsed.success) {
      return { kind: 'serverError', status: response.status, message: 'token answer not valid' };
    }
    token = {
      value: parsed.data.access_token,
      renewAt: options.now() + parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS,
    };
    return token.value;
  }

  async function pushWithToken(batch: PushBatch): Promise<PushTransportOutcome | 'unauthorized'> {
    const bearer = await accessToken();
    if (typeof bearer !== 'string') return bearer;
    const response = await request(PUSH_PATH, batch, bearer);
    if (response.status === 401) {
      token = undefined;
      return 'unauthorized';
    }
    if (response.status === 409) {
      const body: unknown = await response.json().catch(() => undefined);
      const gap = pushGapSchema.safeParse(body);
      if (gap.success) return { kind: 'gap', lastSeq: gap.data.last_seq };
      const parsed = errorSchema.safeParse(body);
      // A 409 that is not a gap (the server's rows kept changing): worth a retry later.
      return {
        kind: 'serverError',
        status: 409,
        message: parsed.success ? parsed.data.error.message : 'conflict',
      };
    }
    if (!response.ok) return refusal(response);
    const answer = pushAnswerSchema.safeParse(await response.json());
    if (!answer.success) {
      return { kind: 'serverError', status: response.status, message: 'push answer not valid' };
    }
    return { kind: 'answer', answer: answer.data };
  }

  return {
    async push(batch) {
      try {
        const first = await pushWithToken(batch);
        if (first !== 'unauthorized') return first;
        // The token was revoked or the server restarted with a new key: one fresh token.
        const second = await pushWithToken(batch);
        return second === 'unauthorized'
          ? { kind: 'refused', status: 401, code: 'auth.tokenRefused', message: 'token refused' }
          : second;
      } catch (error) {
        return {
          kind: 'unreachable',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    },
  };
}
