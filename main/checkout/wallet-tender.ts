// Wallet tender (WeChat Pay, Alipay) at checkout: the customer's payment code — or, when it cannot
// be scanned, the store's QR on the customer display — becomes a wallet payment for the amount due (main/wallet keeps the attempt on disk and talks to the central
// server), and a paid attempt becomes a wallet tender on the cart it was for — once: a tender is
// applied only while the cart's payment does not already hold its transaction id. While an
// attempt is unsettled the cart is frozen; a crash mid-payment is resolved at start.
import type {
  TenderOutcome,
  WalletCancelView,
  WalletProgressStage,
  WalletProgressView,
} from '../../app/commands';
import { money } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { MaskedPaymentCode, WalletProvider, WalletTender } from '../../app/tenders';
import { maskPaymentCode } from '../../app/tenders';
import type { Logger } from '../core/ports';
import type {
  WalletAttemptView,
  WalletPaymentOutcome,
  WalletPayments,
} from '../wallet/wallet-payments';

/** What checkout lends the wallet tender: the cart's due, and applying a tender to it. */
export interface WalletCheckout {
  /** The open cart's id, what remains due and its currency; refused when nothing can be paid. */
  due(): Result<{ cartId: string; remaining: number; currency: string }>;
  /** The open cart and the wallet transactions its payment holds; undefined when none is open. */
  openCart(): { cartId: string; walletTransactions: readonly string[] } | undefined;
  /** Applies a paid wallet tender to the cart it was for, signed in or not (start-up). */
  applyWallet(cartId: string, tender: WalletTender): Result<TenderOutcome>;
}

export interface WalletTenderService {
  tenderWallet(code: string, amount: number | undefined): Promise<Result<TenderOutcome>>;
  /** Shows the store's QR in `wallet` for the amount (due by default) on the customer display. */
  tenderWalletQr(
    wallet: WalletProvider,
    amount: number | undefined,
  ): Promise<Result<TenderOutcome>>;
  walletStatus(): Promise<Result<WalletProgressView>>;
  cancelWallet(): Promise<Result<WalletCancelView>>;
  /**
   * Before any other tender or a cancel: refused while the open cart's wallet payment is
   * unsettled (it is followed up meanwhile); a paid one not yet on the cart is applied first,
   * and then refused too, so the cashier sees what is still due. ok when nothing is open.
   */
  settleOpenAttempt(): Result<void>;
  /** True while the cart must not change: a payment in flight, unsettled, or paid but not applied. */
  busy(cartId: string, held: readonly string[]): boolean;
  /** At start-up: asks the server about every unsettled attempt and applies what was paid. */
  settleAtStart(): Promise<void>;
  /** Stops following payments up (the core is closing). */
  close(): void;
}

const NOT_LINKED = {
  code: 'wallet.offline',
  message: 'This register has no connection to the payment server: take cash or card instead.',
} as const;

const PENDING = {
  code: 'checkout.walletPending',
  message:
    'A wallet payment is waiting for the customer to confirm: wait for it or cancel it first.',
} as const;

/** How often, and how long, an unsettled payment is asked about in the background. */
const FOLLOW_PAUSE_MS = 2_000;
const FOLLOW_ROUNDS = 30;
/** After a QR's time is up the server closes it; a few more questions hear that. */
const FOLLOW_PAST_QR_ROUNDS = 15;

interface Flight {
  readonly cartId: string;
  readonly attempt: number;
  cancelRequested: boolean;
  /** The cancel sent while the pay request was still waiting for its answer. */
  cancelling?: Promise<unknown>;
}

function tenderOf(view: WalletAttemptView): WalletTender {
  return {
    kind: 'wallet',
    provider: view.wallet,
    amount: view.amount,
    paymentCode: view.maskedCode,
    providerTransactionId: view.providerTransactionId ?? '',
  };
}

/** The stages during which the customer display keeps the store's QR up. */
const QR_SHOWN: readonly WalletProgressStage[] = ['sending', 'waiting', 'checking'];

function stageOf(view: WalletAttemptView): WalletProgressStage {
  switch (view.state) {
    case 'sending':
    case 'pending':
      return 'waiting';
    case 'paid':
      return 'paid';
    case 'failed':
      return 'failed';
    case 'reversed':
    case 'refunded':
      return 'cancelled';
    default: {
      const unknown: never = view.state;
      throw new Error(`Unknown wallet attempt state ${String(unknown)}`);
    }
  }
}

export function createWalletTender(
  options: Readonly<{
    wallets: WalletPayments;
    /** False when the register has no server link: wallet tenders are refused before a write. */
    linked: boolean;
    logger: Logger;
    checkout: WalletCheckout;
    progress(view: WalletProgressView): void;
  }>,
): WalletTenderService {
  const { wallets, checkout, logger } = options;
  let flight: Flight | undefined;
  /** Set from the moment a wallet tender is asked for until its flight is known: one at a time. */
  let starting = false;
  let checking: Promise<void> | undefined;
  let following: Promise<void> | undefined;
  let closed = false;
  /** The cart of the latest payment run here, and what its tender did: a completed sale is
   * no open cart any more, but `walletStatus` still answers for it. */
  let last: { cartId: string; attempt: number; outcome?: TenderOutcome } | undefined;

  function viewOf(
    attempt: WalletAttemptView,
    stage: WalletProgressStage = stageOf(attempt),
  ): WalletProgressView {
    const outcome =
      last !== undefined && last.cartId === attempt.saleId && last.attempt === attempt.attempt
        ? last.outcome
        : undefined;
    return {
      cartId: attempt.saleId,
      attempt: attempt.attempt,
      wallet: attempt.wallet,
      amount: attempt.amount.amount,
      maskedCode: attempt.maskedCode,
      stage,
      ...(attempt.qr === null || !QR_SHOWN.includes(stage) ? {} : { qr: attempt.qr }),
      ...(attempt.failure === null || (stage !== 'failed' && stage !== 'cancelled')
        ? {}
        : { failure: attempt.failure }),
      ...(stage === 'paid' && outcome !== undefined ? { outcome } : {}),
    };
  }

  const latest = (cartId: string): WalletAttemptView | undefined => wallets.attempts(cartId).at(-1);

  function announce(cartId: string, stage?: WalletProgressStage): void {
    const attempt = latest(cartId);
    if (attempt !== undefined) options.progress(viewOf(attempt, stage));
  }

  /**
   * Applies every paid attempt of the cart that its payment does not hold yet (a payment paid as
   * the register crashed, or answered while the cashier waited). Answers the last tender's
   * outcome, or undefined when there was nothing to apply.
   */
  function applyPaid(cartId: string): Result<TenderOutcome | undefined> {
    let outcome: TenderOutcome | undefined;
    for (const attempt of wallets.attempts(cartId)) {
      const open = checkout.openCart();
      if (open === undefined || open.cartId !== cartId) break;
      const txn = attempt.providerTransactionId;
      if (attempt.state !== 'paid' || txn === null || open.walletTransactions.includes(txn)) {
        continue;
      }
      const applied = checkout.applyWallet(cartId, tenderOf(attempt));
      if (!applied.ok) {
        logger.error('paid wallet payment could not be applied to its cart', {
          cartId,
          attempt: attempt.attempt,
          code: applied.error.code,
        });
        return applied;
      }
      outcome = applied.value;
      last = { cartId, attempt: attempt.attempt, outcome };
      options.progress(viewOf(attempt, 'paid'));
    }
    return ok(outcome);
  }

  /** One question to the server about the cart's latest attempt; one at a time. */
  function checkOnce(cartId: string): Promise<void> {
    checking ??= (async () => {
      announce(cartId, 'checking');
      const checked = await wallets.check(cartId);
      if (checked.ok && checked.value.kind === 'paid') {
        applyPaid(cartId);
      } else if (!checked.ok) {
        announce(cartId);
      }
    })().finally(() => {
      checking = undefined;
    });
    return checking;
  }

  /** Asks about an unsettled payment in the background until it settles (or the core closes). */
  function follow(cartId: string): void {
    if (following !== undefined || closed) return;
    // A QR is asked about for as long as it is offered, then until the server has closed it.
    const qr = latest(cartId)?.qr;
    const rounds =
      qr === undefined || qr === null
        ? FOLLOW_ROUNDS
        : Math.ceil(Math.max(0, qr.expiresAt - Date.now()) / FOLLOW_PAUSE_MS) +
          FOLLOW_PAST_QR_ROUNDS;
    following = (async () => {
      for (let round = 0; round < rounds && !closed; round += 1) {
        await checkOnce(cartId);
        if (closed || !wallets.unsettled(cartId)) return;
        await new Promise<void>((resolve) => setTimeout(resolve, FOLLOW_PAUSE_MS).unref());
      }
    })()
      .catch((error: unknown) => {
        // A core closed mid-question has nothing left to write to; the next start asks again.
        if (!closed) {
          logger.error('following a wallet payment failed', { cartId, error: String(error) });
        }
      })
      .finally(() => {
        following = undefined;
      });
  }

  /** The start's answer as checkout's: a tender applied, still waiting, or why not. */
  async function settleStarted(
    current: Flight,
    started: Result<WalletPaymentOutcome>,
  ): Promise<Result<TenderOutcome>> {
    const { cartId } = current;
    if (current.cancelling !== undefined) {
      // The cashier cancelled while the customer paid: the cancel's answer decides.
      await current.cancelling;
    }
    if (!started.ok) {
      announce(cartId, current.cancelRequested ? 'cancelled' : 'failed');
      return started;
    }
    if (started.value.kind === 'pending' && !current.cancelRequested) {
      announce(cartId, 'waiting');
      follow(cartId);
      return err('checkout.walletPending', started.value.message, {
        attempt: started.value.attempt,
      });
    }
    const applied = applyPaid(cartId);
    if (!applied.ok) return applied;
    if (applied.value !== undefined) return ok(applied.value);
    const now = latest(cartId);
    if (now !== undefined && stageOf(now) === 'waiting') {
      follow(cartId);
      return err('checkout.walletPending', 'The wallet payment is not confirmed yet.', {
        attempt: now.attempt,
      });
    }
    announce(cartId);
    return err(
      'checkout.walletCancelled',
      'Wallet payment cancelled: nothing stays charged to the customer.',
      { attempt: current.attempt },
    );
  }

  async function cancelUnsettled(cartId: string, inFlight: boolean) {
    // A cancel sent while the pay request travels may reach the server first: try again briefly.
    for (let tries = 0; ; tries += 1) {
      const cancelled = await wallets.cancel(cartId);
      if (cancelled.ok || cancelled.error.code !== 'wallet.cancelUncertain' || tries >= 3) {
        if (!cancelled.ok && !inFlight && cancelled.error.code === 'wallet.cancelUncertain') {
          // No request in flight here: the server may never have had it (a crash). Ask.
          await checkOnce(cartId);
          const after = latest(cartId);
          if (after !== undefined && (after.state === 'failed' || after.state === 'reversed')) {
            return ok(after);
          }
        }
        return cancelled;
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 250).unref());
    }
  }

  /** One new attempt for the open cart: by the customer's code, or by the store's QR. */
  async function startPayment(
    by:
      | { readonly kind: 'code'; readonly code: string; readonly masked: MaskedPaymentCode }
      | { readonly kind: 'qr' },
    wallet: WalletProvider,
    amount: number | undefined,
  ): Promise<Result<TenderOutcome>> {
    const open = service.settleOpenAttempt();
    if (!open.ok) return open;
    const due = checkout.due();
    if (!due.ok) return due;
    const charge = amount ?? due.value.remaining;
    if (charge > due.value.remaining) {
      return err(
        'tender.exceedsDue',
        'Only cash can pay more than is due; enter at most what remains.',
        { remaining: due.value.remaining },
      );
    }
    const { cartId, currency } = due.value;
    const current: Flight = {
      cartId,
      attempt: wallets.attempts(cartId).length + 1,
      cancelRequested: false,
    };
    flight = current;
    last = { cartId, attempt: current.attempt };
    options.progress({
      cartId,
      attempt: current.attempt,
      wallet,
      amount: charge,
      maskedCode: by.kind === 'code' ? by.masked : null,
      stage: 'sending',
    });
    try {
      const started =
        by.kind === 'code'
          ? await wallets.start(cartId, money(charge, currency), by.code)
          : await wallets.startQr(cartId, money(charge, currency), wallet);
      return await settleStarted(current, started);
    } finally {
      flight = undefined;
    }
  }

  /** One wallet tender at a time: a second scan or a double submit waits for the first. */
  async function oneAtATime(
    start: () => Promise<Result<TenderOutcome>>,
  ): Promise<Result<TenderOutcome>> {
    if (!options.linked) return err(NOT_LINKED.code, NOT_LINKED.message);
    if (starting || flight !== undefined) return err(PENDING.code, PENDING.message);
    starting = true;
    try {
      return await start();
    } finally {
      starting = false;
    }
  }

  const service: WalletTenderService = {
    async tenderWallet(code, amount) {
      if (!options.linked) return err(NOT_LINKED.code, NOT_LINKED.message);
      const masked = maskPaymentCode(code);
      if (!masked.ok) return masked;
      const { provider } = masked.value;
      return oneAtATime(() =>
        startPayment({ kind: 'code', code, masked: masked.value.code }, provider, amount),
      );
    },

    tenderWalletQr(wallet, amount) {
      return oneAtATime(() => startPayment({ kind: 'qr' }, wallet, amount));
    },

    async walletStatus() {
      const open = checkout.openCart();
      const cartId = [open?.cartId, last?.cartId].find(
        (id): id is string => id !== undefined && latest(id) !== undefined,
      );
      if (cartId === undefined) {
        return err('checkout.noWalletPayment', 'This sale has no wallet payment.');
      }
      if (flight?.cartId === cartId) {
        const attempt = latest(cartId);
        if (attempt !== undefined) return ok(viewOf(attempt, 'waiting'));
      }
      if (wallets.unsettled(cartId)) await checkOnce(cartId);
      else {
        // Paid but not on the cart yet (answered as the register restarted): apply it now.
        const applied = applyPaid(cartId);
        if (!applied.ok) return applied;
      }
      const attempt = latest(cartId);
      if (attempt === undefined) {
        return err('checkout.noWalletPayment', 'This sale has no wallet payment.');
      }
      return ok(viewOf(attempt));
    },

    async cancelWallet() {
      const cartId = checkout.openCart()?.cartId;
      const attempt = cartId === undefined ? undefined : latest(cartId);
      if (cartId === undefined || attempt === undefined) {
        return err('checkout.noWalletPayment', 'No wallet payment is in progress.');
      }
      const current = flight?.cartId === cartId ? flight : undefined;
      if (current === undefined && !wallets.unsettled(cartId)) {
        const applied = applyPaid(cartId);
        if (!applied.ok) return applied;
        return attempt.state === 'paid'
          ? err(
              'checkout.walletCharged',
              'The wallet payment went through and is on the sale: refund it to give the money back.',
              { attempt: attempt.attempt },
            )
          : err('checkout.noWalletPayment', 'No wallet payment is in progress.');
      }
      options.progress(viewOf(attempt, 'cancelRequested'));
      const cancelling = cancelUnsettled(cartId, current !== undefined);
      if (current !== undefined) {
        current.cancelRequested = true;
        current.cancelling = cancelling;
      }
      const cancelled = await cancelling;
      if (!cancelled.ok) {
        // Not cancelled: the payment goes on as it was (and a paid one lands on the sale).
        if (current === undefined) applyPaid(cartId);
        return cancelled;
      }
      logger.info('wallet payment cancelled at checkout', { cartId, attempt: attempt.attempt });
      announce(cartId, 'cancelled');
      return ok({ cartId, attempt: attempt.attempt, outcome: 'cancelled' });
    },

    settleOpenAttempt() {
      const open = checkout.openCart();
      if (open === undefined) return ok(undefined);
      if (flight?.cartId === open.cartId || wallets.unsettled(open.cartId)) {
        if (flight === undefined) follow(open.cartId);
        return err(PENDING.code, PENDING.message);
      }
      const applied = applyPaid(open.cartId);
      if (!applied.ok) return applied;
      if (applied.value !== undefined) {
        return err(
          'checkout.walletResolved',
          'An earlier wallet payment went through and is now on the sale: check what is still due.',
        );
      }
      return ok(undefined);
    },

    busy(cartId, held) {
      if (flight?.cartId === cartId) return true;
      return wallets
        .attempts(cartId)
        .some(
          (a) =>
            a.state === 'sending' ||
            a.state === 'pending' ||
            (a.state === 'paid' &&
              a.providerTransactionId !== null &&
              !held.includes(a.providerTransactionId)),
        );
    },

    async settleAtStart() {
      const resolved = await wallets.resolvePending();
      const open = checkout.openCart();
      if (open === undefined) return;
      const applied = applyPaid(open.cartId);
      if (applied.ok && applied.value !== undefined) {
        logger.info('wallet payment paid before the restart applied to its cart', {
          cartId: open.cartId,
          outcome: applied.value.status,
        });
      }
      if (resolved.stillPending.length > 0 && wallets.unsettled(open.cartId)) follow(open.cartId);
    },

    close() {
      closed = true;
    },
  };
  return service;
}
