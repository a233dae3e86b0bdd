// The server side of a wallet payment: records the attempt before the provider hears of it,
// submits once, settles an uncertain answer by the quick-pay rule (query, then reverse) in the
// background, and answers registers with the attempt as it stands. A repeated request finds the
// same row and the same merchant order number, so it can never become a second charge.
//
// A QR payment (the store's code on the customer display, when the customer's cannot be scanned)
// is recorded the same way, then the provider makes the QR; every status question queries the
// order, and once the QR's time is up it is closed — paid at the last moment is still paid. A
// cancel closes it, or refunds it whole when the customer paid before the close arrived.
import type { Result } from '../../../app/result';
import { err, ok } from '../../../app/result';
import type {
  WalletPayRequest,
  WalletPaymentView,
  WalletProvider as Wallet,
  WalletQrRequest,
  WalletRefundRequest,
} from '../../../app/tenders';
import { maskPaymentCode } from '../../../app/tenders';
import type { Db } from '../db/db';
import type { QuickPayClock, QuickPayTiming, Settlement } from './quick-pay';
import { reverseUntilSure, settleUncertainPayment } from './quick-pay';
import type { WalletPaymentRow } from './wallet-payment-books';
import {
  findPayment,
  keepQrContent,
  moveState,
  outRefundNo,
  parseAttemptId,
  paymentById,
  pendingPayments,
  recordAttempt,
  recordRefund,
  settleRefund,
  viewOf,
} from './wallet-payment-books';
import type { WalletProvider } from './wallet-provider';

export interface WalletLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface WalletGatewayOptions {
  readonly db: Db;
  /** The provider for a wallet; may start it on first use (the demo's simulators). */
  readonly provider: (wallet: Wallet) => Promise<WalletProvider>;
  readonly clock: QuickPayClock;
  readonly timing: QuickPayTiming;
  /** How long a request waits for a payment still settling before answering `pending`. */
  readonly holdMs: number;
  /** How long the store's QR is offered before it is closed. */
  readonly qrTtlMs: number;
  /** What the customer's wallet shows for the payment. */
  readonly description: string;
  readonly log: WalletLog;
}

export interface Caller {
  readonly storeId: string;
  readonly registerId: string;
}

export interface WalletGateway {
  pay(caller: Caller, request: WalletPayRequest): Promise<Result<WalletPaymentView>>;
  /** Makes the store's QR for the amount; the same request again answers the same QR. */
  showQr(caller: Caller, request: WalletQrRequest): Promise<Result<WalletPaymentView>>;
  /** The attempt; a pending one is settled with the provider (queried, reversed when too old). */
  status(storeId: string, attemptId: string): Promise<Result<WalletPaymentView>>;
  /** Reverses: closes an unpaid order, gives a paid one back. */
  cancel(storeId: string, attemptId: string): Promise<Result<WalletPaymentView>>;
  refund(
    storeId: string,
    attemptId: string,
    request: WalletRefundRequest,
  ): Promise<Result<WalletPaymentView>>;
  /** Settles attempts left pending (a restart, an unanswered register): the job's one round. */
  resolveStale(): Promise<number>;
  /** Resolves when no settlement runs in the background. */
  idle(): Promise<void>;
  /** Stops background settlements at their next step; rows stay pending for the next start. */
  close(): Promise<void>;
}

const SUPPORTED_CURRENCY = 'CNY';

const CANCELLED = {
  code: 'wallet.cancelled',
  message: 'The cashier cancelled the payment: nothing was charged, or it was given back.',
};

const QR_EXPIRED = {
  code: 'wallet.qrExpired',
  message: 'Nobody paid the QR in time, so it was closed: nothing was charged.',
};

const QR_UNCERTAIN = {
  code: 'wallet.qrUncertain',
  message: 'The wallet service did not answer with a QR; ask again.',
} as const;

export function createWalletGateway(options: WalletGatewayOptions): WalletGateway {
  const { db, clock, timing, log } = options;
  /** Settlements running in this process, by payment id. */
  const settling = new Map<string, Promise<WalletPaymentRow>>();
  const stops = new Map<string, AbortController>();
  let closed = false;

  /** The provider, or a failure recorded for a payment it could not be started for. */
  async function providerFor(row: WalletPaymentRow): Promise<WalletProvider | undefined> {
    try {
      return await options.provider(row.wallet);
    } catch (error) {
      log.error({ err: error, wallet: row.wallet }, 'wallet provider unavailable');
      return undefined;
    }
  }

  async function apply(row: WalletPaymentRow, settlement: Settlement): Promise<WalletPaymentRow> {
    const now = clock.now();
    switch (settlement.kind) {
      case 'paid':
        return moveState(
          db,
          row.id,
          ['pending'],
          { to: 'paid', transactionId: settlement.transactionId },
          now,
        );
      case 'failed':
        return moveState(db, row.id, ['pending'], { to: 'failed', failure: settlement }, now);
      case 'reversed':
        return moveState(
          db,
          row.id,
          ['pending', 'paid'],
          { to: 'reversed', failure: settlement },
          now,
        );
      case 'unresolved': {
        log.warn(
          { attemptId: row.id, reason: settlement.reason },
          'wallet payment still unresolved',
        );
        return (await paymentById(db, row.id)) ?? row;
      }
      default: {
        const unknown: never = settlement;
        throw new Error(`Unknown settlement ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Query-then-reverse from `startedAt`, in the background, tracked so repeats wait on it. */
  function settleInBackground(row: WalletPaymentRow, provider: WalletProvider, startedAt: number) {
    const stop = new AbortController();
    stops.set(row.id, stop);
    return settleUncertainPayment({
      provider,
      outTradeNo: row.id,
      startedAt,
      timing,
      clock,
      stop: stop.signal,
    }).then((settlement) => apply(row, settlement));
  }

  async function submitAndSettle(row: WalletPaymentRow, code: string): Promise<WalletPaymentRow> {
    const provider = await providerFor(row);
    if (provider === undefined) {
      return moveState(
        db,
        row.id,
        ['pending'],
        {
          to: 'failed',
          failure: {
            code: 'wallet.providerUnavailable',
            message: 'The wallet service cannot be reached: take cash or card.',
          },
        },
        clock.now(),
      );
    }
    const startedAt = clock.now();
    const outcome = await provider.submit({
      outTradeNo: row.id,
      amount: row.amount,
      currency: row.currency,
      authCode: code,
      description: options.description,
    });
    log.info(
      { attemptId: row.id, code: row.masked_code, outcome: outcome.kind },
      'wallet submit answered',
    );
    switch (outcome.kind) {
      case 'paid':
        return apply(row, outcome);
      case 'failed':
        return apply(row, outcome);
      case 'userPaying':
      case 'unknown':
        return settleInBackground(row, provider, startedAt);
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown submit outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  function track(id: string, work: Promise<WalletPaymentRow>): Promise<WalletPaymentRow> {
    const tracked = work
      .catch(async (error: unknown) => {
        log.error({ err: error, attemptId: id }, 'wallet settlement failed; it stays pending');
        const row = await paymentById(db, id);
        if (row === undefined) throw error;
        return row;
      })
      .finally(() => {
        if (settling.get(id) === tracked) {
          settling.delete(id);
          stops.delete(id);
        }
      });
    settling.set(id, tracked);
    return tracked;
  }

  /** The settlement's answer if it comes within the hold, else the row as it stands (pending). */
  async function hold(id: string, work: Promise<WalletPaymentRow>): Promise<WalletPaymentRow> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.holdMs);
    });
    const settled = await Promise.race([work, timeout]);
    clearTimeout(timer);
    if (settled !== undefined) return settled;
    const row = await paymentById(db, id);
    if (row === undefined) throw new Error(`wallet payment ${id} vanished`);
    return row;
  }

  /** A pending row with nobody settling it (a restart): settle it now, from its creation time. */
  function resume(row: WalletPaymentRow): Promise<WalletPaymentRow> {
    const running = settling.get(row.id);
    if (running !== undefined) return running;
    return track(
      row.id,
      (async () => {
        const provider = await providerFor(row);
        if (provider === undefined) return row;
        return settleInBackground(row, provider, row.created_at);
      })(),
    );
  }

  /**
   * One look at a pending QR payment: paid or refused as the provider says; while nobody paid,
   * pending until its time is up, then closed. Paid just before the close is still paid.
   */
  async function settleQr(row: WalletPaymentRow): Promise<WalletPaymentRow> {
    const provider = await providerFor(row);
    if (provider === undefined) return row;
    const queried = await provider.query(row.id);
    switch (queried.kind) {
      case 'paid':
        return apply(row, queried);
      case 'failed':
        // A QR the provider closed on its own has run out of time.
        return apply(
          row,
          queried.code === 'wallet.orderClosed' ? { kind: 'failed', ...QR_EXPIRED } : queried,
        );
      case 'userPaying':
      case 'notFound':
      case 'unknown':
        break;
      default: {
        const unknown: never = queried;
        throw new Error(`Unknown query outcome ${JSON.stringify(unknown)}`);
      }
    }
    if (clock.now() < Number(row.qr_expires_at ?? 0)) return row;
    const closed = await provider.close(row.id);
    switch (closed.kind) {
      case 'closed':
        return moveState(
          db,
          row.id,
          ['pending'],
          { to: 'failed', failure: QR_EXPIRED },
          clock.now(),
        );
      case 'alreadyPaid': {
        const again = await provider.query(row.id);
        return again.kind === 'paid' ? apply(row, again) : row;
      }
      case 'refused':
      case 'unknown':
        log.warn({ attemptId: row.id, outcome: closed.kind }, 'expired wallet QR not closed yet');
        return row;
      default: {
        const unknown: never = closed;
        throw new Error(`Unknown close outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Asks the provider for the QR of a recorded QR payment (again, after a crash: same order). */
  async function makeQr(row: WalletPaymentRow): Promise<Result<WalletPaymentRow>> {
    const provider = await providerFor(row);
    if (provider === undefined) {
      return ok(
        await moveState(
          db,
          row.id,
          ['pending'],
          {
            to: 'failed',
            failure: {
              code: 'wallet.providerUnavailable',
              message: 'The wallet service cannot be reached: take cash or card.',
            },
          },
          clock.now(),
        ),
      );
    }
    const made = await provider.precreate({
      outTradeNo: row.id,
      amount: row.amount,
      currency: row.currency,
      description: options.description,
      expiresAt: Number(row.qr_expires_at),
    });
    log.info({ attemptId: row.id, outcome: made.kind }, 'wallet QR answered');
    switch (made.kind) {
      case 'created': {
        const kept = await keepQrContent(db, row.id, made.qrContent, clock.now());
        return ok(kept ?? row);
      }
      case 'failed':
        return ok(await apply(row, made));
      case 'unknown':
        return err(QR_UNCERTAIN.code, QR_UNCERTAIN.message);
      default: {
        const unknown: never = made;
        throw new Error(`Unknown precreate outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The cashier's cancel of a QR payment: closed unpaid, or paid and refunded whole. */
  async function cancelQr(row: WalletPaymentRow): Promise<Result<WalletPaymentView>> {
    const provider = await providerFor(row);
    if (provider === undefined) {
      return err('wallet.providerUnavailable', 'The wallet service cannot be reached; try again.');
    }
    const closed = await provider.close(row.id);
    if (closed.kind === 'closed') {
      return ok(viewOf(await apply(row, { kind: 'reversed', ...CANCELLED })));
    }
    if (closed.kind !== 'alreadyPaid') {
      return err(
        'wallet.cancelUncertain',
        'The wallet service did not confirm the cancel; try again in a moment.',
      );
    }
    // The customer paid before the close arrived: record the payment, then give it all back.
    const queried = await provider.query(row.id);
    const paid = queried.kind === 'paid' ? await apply(row, queried) : row;
    if (paid.state !== 'paid') {
      return err('wallet.cancelUncertain', 'The payment is not settled yet; try again.');
    }
    const refunded = await provider.refund({
      outTradeNo: row.id,
      outRefundNo: outRefundNo(row.id, 'cancel'),
      amount: row.amount,
      total: row.amount,
      currency: row.currency,
    });
    if (refunded.kind !== 'refunded') {
      return err(
        'wallet.cancelUncertain',
        'The customer paid just before the cancel and the refund is not confirmed; try again.',
      );
    }
    const after = await moveState(
      db,
      row.id,
      ['paid'],
      { to: 'reversed', failure: CANCELLED },
      clock.now(),
    );
    log.info({ attemptId: row.id }, 'wallet QR paid as it was cancelled; refunded whole');
    return ok(viewOf(after));
  }

  async function rowOf(storeId: string, attemptId: string): Promise<Result<WalletPaymentRow>> {
    const parsed = parseAttemptId(attemptId);
    const row =
      parsed === undefined
        ? undefined
        : await findPayment(db, storeId, parsed.saleId, parsed.attempt);
    if (row === undefined) {
      return err('wallet.attemptNotFound', 'The server has no such wallet payment attempt.');
    }
    return ok(row);
  }

  return {
    async pay(caller, request) {
      const masked = maskPaymentCode(request.paymentCode);
      if (!masked.ok) return masked;
      if (request.currency !== SUPPORTED_CURRENCY) {
        return err(
          'wallet.currencyInvalid',
          `Wallet payments are taken in ${SUPPORTED_CURRENCY} only.`,
        );
      }
      const { created, row } = await recordAttempt(
        db,
        {
          storeId: caller.storeId,
          registerId: caller.registerId,
          saleId: request.saleId,
          attempt: request.attempt,
          wallet: masked.value.provider,
          amount: request.amount,
          currency: request.currency,
          by: { kind: 'code', maskedCode: masked.value.code },
        },
        clock.now(),
      );
      if (!created) {
        if (
          row.kind !== 'code' ||
          row.amount !== request.amount ||
          row.currency !== request.currency ||
          row.masked_code !== masked.value.code
        ) {
          return err(
            'wallet.attemptMismatch',
            'This attempt was already made with another amount or code: start a new attempt.',
          );
        }
        // The same request again (a lost answer, a retry): the same attempt, never a new charge.
        if (row.state !== 'pending') return ok(viewOf(row));
        return ok(viewOf(await hold(row.id, resume(row))));
      }
      log.info(
        { attemptId: row.id, saleId: row.sale_id, attempt: row.attempt, code: row.masked_code },
        'wallet payment started',
      );
      const work = track(row.id, submitAndSettle(row, request.paymentCode));
      return ok(viewOf(await hold(row.id, work)));
    },

    async showQr(caller, request) {
      if (request.currency !== SUPPORTED_CURRENCY) {
        return err(
          'wallet.currencyInvalid',
          `Wallet payments are taken in ${SUPPORTED_CURRENCY} only.`,
        );
      }
      const { created, row } = await recordAttempt(
        db,
        {
          storeId: caller.storeId,
          registerId: caller.registerId,
          saleId: request.saleId,
          attempt: request.attempt,
          wallet: request.wallet,
          amount: request.amount,
          currency: request.currency,
          // Whole seconds: the providers take the expiry to the second.
          by: { kind: 'qr', expiresAt: Math.floor((clock.now() + options.qrTtlMs) / 1000) * 1000 },
        },
        clock.now(),
      );
      if (
        !created &&
        (row.kind !== 'qr' ||
          row.wallet !== request.wallet ||
          row.amount !== request.amount ||
          row.currency !== request.currency)
      ) {
        return err(
          'wallet.attemptMismatch',
          'This attempt was already made another way: start a new attempt.',
        );
      }
      if (created) {
        log.info(
          { attemptId: row.id, saleId: row.sale_id, attempt: row.attempt, wallet: row.wallet },
          'wallet QR payment started',
        );
      }
      // A repeat finds the QR made already; a row without one (the answer was lost) asks again.
      if (row.state !== 'pending' || row.qr_content !== null) return ok(viewOf(row));
      const made = await makeQr(row);
      return made.ok ? ok(viewOf(made.value)) : made;
    },

    async status(storeId, attemptId) {
      const found = await rowOf(storeId, attemptId);
      if (!found.ok) return found;
      const row = found.value;
      if (row.state !== 'pending' || closed) return ok(viewOf(row));
      if (row.kind === 'qr') return ok(viewOf(await settleQr(row)));
      return ok(viewOf(await hold(row.id, resume(row))));
    },

    async cancel(storeId, attemptId) {
      const found = await rowOf(storeId, attemptId);
      if (!found.ok) return found;
      const row = found.value;
      if (row.state === 'failed' || row.state === 'reversed') return ok(viewOf(row));
      if (row.state === 'refunded' || row.refunded_amount > 0) {
        return err(
          'wallet.notCancellable',
          'Part of this payment was refunded already: refund the rest instead of cancelling.',
        );
      }
      if (row.kind === 'qr') {
        if (row.state === 'paid') {
          return err(
            'wallet.notCancellable',
            'This QR payment went through: refund it to give the money back.',
          );
        }
        return cancelQr(row);
      }
      // Stop the background settlement first, so its late answer cannot race the reverse.
      stops.get(row.id)?.abort();
      await settling.get(row.id);
      const provider = await providerFor(row);
      if (provider === undefined) {
        return err(
          'wallet.providerUnavailable',
          'The wallet service cannot be reached; try again.',
        );
      }
      const settlement = await reverseUntilSure(provider, row.id, timing, clock, CANCELLED);
      if (settlement.kind === 'unresolved') {
        return err(
          'wallet.cancelUncertain',
          'The wallet service did not confirm the cancel; try again in a moment.',
        );
      }
      const after = await apply(row, settlement);
      log.info({ attemptId: row.id, state: after.state }, 'wallet payment cancelled');
      return ok(viewOf(after));
    },

    async refund(storeId, attemptId, request) {
      const found = await rowOf(storeId, attemptId);
      if (!found.ok) return found;
      const row = found.value;
      if (row.state !== 'paid' && row.state !== 'refunded') {
        return err('wallet.notRefundable', 'Only a paid wallet payment can be refunded.');
      }
      const recorded = await recordRefund(db, row, request.refundId, request.amount, clock.now());
      if (recorded.kind === 'tooMuch') {
        return err(
          'wallet.refundTooMuch',
          `At most ${recorded.left} can still be refunded on this payment.`,
          { left: recorded.left },
        );
      }
      const refund = recorded.row;
      if (refund.amount !== request.amount) {
        return err('wallet.refundMismatch', 'This refund id was used with another amount.');
      }
      if (refund.state === 'refunded') return ok(viewOf(row));
      if (refund.state === 'failed') {
        return err('wallet.refundRefused', 'The wallet refused this refund; it was not made.');
      }
      const provider = await providerFor(row);
      if (provider === undefined) {
        return err(
          'wallet.providerUnavailable',
          'The wallet service cannot be reached; try again.',
        );
      }
      const outcome = await provider.refund({
        outTradeNo: row.id,
        outRefundNo: refund.id,
        amount: refund.amount,
        total: row.amount,
        currency: row.currency,
      });
      switch (outcome.kind) {
        case 'refunded': {
          const after = await settleRefund(db, refund, outcome, clock.now());
          log.info({ attemptId: row.id, amount: refund.amount }, 'wallet payment refunded');
          return ok(viewOf(after));
        }
        case 'refused':
          await settleRefund(db, refund, { kind: 'failed', code: outcome.code }, clock.now());
          return err('wallet.refundRefused', outcome.message);
        case 'unknown':
          // The refund number is fixed: repeating the same request cannot refund twice.
          return err(
            'wallet.refundUncertain',
            'The wallet service did not confirm the refund; send the same refund again.',
          );
        default: {
          const unknown: never = outcome;
          throw new Error(`Unknown refund outcome ${JSON.stringify(unknown)}`);
        }
      }
    },

    async resolveStale() {
      if (closed) return 0;
      const stale = await pendingPayments(db, clock.now() - timing.giveUpAfterMs);
      const started = stale.filter((row) => !settling.has(row.id));
      await Promise.all(
        started.map((row) =>
          row.kind === 'qr'
            ? // A QR row without its QR (the answer lost) is closed like one nobody paid.
              settleQr(row)
            : resume(row),
        ),
      );
      return started.length;
    },

    async idle() {
      while (settling.size > 0) await Promise.allSettled([...settling.values()]);
    },

    async close() {
      closed = true;
      for (const stop of stops.values()) stop.abort();
      await Promise.allSettled([...settling.values()]);
    },
  };
}
