// The providers' documented quick-pay rule for an answer that is not yes or no ("user paying",
// system error, timeout, lost or untrustworthy answer): query — first after ~5 s, then every ~5 s —
// until ~30 s have passed; if still not settled, reverse the order. Never submit it again: a second
// submit could be a second charge. The clock is injected, so tests run 40 s in a moment.
import type { WalletProvider } from './wallet-provider';

export interface QuickPayTiming {
  readonly firstQueryMs: number;
  readonly queryEveryMs: number;
  /** From the submit; the last query is at or after this, then the order is reversed. */
  readonly giveUpAfterMs: number;
  /** Reverse calls before the outcome is left unresolved (for a later status call to finish). */
  readonly reverseTries: number;
}

export const DEFAULT_QUICK_PAY_TIMING: QuickPayTiming = {
  firstQueryMs: 5_000,
  queryEveryMs: 5_000,
  giveUpAfterMs: 30_000,
  reverseTries: 3,
};

export interface QuickPayClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type Settlement =
  | { readonly kind: 'paid'; readonly transactionId: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  /** Reversed by us: nothing charged, or the charge given back. */
  | { readonly kind: 'reversed'; readonly code: string; readonly message: string }
  /** Not even the reverse could be confirmed: the payment stays pending and is asked about again. */
  | { readonly kind: 'unresolved'; readonly reason: string };

export const TIMED_OUT = {
  code: 'wallet.timedOut',
  message:
    'The customer did not confirm in time: the payment was cancelled and nothing was charged. Scan a fresh code or take another tender.',
} as const;

/** Resolves when `signal` aborts; never when there is none. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise<void>(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** Queries until a result or the deadline, then reverses. Aborting `stop` hands over to a cancel. */
export async function settleUncertainPayment(
  options: Readonly<{
    provider: WalletProvider;
    outTradeNo: string;
    /** When the submit went out, epoch ms: the windows count from it (also after a restart). */
    startedAt: number;
    timing: QuickPayTiming;
    clock: QuickPayClock;
    stop?: AbortSignal;
  }>,
): Promise<Settlement> {
  const { provider, outTradeNo, timing, clock } = options;
  const deadline = options.startedAt + timing.giveUpAfterMs;
  // A function, not a property read: the signal changes while this awaits.
  const stopped = (): boolean => options.stop?.aborted === true;
  // One listener for the whole wait, not one per sleep.
  const stopping = aborted(options.stop);
  let next = options.startedAt + timing.firstQueryMs;
  for (;;) {
    if (stopped()) return { kind: 'unresolved', reason: 'cancel requested' };
    const wait = next - clock.now();
    if (wait > 0) {
      await Promise.race([clock.sleep(wait), stopping]);
      continue;
    }
    const answer = await provider.query(outTradeNo);
    if (answer.kind === 'paid') return { kind: 'paid', transactionId: answer.transactionId };
    if (answer.kind === 'failed') {
      return { kind: 'failed', code: answer.code, message: answer.message };
    }
    if (clock.now() >= deadline) break;
    next = Math.min(next + timing.queryEveryMs, deadline);
  }
  if (stopped()) return { kind: 'unresolved', reason: 'cancel requested' };
  return reverseUntilSure(provider, outTradeNo, timing, clock, TIMED_OUT);
}

/** Reverse, repeating while the provider's answer is unknown; a refusal is checked by a query. */
export async function reverseUntilSure(
  provider: WalletProvider,
  outTradeNo: string,
  timing: QuickPayTiming,
  clock: QuickPayClock,
  why: { readonly code: string; readonly message: string },
): Promise<Settlement> {
  let reason = 'no answer to the reverse';
  for (let tries = 0; tries < timing.reverseTries; tries += 1) {
    if (tries > 0) await clock.sleep(Math.min(timing.queryEveryMs, 1_000));
    const answer = await provider.reverse(outTradeNo);
    if (answer.kind === 'reversed') return { kind: 'reversed', ...why };
    if (answer.kind === 'refused') {
      // Too late to reverse (e.g. already refunded): the order's own state is the answer.
      const state = await provider.query(outTradeNo);
      if (state.kind === 'paid') return { kind: 'paid', transactionId: state.transactionId };
      if (state.kind === 'failed')
        return { kind: 'failed', code: state.code, message: state.message };
      return { kind: 'unresolved', reason: answer.message };
    }
    reason = answer.reason;
  }
  return { kind: 'unresolved', reason };
}
