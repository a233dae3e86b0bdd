// How pulls reach the server, as outcomes rather than exceptions: a page (checked by the client
// before anything is applied), a snapshot as a stream of NDJSON lines, the server out of reach, or
// its refusal. The HTTP implementation shares the register token with the push transport.
import { PULL_PATH, SNAPSHOT_PATH } from '../protocol';
import type { FetchLike, HttpRefusal, RegisterCredentials, Unreachable } from './register-token';
import { createRegisterTokenSource, syncRefusalOf, syncRefusal } from './register-token';

export type PullFailure = Unreachable | HttpRefusal;

export type PullTransportOutcome = { readonly kind: 'page'; readonly body: unknown } | PullFailure;

export type SnapshotOutcome =
  | {
      readonly kind: 'lines';
      /** The NDJSON lines as they arrive; throws if the connection breaks. */
      readonly lines: AsyncIterable<string>;
    }
  | PullFailure;

export interface PullTransport {
  pull(stream: string, after: number, limit: number): Promise<PullTransportOutcome>;
  snapshot(after: number, until: number | undefined): Promise<SnapshotOutcome>;
}

/** A fetch body's chunks as they arrive. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // A consumer that stops early (a bad line) must not leave the connection open.
    await reader.cancel().catch(() => undefined);
  }
}

/** Splits a byte stream into lines without holding more than one partial line. */
export async function* ndjsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    rest += decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf('\n');
    let start = 0;
    while (newline !== -1) {
      if (newline > start) yield rest.slice(start, newline);
      start = newline + 1;
      newline = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest;
}

export function createHttpPullTransport(
  options: Readonly<{
    baseUrl: string;
    credentials: RegisterCredentials;
    now: () => number;
    fetch?: FetchLike;
    timeoutMs?: number;
  }>,
): PullTransport {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const tokens = createRegisterTokenSource({
    baseUrl: options.baseUrl,
    credentials: options.credentials,
    now: options.now,
    fetch: doFetch,
    timeoutMs,
  });

  /** GET with the token, once more with a fresh one after a 401. */
  async function get(url: string, signal: AbortSignal): Promise<Response | PullFailure> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const bearer = await tokens.get();
      if (typeof bearer !== 'string') return syncRefusal(bearer);
      const response = await doFetch(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${bearer}` },
        signal,
      });
      if (response.status !== 401) return response.ok ? response : syncRefusalOf(response);
      tokens.forget();
    }
    return { kind: 'refused', status: 401, code: 'auth.tokenRefused', message: 'token refused' };
  }

  const unreachable = (error: unknown): PullFailure => ({
    kind: 'unreachable',
    message: error instanceof Error ? error.message : String(error),
  });

  return {
    async pull(stream, after, limit) {
      const url = new URL(PULL_PATH, options.baseUrl);
      url.search = new URLSearchParams({
        stream,
        after: String(after),
        limit: String(limit),
      }).toString();
      try {
        const response = await get(url.toString(), AbortSignal.timeout(timeoutMs));
        if (!(response instanceof Response)) return response;
        return { kind: 'page', body: await response.json() };
      } catch (error) {
        return unreachable(error);
      }
    },
    async snapshot(after, until) {
      const url = new URL(SNAPSHOT_PATH, options.baseUrl);
      url.search = new URLSearchParams({
        after: String(after),
        ...(until === undefined ? {} : { until: String(until) }),
      }).toString();
      try {
        // No overall timeout: a snapshot of the whole catalog takes as long as it takes; a broken
        // connection ends the stream with an error, and what was applied stays.
        const response = await get(url.toString(), new AbortController().signal);
        if (!(response instanceof Response)) return response;
        const body = response.body;
        if (body === null) return { kind: 'serverError', status: 200, message: 'empty snapshot' };
        return { kind: 'lines', lines: ndjsonLines(chunksOf(body)) };
      } catch (error) {
        return unreachable(error);
      }
    },
  };
}
