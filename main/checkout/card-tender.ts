// Card tender on the payment terminal: the attempt is on disk before the charge is sent, the
// terminal's answer (or, after a crash or a lost answer, its STATUS) settles it once, and an
// approved charge becomes a card tender in the same durable transaction that closes the attempt.
// The protocol has no abort: a cancel settles what the terminal did — nothing charged, or charged
// and then voided — so no card is left charged for a cart the cashier gave up.
import type { CardCancelView, CardProgressView, TenderOutcome } from '../../app/commands';
import { money } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { CardTender } from '../../app/tenders';
import { cardSchemeFromPan, parseAuthCode, parseTerminalRef } from '../../app/tenders';
import type { TerminalResult } from '../../hardware';
import { newId } from '../core/ids';
import type { Clock, Logger } from '../core/ports';
import type { CardTerminal } from '../devices/register-devices';
import { notConnected } from '../devices/register-devices';
import { durableTransaction } from '../store/durable-transaction';
import type { RegisterDb } from '../store/register-db';
import type { CardAttempt, CardAttemptOutcome } from './card-attempts';
import {
  insertCardAttempt,
  pendingCardAttempt,
  requestCardCancel,
  settleCardAttempt,
} from './card-attempts';

/** What checkout lends the card tender: the cart's due, and applying a tender to it. */
export interface CardCheckout {
  /** The open cart's id, what remains due and its currency; refused when nothing can be paid. */
  due(): Result<{ cartId: string; remaining: number; currency: string }>;
  /** Applies an approved card; `alsoWrite` runs in the same durable transaction. */
  applyCard(cartId: string, tender: CardTender, alsoWrite: () => void): Result<TenderOutcome>;
}

export interface CardTenderService {
  tenderCard(amount: number | undefined): Promise<Result<TenderOutcome>>;
  cancelCard(): Promise<Result<CardCancelView>>;
  /**
   * Before any other tender or a cancel: an attempt left open (a timeout, a crash) is settled by
   * asking the terminal. ok when nothing is open any more and nothing changed on the cart.
   */
  settleOpenAttempt(): Promise<Result<void>>;
  /** True while a card payment is open: the cart must not change under it. */
  busy(): boolean;
  /** At start-up: settles what a crash left open, when a terminal is there to ask. */
  settleAtStart(): Promise<void>;
}

interface Flight {
  readonly attempt: CardAttempt;
  cancelRequested: boolean;
  done?: Promise<Result<TenderOutcome>>;
}

/** Digit runs as long as a card number never reach disk, even in a terminal's free text. */
function withoutPanLikeDigits(text: string): string {
  return text.replace(/\d{13,19}/g, '[masked]').slice(0, 200);
}

export function createCardTender(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    terminal: CardTerminal | undefined;
    checkout: CardCheckout;
    progress(view: CardProgressView): void;
  }>,
): CardTenderService {
  const { db, clock, logger, terminal, checkout } = options;
  let flight: Flight | undefined;
  let resolving: Promise<Result<TenderOutcome>> | undefined;

  const progress = (attempt: CardAttempt, stage: CardProgressView['stage']) =>
    options.progress({ attemptId: attempt.id, amount: attempt.amount, stage });

  function cardTenderFrom(
    attempt: CardAttempt,
    approved: Extract<TerminalResult, { outcome: 'approved' }>,
  ): Result<CardTender> {
    const authCode = parseAuthCode(approved.authCode);
    if (!authCode.ok) return authCode;
    const terminalRef = parseTerminalRef(approved.terminalRef);
    if (!terminalRef.ok) return terminalRef;
    if (approved.amount !== attempt.amount) {
      logger.warn('terminal approved another amount than asked; the asked amount is recorded', {
        attemptId: attempt.id,
      });
    }
    return ok({
      kind: 'card',
      amount: money(attempt.amount, attempt.currency),
      pan: approved.maskedPan,
      scheme: cardSchemeFromPan(approved.maskedPan),
      authCode: authCode.value,
      terminalRef: terminalRef.value,
    });
  }

  function settleAs(
    attempt: CardAttempt,
    state: 'declined' | 'notReceived' | 'cancelled' | 'reversed',
    outcome: CardAttemptOutcome,
  ): void {
    if (!settleCardAttempt(db, attempt.id, state, outcome, clock.now())) {
      logger.warn('card attempt was already settled', { attemptId: attempt.id, state });
    }
    progress(attempt, state);
  }

  /** Turns the terminal's answer into the attempt's end (or leaves it open when unknown). */
  async function settle(
    attempt: CardAttempt,
    result: TerminalResult,
    cancelRequested: boolean,
  ): Promise<Result<TenderOutcome>> {
    switch (result.outcome) {
      case 'approved': {
        const details = {
          maskedPan: result.maskedPan,
          authCode: result.authCode,
          terminalRef: result.terminalRef,
        };
        if (cancelRequested && terminal !== undefined) {
          // The customer paid as the cashier cancelled: give the money back on the terminal.
          const voided = await terminal.void(newId(), result.terminalRef);
          if (voided.outcome === 'approved') {
            settleAs(attempt, 'reversed', { ...details, voidRef: voided.terminalRef });
            return err('checkout.cardCancelled', 'Card payment cancelled: its charge was voided', {
              attemptId: attempt.id,
              outcome: 'reversed',
            });
          }
          // Money moved and could not be given back: it stays on the sale, to refund if need be.
          logger.warn('void after a cancelled card payment failed; the charge is kept', {
            attemptId: attempt.id,
            voidOutcome: voided.outcome,
          });
        }
        const tender = cardTenderFrom(attempt, result);
        if (!tender.ok) {
          logger.error('approved card payment has malformed details; left open', {
            attemptId: attempt.id,
            code: tender.error.code,
          });
          return tender;
        }
        const applied = checkout.applyCard(attempt.cartId, tender.value, () => {
          // Settled once: a second settlement (a race, a replay) rolls back its tender.
          if (!settleCardAttempt(db, attempt.id, 'approved', details, clock.now())) {
            throw new Error(`card attempt ${attempt.id} was already settled`);
          }
        });
        if (!applied.ok) {
          logger.error('approved card payment could not be applied; left open', {
            attemptId: attempt.id,
            code: applied.error.code,
          });
          return applied;
        }
        progress(attempt, 'approved');
        return applied;
      }
      case 'declined':
      case 'notReceived': {
        const reason: CardAttemptOutcome =
          result.outcome === 'declined' ? { reason: withoutPanLikeDigits(result.reason) } : {};
        if (cancelRequested) {
          settleAs(attempt, 'cancelled', { terminal: result.outcome, ...reason });
          return err('checkout.cardCancelled', 'Card payment cancelled: nothing was charged', {
            attemptId: attempt.id,
            outcome: 'cancelled',
          });
        }
        settleAs(attempt, result.outcome, reason);
        return result.outcome === 'declined'
          ? err('checkout.cardDeclined', 'The card was declined: ask for another way to pay', {
              attemptId: attempt.id,
            })
          : err(
              'checkout.cardNotReceived',
              'The terminal did not get the payment and nothing was charged: try again',
              { attemptId: attempt.id },
            );
      }
      case 'unknown':
        progress(attempt, 'unknown');
        return err(
          'checkout.cardTimeout',
          'The card terminal did not answer in time. The payment stays open and is checked with the terminal before anything else is paid',
          { attemptId: attempt.id },
        );
      default:
        return result satisfies never;
    }
  }

  async function ask(run: () => Promise<TerminalResult>, id: string): Promise<TerminalResult> {
    try {
      return await run();
    } catch (error) {
      logger.error('card terminal failed', { attemptId: id, error: String(error) });
      return { outcome: 'unknown', requestId: id, reason: 'The terminal failed.' };
    }
  }

  /** Asks the terminal what became of an open attempt; one question at a time. */
  function resolveOpen(attempt: CardAttempt, by: CardTerminal): Promise<Result<TenderOutcome>> {
    resolving ??= (async () => {
      progress(attempt, 'checking');
      const result = await ask(() => by.status(attempt.id), attempt.id);
      // Read again: a cancel may have been asked for while the terminal answered.
      const latest = pendingCardAttempt(db);
      return settle(attempt, result, latest?.cancelRequested ?? attempt.cancelRequested);
    })().finally(() => {
      resolving = undefined;
    });
    return resolving;
  }

  const service: CardTenderService = {
    async tenderCard(amount) {
      if (terminal === undefined) return notConnected('terminal');
      const open = await service.settleOpenAttempt();
      if (!open.ok) return open;
      const due = checkout.due();
      if (!due.ok) return due;
      const charge = amount ?? due.value.remaining;
      if (charge > due.value.remaining) {
        return err(
          'tender.exceedsDue',
          'Only cash can pay more than is due; enter at most what remains.',
          {
            remaining: due.value.remaining,
          },
        );
      }
      const attempt: CardAttempt = {
        id: newId(),
        cartId: due.value.cartId,
        amount: charge,
        currency: due.value.currency,
        state: 'pending',
        cancelRequested: false,
      };
      // On disk before a byte goes to the terminal: whatever happens next, a restart asks about it.
      durableTransaction(db, () => insertCardAttempt(db, attempt, clock.now()));
      const current: Flight = { attempt, cancelRequested: false };
      flight = current;
      progress(attempt, 'waiting');
      current.done = (async () => {
        try {
          const result = await ask(
            () => terminal.sale(attempt.id, attempt.amount, attempt.currency),
            attempt.id,
          );
          return await settle(attempt, result, current.cancelRequested);
        } finally {
          flight = undefined;
        }
      })();
      return current.done;
    },

    async cancelCard() {
      let outcome: Result<TenderOutcome>;
      let attemptId: string;
      if (flight?.done !== undefined) {
        const current = flight;
        attemptId = current.attempt.id;
        current.cancelRequested = true;
        requestCardCancel(db, attemptId);
        progress(current.attempt, 'cancelRequested');
        outcome = await (current.done as Promise<Result<TenderOutcome>>);
      } else {
        const open = pendingCardAttempt(db);
        if (open === undefined)
          return err('checkout.noCardPayment', 'No card payment is in progress');
        if (terminal === undefined) return notConnected('terminal');
        attemptId = open.id;
        requestCardCancel(db, open.id);
        progress(open, 'cancelRequested');
        outcome = await resolveOpen({ ...open, cancelRequested: true }, terminal);
      }
      if (outcome.ok) {
        return err(
          'checkout.cardCharged',
          'The card was charged before the cancel reached the terminal and could not be voided: it stays on the sale; refund it to give the money back',
          { attemptId },
        );
      }
      if (outcome.error.code === 'checkout.cardCancelled') {
        const how = outcome.error.details?.['outcome'] === 'reversed' ? 'reversed' : 'cancelled';
        return ok({ attemptId, outcome: how });
      }
      if (outcome.error.code === 'checkout.cardTimeout') {
        return err(
          'checkout.cardPending',
          'The terminal has not said what became of the payment; it is asked again before anything else is paid',
          { attemptId },
        );
      }
      return outcome;
    },

    async settleOpenAttempt() {
      if (flight !== undefined) {
        return err(
          'checkout.cardPending',
          'A card payment is in progress on the terminal: wait for it or cancel it',
        );
      }
      const open = pendingCardAttempt(db);
      if (open === undefined) return ok(undefined);
      if (terminal === undefined) return notConnected('terminal');
      const outcome = await resolveOpen(open, terminal);
      if (outcome.ok) {
        return err(
          'checkout.cardResolved',
          'An earlier card payment was approved and is now on the sale: check what is still due',
          { attemptId: open.id },
        );
      }
      if (pendingCardAttempt(db) !== undefined) {
        return err(
          'checkout.cardPending',
          'The terminal has not said what became of an earlier card payment: try again in a moment',
          { attemptId: open.id },
        );
      }
      return ok(undefined);
    },

    busy: () => flight !== undefined || pendingCardAttempt(db) !== undefined,

    async settleAtStart() {
      const open = pendingCardAttempt(db);
      if (open === undefined || terminal === undefined) return;
      const outcome = await resolveOpen(open, terminal);
      logger.info('card payment left open at start-up settled', {
        attemptId: open.id,
        outcome: outcome.ok ? 'approved' : outcome.error.code,
      });
    },
  };
  return service;
}
