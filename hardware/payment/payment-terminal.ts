// The semi-integrated card terminal: sale, refund, void, status; a lost answer is asked, never re-charged.
import { sleep, type Clock, type Logger } from '../device/clock';
import type { PosDevice } from '../device/pos-device';
import type { Unsubscribe } from '../transport/byte-transport';
import { createFramedLink } from './framed-link';
import { readMaskedPan, type MaskedPan } from './masked-pan';
import {
  encodeRequest,
  parseAnswer,
  type TerminalAnswer,
  type TerminalRequest,
} from './terminal-messages';

/** What the register records for a card payment: no whole card number can fit in it. */
export type TerminalResult =
  | Readonly<{
      outcome: 'approved';
      requestId: string;
      amount: number;
      maskedPan: MaskedPan;
      authCode: string;
      terminalRef: string;
      token: string;
    }>
  | Readonly<{ outcome: 'declined'; requestId: string; reason: string }>
  /** The terminal never got the request: nothing was charged, the cashier may try again. */
  | Readonly<{ outcome: 'notReceived'; requestId: string }>
  /**
   * The terminal could not be asked in time. The request id is kept with the sale and asked
   * again later (`status`); a new charge must never be started for the same payment.
   */
  | Readonly<{ outcome: 'unknown'; requestId: string; reason: string }>;

export type PaymentTerminalOptions = Readonly<{
  device: PosDevice<never>;
  clock: Clock;
  logger: Logger;
  /** The customer taps, enters a PIN, the bank answers: a minute is usual. */
  answerTimeoutMs?: number;
  /** After a missing answer, how long to keep asking STATUS before giving up as unknown. */
  statusWindowMs?: number;
  statusIntervalMs?: number;
  ackTimeoutMs?: number;
  newRequestId: () => string;
}>;

export interface PaymentTerminal {
  /** `requestId` is the payment's idempotency key: the terminal charges one id once. */
  sale(requestId: string, amount: number, currency: string): Promise<TerminalResult>;
  refund(
    requestId: string,
    amount: number,
    currency: string,
    originalRef: string,
  ): Promise<TerminalResult>;
  void(requestId: string, originalRef: string): Promise<TerminalResult>;
  /** What became of an earlier request (after `unknown`, or at start-up for open payments). */
  status(queriedId: string): Promise<TerminalResult>;
  close(): void;
}

export function createPaymentTerminal(options: PaymentTerminalOptions): PaymentTerminal {
  const { device, clock, logger } = options;
  const answerTimeoutMs = options.answerTimeoutMs ?? 60_000;
  const statusWindowMs = options.statusWindowMs ?? 30_000;
  const statusIntervalMs = options.statusIntervalMs ?? 2_000;
  const waiting = new Map<string, (answer: TerminalAnswer) => void>();

  const link = createFramedLink({
    write: (bytes) => device.write(bytes),
    onFrame(body) {
      const answer = parseAnswer(body);
      if (!answer) {
        logger.warn('terminal sent an unreadable answer', { length: body.length });
        return;
      }
      waiting.get(answer.requestId)?.(answer);
    },
    clock,
    logger,
    ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
  });
  const off: Unsubscribe = device.onBytes((chunk) => link.receive(chunk));

  /** Sends and waits for the answer to `awaitId`; undefined when none came in time. */
  async function ask(
    request: TerminalRequest,
    awaitId: string,
    timeoutMs: number,
  ): Promise<TerminalAnswer | undefined> {
    const answered = new Promise<TerminalAnswer | undefined>((resolve) => {
      const timer = clock.setTimeout(() => {
        waiting.delete(awaitId);
        resolve(undefined);
      }, timeoutMs);
      waiting.set(awaitId, (answer) => {
        clock.clearTimeout(timer);
        waiting.delete(awaitId);
        resolve(answer);
      });
    });
    const acked = await link.send(encodeRequest(request));
    if (!acked)
      logger.warn('terminal did not acknowledge', { type: request.type, id: request.requestId });
    // Even unacknowledged, the request may have arrived (the ACK got lost): wait for the answer.
    return answered;
  }

  function toResult(answer: TerminalAnswer, requestId: string): TerminalResult | 'inProgress' {
    switch (answer.outcome) {
      case 'APPROVED': {
        const card = readMaskedPan(answer.cardNumber);
        if (card?.wasFull)
          logger.error('terminal sent an unmasked card number; it was masked', { requestId });
        if (!card) {
          return {
            outcome: 'unknown',
            requestId,
            reason: 'The terminal approved without a card number.',
          };
        }
        return {
          outcome: 'approved',
          requestId,
          amount: answer.amount,
          maskedPan: card.pan,
          authCode: answer.authCode,
          terminalRef: answer.terminalRef,
          token: answer.token,
        };
      }
      case 'DECLINED':
        return {
          outcome: 'declined',
          requestId,
          reason: answer.message || 'Declined by the card issuer.',
        };
      case 'NOT_FOUND':
        return { outcome: 'notReceived', requestId };
      case 'IN_PROGRESS':
        return 'inProgress';
      default:
        return answer.outcome satisfies never;
    }
  }

  async function resolveByStatus(requestId: string, why: string): Promise<TerminalResult> {
    const deadline = clock.now() + statusWindowMs;
    for (;;) {
      const statusId = options.newRequestId();
      const answer = await ask(
        { type: 'STATUS', requestId: statusId, queriedId: requestId },
        requestId,
        statusIntervalMs,
      );
      if (answer) {
        const result = toResult(answer, requestId);
        if (result !== 'inProgress') {
          logger.info('terminal request resolved by status', {
            requestId,
            outcome: result.outcome,
          });
          return result;
        }
      }
      if (clock.now() + statusIntervalMs > deadline) {
        return { outcome: 'unknown', requestId, reason: why };
      }
      await sleep(clock, statusIntervalMs);
    }
  }

  async function run(request: TerminalRequest): Promise<TerminalResult> {
    if ('amount' in request && (!Number.isSafeInteger(request.amount) || request.amount <= 0)) {
      // Minor units only: 83.69 sent as a float would charge the wrong amount.
      throw new Error(`Terminal amounts are positive integer minor units, got ${request.amount}`);
    }
    if (device.state() !== 'enabled') {
      return { outcome: 'notReceived', requestId: request.requestId };
    }
    const answer = await ask(request, request.requestId, answerTimeoutMs);
    const result = answer ? toResult(answer, request.requestId) : 'inProgress';
    if (result !== 'inProgress') return result;
    return resolveByStatus(request.requestId, 'The terminal did not answer in time.');
  }

  return {
    sale: (requestId, amount, currency) => run({ type: 'SALE', requestId, amount, currency }),
    refund: (requestId, amount, currency, originalRef) =>
      run({ type: 'REFUND', requestId, amount, currency, originalRef }),
    void: (requestId, originalRef) => run({ type: 'VOID', requestId, originalRef }),
    status: (queriedId) =>
      resolveByStatus(queriedId, 'The terminal did not answer the status query.'),
    close: off,
  };
}
