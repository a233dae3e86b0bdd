// The push transport over HTTP(S): a register token (register-token.ts), fetched again on a 401,
// then POST /sync/push.
import { z } from 'zod';
import type { PushBatch } from '../protocol';
import {
  PUSH_PATH,
  PUSH_STATE_PATH,
  pushAnswerSchema,
  pushGapSchema,
  pushStateSchema,
} from '../protocol';
import type { PushStateOutcome, PushTransport, PushTransportOutcome } from './push-transport';
import type { FetchLike, RegisterCredentials } from './register-token';
import { createRegisterTokenSource, syncRefusalOf, syncRefusal } from './register-token';

export type { FetchLike, RegisterCredentials } from './register-token';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

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
  const tokens = createRegisterTokenSource({
    baseUrl: options.baseUrl,
    credentials: options.credentials,
    now: options.now,
    fetch: doFetch,
    timeoutMs,
  });

  async function request(path: string, body: unknown, bearer: string): Promise<Response> {
    return doFetch(new URL(path, options.baseUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async function pushWithToken(batch: PushBatch): Promise<PushTransportOutcome | 'unauthorized'> {
    const bearer = await tokens.get();
    if (typeof bearer !== 'string') return syncRefusal(bearer);
    const response = await request(PUSH_PATH, batch, bearer);
    if (response.status === 401) {
      tokens.forget();
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
    if (!response.ok) return syncRefusalOf(response);
    const answer = pushAnswerSchema.safeParse(await response.json());
    if (!answer.success) {
      return { kind: 'serverError', status: response.status, message: 'push answer not valid' };
    }
    return { kind: 'answer', answer: answer.data };
  }

  async function stateWithToken(): Promise<PushStateOutcome | 'unauthorized'> {
    const bearer = await tokens.get();
    if (typeof bearer !== 'string') return syncRefusal(bearer);
    const response = await doFetch(new URL(PUSH_STATE_PATH, options.baseUrl).toString(), {
      method: 'GET',
      headers: { authorization: `Bearer ${bearer}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 401) {
      tokens.forget();
      return 'unauthorized';
    }
    if (!response.ok) return syncRefusalOf(response);
    const state = pushStateSchema.safeParse(await response.json());
    return state.success
      ? {
          kind: 'state',
          lastSeq: state.data.last_seq,
          ...(state.data.server_time === undefined ? {} : { serverTime: state.data.server_time }),
          ...(state.data.mutation_schema_version === undefined
            ? {}
            : { mutationSchemaVersion: state.data.mutation_schema_version }),
          ...(state.data.store_registers === undefined
            ? {}
            : { storeRegisters: state.data.store_registers }),
        }
      : { kind: 'serverError', status: response.status, message: 'push state not valid' };
  }

  return {
    async state() {
      try {
        const first = await stateWithToken();
        if (first !== 'unauthorized') return first;
        const second = await stateWithToken();
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
