// The register's wallet payments (WeChat Pay, Alipay): a scanned payment code — or the store's QR
// shown to the customer when their code cannot be scanned — becomes an attempt written to disk
// before the request leaves, then whatever the central server answers. Offline
// means refused at once (the cashier takes cash or card); an answer that never came leaves the
// attempt `sending`, and it is asked about — never sent again — before the sale may move on.
import type { Money } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { MaskedPaymentCode, WalletProvider, WalletTender } from '../../app/tenders';
import { maskPaymentCode } from '../../app/tenders';
import type { WalletCallOutcome, WalletClient } from '../../sync/client';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import type { WalletAttemptRow } from './wallet-attempt-rows';
import {
  UNSETTLED,
  attemptOfTransaction,
  attemptRow,
  latestAttempt,
  saleAttempts,
  recordNotTaken,
  recordServerAnswer,
  unsettledAttempts,
  writeSendingAttempt,
} from './wallet-attempt-rows';

/** What checkout gets back for a sale's wallet payment. */
export type WalletPaymentOutcome =
  /** Paid: add `tender` to the sale's payment; print its wallet, masked code and transaction id. */
  | { readonly kind: 'paid'; readonly attempt: number; readonly tender: WalletTender }
  /** Not known yet: show progress, ask again with `check`; the sale may not complete or void. */
  | {
      readonly kind: 'pending';
      readonly attempt: number;
      readonly message: string;
      /** A QR payment: what the customer display shows until the customer pays or it runs out. */
      readonly qr?: { readonly content: string; readonly expiresAt: number };
    };

export interface WalletAttemptView {
  readonly saleId: string;
  readonly attempt: number;
  readonly state: WalletAttemptRow['state'];
  readonly wallet: WalletAttemptRow['wallet'];
  readonly amount: Money;
  /** Null when the customer scans the store's QR. */
  readonly maskedCode: MaskedPaymentCode | null;
  readonly qr: { readonly content: string; readonly expiresAt: number } | null;
  readonly providerTransactionId: string | null;
  readonly refunded: Money;
  /** Why it failed or was reversed (null otherwise). */
  readonly failure: { readonly code: string; readonly message: string } | null;
}

export interface WalletPayments {
  /** Takes `amount` for the sale from the customer's scanned payment code. */
  start(saleId: string, amount: Money, code: string): Promise<Result<WalletPaymentOutcome>>;
  /** Takes `amount` by the store's QR in `wallet`, for the customer to scan on the display. */
  startQr(
    saleId: string,
    amount: Money,
    wallet: WalletProvider,
  ): Promise<Result<WalletPaymentOutcome>>;
  /** The sale's latest attempt, asking the server if it is not settled (progress polling). */
  check(saleId: string): Promise<Result<WalletPaymentOutcome>>;
  /** Reverses the sale's latest attempt: the cashier's cancel, or voiding a wallet-paid sale. */
  cancel(saleId: string): Promise<Result<WalletAttemptView>>;
  /**
   * Gives back part or all of the sale's paid attempt (the latest, or `attempt`: a split may hold
   * two) through the provider; once per refund id.
   */
  refund(
    saleId: string,
    refundId: string,
    amount: Money,
    attempt?: number,
  ): Promise<Result<WalletAttemptView>>;
  /** At start: asks the server about every attempt left unsettled (a crash mid-payment). */
  resolvePending(): Promise<{ readonly settled: number; readonly stillPending: readonly string[] }>;
  /** True while the sale has an attempt whose outcome is unknown: checkout must wait for it. */
  unsettled(saleId: string): boolean;
  /** The sale's attempts as on disk, oldest first (no server call). */
  attempts(saleId: string): readonly WalletAttemptView[];
  /** The attempt a wallet tender came from, by the provider's transaction id. */
  byTransaction(providerTransactionId: string): WalletAttemptView | undefined;
}

const OFFLINE = {
  code: 'wallet.offline',
  message: 'No connection to the payment server: take cash or card instead.',
} as const;

const NOT_TAKEN = {
  code: 'wallet.notReceived',
  message: 'The payment server never received this payment: nothing was charged.',
} as const;

function viewOf(row: WalletAttemptRow): WalletAttemptView {
  return {
    saleId: row.sale_id,
    attempt: row.attempt,
    state: row.state,
    wallet: row.wallet,
    amount: { amount: row.amount, currency: row.currency },
    maskedCode: row.masked_code,
    qr: qrOf(row),
    providerTransactionId: row.provider_transaction_id,
    refunded: { amount: row.refunded_amount, currency: row.currency },
    failure:
      row.failure_code === null
        ? null
        : { code: row.failure_code, message: row.failure_message ?? row.failure_code },
  };
}

function qrOf(row: WalletAttemptRow): WalletAttemptView['qr'] {
  return row.qr_content === null || row.qr_expires_at === null
    ? null
    : { content: row.qr_content, expiresAt: row.qr_expires_at };
}

/** A settled or unsettled row as checkout's answer. */
function outcomeOf(row: WalletAttemptRow, pendingMessage?: string): Result<WalletPaymentOutcome> {
  switch (row.state) {
    case 'paid':
      return ok({
        kind: 'paid',
        attempt: row.attempt,
        tender: {
          kind: 'wallet',
          provider: row.wallet,
          amount: { amount: row.amount, currency: row.currency },
          paymentCode: row.masked_code,
          providerTransactionId: row.provider_transaction_id ?? '',
        },
      });
    case 'sending':
    case 'pending': {
      const qr = qrOf(row);
      return ok({
        kind: 'pending',
        attempt: row.attempt,
        message:
          pendingMessage ??
          (row.kind === 'qr'
            ? 'Waiting for the customer to scan the QR on the customer display and pay…'
            : 'Waiting for the customer to confirm on the phone…'),
        ...(qr === null ? {} : { qr }),
      });
    }
    case 'failed':
    case 'reversed':
      return err(
        row.failure_code ?? 'wallet.failed',
        row.failure_message ?? 'The wallet payment did not go through: nothing was charged.',
      );
    case 'refunded':
      return err('wallet.refunded', 'This wallet payment was refunded.');
    default: {
      const unknown: never = row.state;
      throw new Error(`Unknown wallet attempt state ${String(unknown)}`);
    }
  }
}

export function createWalletPayments(
  options: Readonly<{
    db: RegisterDb;
    client: WalletClient;
    clock: Clock;
    logger: Logger;
    /** The sync connection as last seen: `offline` refuses without even trying. */
    connection?: () => 'online' | 'offline' | 'unknown' | 'blocked';
  }>,
): WalletPayments {
  const { db, client, clock, logger } = options;

  /** Applies a server call's outcome to the row; `offline` when the call never reached the server. */
  function apply(row: WalletAttemptRow, outcome: WalletCallOutcome): WalletAttemptRow | 'offline' {
    switch (outcome.kind) {
      case 'answer':
        return recordServerAnswer(db, outcome.payment, clock.now());
      case 'offline':
        return 'offline';
      case 'uncertain':
      case 'serverError':
        // It may have happened: the row stays as it is, to be asked about again.
        logger.warn('wallet call unanswered', {
          saleId: row.sale_id,
          attempt: row.attempt,
          reason: outcome.message,
        });
        return row;
      case 'refused':
        if (outcome.code === 'wallet.attemptNotFound') {
          // The server never got it: it cannot be charged, and this attempt will not be sent again.
          return recordNotTaken(db, row, NOT_TAKEN, clock.now());
        }
        logger.warn('wallet call refused', {
          saleId: row.sale_id,
          attempt: row.attempt,
          code: outcome.code,
        });
        return row;
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown wallet outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * One new attempt: refused offline or while the sale's last attempt is unsettled; written
   * `sending` before `request` leaves; then whatever the server answered.
   */
  async function send(
    attempt: Readonly<{
      saleId: string;
      amount: Money;
      wallet: WalletProvider;
      maskedCode: MaskedPaymentCode | null;
    }>,
    request: (attempt: number) => Promise<WalletCallOutcome>,
  ): Promise<Result<WalletPaymentOutcome>> {
    const { saleId, amount } = attempt;
    if (options.connection?.() === 'offline') return err(OFFLINE.code, OFFLINE.message);
    const last = latestAttempt(db, saleId);
    if (last !== undefined && UNSETTLED.includes(last.state)) {
      return err(
        'wallet.pendingAttempt',
        'The previous wallet payment for this sale is not settled yet: wait for it or cancel it.',
      );
    }
    const row = writeSendingAttempt(db, {
      saleId,
      wallet: attempt.wallet,
      amount: amount.amount,
      currency: amount.currency,
      maskedCode: attempt.maskedCode,
      at: clock.now(),
    });
    logger.info('wallet payment started', {
      saleId,
      attempt: row.attempt,
      wallet: row.wallet,
      by: row.masked_code ?? 'store QR',
    });
    const outcome = await request(row.attempt);
    if (outcome.kind === 'refused' && outcome.code !== 'wallet.attemptNotFound') {
      // Refused before anything was charged (bad request, wrong store): a clear error, settled.
      recordNotTaken(db, row, outcome, clock.now());
      return err(outcome.code, outcome.message);
    }
    const after = apply(row, outcome);
    if (after === 'offline') {
      recordNotTaken(db, row, OFFLINE, clock.now());
      return err(OFFLINE.code, OFFLINE.message);
    }
    logger.info('wallet payment answered', { saleId, attempt: row.attempt, state: after.state });
    return outcomeOf(
      after,
      after.state === 'sending'
        ? 'No answer from the payment server yet: checking whether the payment went through…'
        : undefined,
    );
  }

  async function ask(row: WalletAttemptRow): Promise<WalletAttemptRow | 'offline'> {
    if (!UNSETTLED.includes(row.state)) return row;
    return apply(row, await client.status(row.sale_id, row.attempt));
  }

  return {
    async start(saleId, amount, code) {
      const masked = maskPaymentCode(code);
      if (!masked.ok) return masked;
      return send(
        { saleId, amount, wallet: masked.value.provider, maskedCode: masked.value.code },
        (attempt) =>
          client.pay({
            saleId,
            attempt,
            amount: amount.amount,
            currency: amount.currency,
            paymentCode: code,
          }),
      );
    },

    async startQr(saleId, amount, wallet) {
      return send({ saleId, amount, wallet, maskedCode: null }, (attempt) =>
        client.showQr({
          saleId,
          attempt,
          amount: amount.amount,
          currency: amount.currency,
          wallet,
        }),
      );
    },

    async check(saleId) {
      const row = latestAttempt(db, saleId);
      if (row === undefined) {
        return err('wallet.noAttempt', 'This sale has no wallet payment.');
      }
      const after = await ask(row);
      if (after === 'offline') {
        return outcomeOf(
          row,
          'The payment server is out of reach: the payment will be checked when it is back.',
        );
      }
      return outcomeOf(after);
    },

    async cancel(saleId) {
      const row = latestAttempt(db, saleId);
      if (row === undefined || row.state === 'failed' || row.state === 'reversed') {
        return err('wallet.nothingToCancel', 'This sale has no wallet payment to cancel.');
      }
      const outcome = await client.cancel(row.sale_id, row.attempt);
      if (outcome.kind === 'refused' && outcome.code === 'wallet.attemptNotFound') {
        // The pay request may still be on its way (a cancel sent while it travels): settling the
        // row as never received now could hide a charge that lands a moment later.
        return err(
          'wallet.cancelUncertain',
          'The payment server has not got this payment yet: try the cancel again in a moment.',
        );
      }
      if (outcome.kind === 'refused') return err(outcome.code, outcome.message);
      const after = apply(row, outcome);
      if (after === 'offline') {
        return err(
          'wallet.offline',
          'No connection to the payment server: the payment cannot be cancelled until it is back.',
        );
      }
      if (after.state !== 'reversed' && after.state !== 'failed') {
        return err('wallet.cancelUncertain', 'The cancel was not confirmed; try again.');
      }
      logger.info('wallet payment cancelled', { saleId, attempt: row.attempt, state: after.state });
      return ok(viewOf(after));
    },

    async refund(saleId, refundId, amount, attempt) {
      const row =
        attempt === undefined ? latestAttempt(db, saleId) : attemptRow(db, saleId, attempt);
      if (row === undefined || (row.state !== 'paid' && row.state !== 'refunded')) {
        return err('wallet.notRefundable', 'This sale has no paid wallet payment to refund.');
      }
      const outcome = await client.refund(row.sale_id, row.attempt, {
        refundId,
        amount: amount.amount,
      });
      if (outcome.kind === 'refused') return err(outcome.code, outcome.message);
      const after = apply(row, outcome);
      if (after === 'offline') return err(OFFLINE.code, OFFLINE.message);
      if (outcome.kind !== 'answer') {
        return err('wallet.refundUncertain', 'The refund was not confirmed; send it again.');
      }
      return ok(viewOf(after));
    },

    async resolvePending() {
      let settled = 0;
      const stillPending: string[] = [];
      for (const row of unsettledAttempts(db)) {
        const after = await ask(row);
        if (after !== 'offline' && !UNSETTLED.includes(after.state)) settled += 1;
        else stillPending.push(`${row.sale_id}.${row.attempt}`);
      }
      if (settled > 0 || stillPending.length > 0) {
        logger.info('wallet attempts resolved at start', {
          settled,
          stillPending: stillPending.length,
        });
      }
      return { settled, stillPending };
    },

    unsettled(saleId) {
      const row = latestAttempt(db, saleId);
      return row !== undefined && UNSETTLED.includes(row.state);
    },

    attempts: (saleId) => saleAttempts(db, saleId).map(viewOf),

    byTransaction(providerTransactionId) {
      const row = attemptOfTransaction(db, providerTransactionId);
      return row === undefined ? undefined : viewOf(row);
    },
  };
}
