// The register's side of the wallet payment routes, over the same register token as push and
// pull. Its one job beyond HTTP: telling "offline" (the request never reached the server — refused
// connection, no route, no such host: nothing can have been charged) from "uncertain" (sent, then
// no answer — the payment may exist and must be asked about, never made again).
import type {
  WalletPayRequest,
  WalletPaymentView,
  WalletQrRequest,
  WalletRefundRequest,
} from '../../app/tenders';
import { WALLET_PAYMENTS_PATH, WALLET_QR_PATH, walletPaymentViewSchema } from '../../app/tenders';
import type { FetchLike, HttpRefusal, RegisterCredentials } from './register-token';
import { createRegisterTokenSource, refusalOf } from './register-token';

export type WalletCallOutcome =
  | { readonly kind: 'answer'; readonly payment: WalletPaymentView }
  /** Never reached the server: nothing was started. */
  | { readonly kind: 'offline'; readonly message: string }
  /** Sent without an answer: the server may have started it; ask with `status`. */
  | { readonly kind: 'uncertain'; readonly message: string }
  | HttpRefusal;

export interface WalletClient {
  pay(request: WalletPayRequest): Promise<WalletCallOutcome>;
  /** The store's QR for the amount; the same request again answers the same QR. */
  showQr(request: WalletQrRequest): Promise<WalletCallOutcome>;
  status(saleId: string, attempt: number): Promise<WalletCallOutcome>;
  cancel(saleId: string, attempt: number): Promise<WalletCallOutcome>;
  refund(saleId: string, attempt: number, request: WalletRefundRequest): Promise<WalletCallOutcome>;
}

/** Socket errors that happen before a request can have reached the server. */
const NOT_DELIVERED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Node's fetch wraps the socket error in `cause`, and several tries in an AggregateError. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
  const nested = [
    ...('cause' in error ? errorCodes(error.cause, depth + 1) : []),
    ...('errors' in error && Array.isArray(error.errors)
      ? error.errors.flatMap((e: unknown) => errorCodes(e, depth + 1))
      : []),
  ];
  return [...own, ...nested];
}

/** "offline" only when every error says the connection was never made. */
export function classifyFetchFailure(error: unknown): 'offline' | 'uncertain' {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => NOT_DELIVERED.has(code))
    ? 'offline'
    : 'uncertain';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const codes = errorCodes(error);
    return codes.length > 0 ? `${error.message} (${codes.join(', ')})` : error.message;
  }
  return String(error);
}

/** The path id of an attempt: the register's own sale id and attempt number. */
export function walletAttemptPath(saleId: string, attempt: number): string {
  return `${WALLET_PAYMENTS_PATH}/${encodeURIComponent(`${saleId}.${attempt}`)}`;
}

export function createWalletClient(
  options: Readonly<{
    baseUrl: string;
    credentials: RegisterCredentials;
    now: () => number;
    fetch?: FetchLike;
    /** Longer than the server's hold (10 s by default), so a slow payment answers "pending". */
    timeoutMs?: number;
  }>,
): WalletClient {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const tokens = createRegisterTokenSource({
    baseUrl: options.baseUrl,
    credentials: options.credentials,
    now: options.now,
    fetch: doFetch,
    timeoutMs,
  });

  async function once(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
  ): Promise<WalletCallOutcome | 'unauthorized'> {
    let bearer: string | HttpRefusal;
    try {
      bearer = await tokens.get();
    } catch (error) {
      // No token, so the payment request itself was never sent: offline whatever went wrong.
      return { kind: 'offline', message: messageOf(error) };
    }
    if (typeof bearer !== 'string') return bearer;
    let response: Response;
    try {
      response = await doFetch(new URL(path, options.baseUrl).toString(), {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { kind: classifyFetchFailure(error), message: messageOf(error) };
    }
    if (response.status === 401) {
      tokens.forget();
      return 'unauthorized';
    }
    if (!response.ok) return refusalOf(response);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      // Cut off mid-answer: the server did act on it.
      return { kind: 'uncertain', message: messageOf(error) };
    }
    const parsed = walletPaymentViewSchema.safeParse(json);
    if (!parsed.success) {
      return { kind: 'serverError', status: response.status, message: 'wallet answer not valid' };
    }
    return { kind: 'answer', payment: parsed.data };
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<WalletCallOutcome> {
    const first = await once(method, path, body);
    if (first !== 'unauthorized') return first;
    // A revoked token or a server restarted with a new key: one fresh token, then give up.
    const second = await once(method, path, body);
    return second === 'unauthorized'
      ? { kind: 'refused', status: 401, code: 'auth.tokenRefused', message: 'token refused' }
      : second;
  }

  return {
    pay: (request) => call('POST', WALLET_PAYMENTS_PATH, request),
    showQr: (request) => call('POST', WALLET_QR_PATH, request),
    status: (saleId, attempt) => call('GET', walletAttemptPath(saleId, attempt)),
    cancel: (saleId, attempt) => call('POST', `${walletAttemptPath(saleId, attempt)}/cancel`, {}),
    refund: (saleId, attempt, request) =>
      call('POST', `${walletAttemptPath(saleId, attempt)}/refund`, request),
  };
}
