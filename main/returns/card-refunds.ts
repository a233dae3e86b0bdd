// The card part of a return, given back to the same card through the terminal: the attempt is
// kept on disk before the REFUND is sent (like a card payment), so a crash or a lost answer is
// settled by asking the terminal, a refund that went through is recorded once, and the register
// never pays the same part out again in cash while the card refund's fate is unknown.
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { RefundLine } from '../../app/tenders';
import type { Clock, Logger } from '../core/ports';
import { newId } from '../core/ids';
import type { CardTerminal } from '../devices/register-devices';
import type { RegisterDb } from '../store/register-db';
import { durableTransaction } from '../store/durable-transaction';
import { statement } from '../store/statement-cache';
import type { TerminalResult } from '../../hardware';

type CardLine = Extract<RefundLine, { kind: 'card' }>;

/** A card line as refunded: the terminal's answer beside the original payment's reference. */
export type RefundedCardLine = CardLine & {
  readonly refundRequestId: string;
  readonly refundRef: string;
  readonly refundAuthCode: string;
};

interface AttemptRow {
  id: string;
  amount: number;
  state: 'pending' | 'approved' | 'declined' | 'notReceived';
  outcome: string | null;
}

export interface CardRefunds {
  /** Refunds the card lines (others pass through); answers the lines with the attempts used. */
  refund(
    saleId: string,
    lines: readonly RefundLine[],
  ): Promise<Result<{ lines: readonly RefundLine[]; attemptIds: readonly string[] }>>;
  /** In the refund's transaction: the attempts are recorded by this refund. */
  markRecorded(attemptIds: readonly string[], refundId: string): void;
}

export function createCardRefunds(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    terminal: CardTerminal | undefined;
  }>,
): CardRefunds {
  const { db, clock, logger } = options;

  function unrecorded(saleId: string, originalIndex: number): AttemptRow | undefined {
    return statement<[string, number], AttemptRow>(
      db,
      `SELECT id, amount, state, outcome FROM card_refund_attempt
       WHERE sale_id = ? AND original_index = ? AND refund_id IS NULL
         AND state IN ('pending', 'approved') ORDER BY started_at DESC LIMIT 1`,
    ).get(saleId, originalIndex);
  }

  function settle(id: string, result: TerminalResult): void {
    const state = result.outcome === 'unknown' ? 'pending' : result.outcome;
    const outcome =
      result.outcome === 'approved'
        ? {
            maskedPan: result.maskedPan,
            authCode: result.authCode,
            terminalRef: result.terminalRef,
          }
        : result.outcome === 'declined'
          ? { reason: result.reason }
          : {};
    durableTransaction(db, () => {
      statement(
        db,
        'UPDATE card_refund_attempt SET state = ?, outcome = ?, settled_at = ? WHERE id = ?',
      ).run(state, JSON.stringify(outcome), clock.now(), id);
    });
  }

  function refunded(line: CardLine, id: string, outcome: string | null): RefundedCardLine {
    const answer = JSON.parse(outcome ?? '{}') as { terminalRef?: string; authCode?: string };
    return {
      ...line,
      refundRequestId: id,
      refundRef: answer.terminalRef ?? '',
      refundAuthCode: answer.authCode ?? '',
    };
  }

  function refusal(result: Exclude<TerminalResult, { outcome: 'approved' }>): Result<never> {
    switch (result.outcome) {
      case 'declined':
        return err(
          'returns.cardDeclined',
          `The card refund was declined (${result.reason}). Nothing was refunded: try again, or a manager may approve cash.`,
        );
      case 'notReceived':
        return err(
          'returns.terminalNotReceived',
          'The terminal did not get the refund and nothing was refunded: check it and try again.',
        );
      case 'unknown':
        return err(
          'returns.cardRefundUnknown',
          'The terminal has not said whether the card was refunded. Do not refund it another way: repeat the return when the terminal answers.',
        );
      default:
        return result satisfies never;
    }
  }

  async function refundLine(
    terminal: CardTerminal,
    saleId: string,
    line: CardLine,
  ): Promise<Result<{ line: RefundedCardLine; attemptId: string }>> {
    let open = unrecorded(saleId, line.originalIndex);
    if (open?.state === 'pending') {
      // Left open by a crash or a lost answer: what became of it decides, never a second refund.
      const result = await terminal.status(open.id);
      settle(open.id, result);
      if (result.outcome === 'unknown') return refusal(result);
      open = unrecorded(saleId, line.originalIndex);
    }
    if (open?.state === 'approved') {
      if (open.amount !== line.amount.amount) {
        return err(
          'returns.cardRefundUnrecorded',
          `A card refund of ${open.amount} for this sale went through but was not recorded: repeat that return first.`,
          { amount: open.amount },
        );
      }
      logger.info('card refund recorded after a restart', { requestId: open.id });
      return ok({ line: refunded(line, open.id, open.outcome), attemptId: open.id });
    }
    const id = newId();
    durableTransaction(db, () => {
      statement(
        db,
        `INSERT INTO card_refund_attempt (id, sale_id, original_index, amount, currency,
           original_ref, state, started_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
      ).run(
        id,
        saleId,
        line.originalIndex,
        line.amount.amount,
        line.amount.currency,
        line.terminalRef,
        clock.now(),
      );
    });
    const result = await terminal.refund(
      id,
      line.amount.amount,
      line.amount.currency,
      line.terminalRef,
    );
    settle(id, result);
    if (result.outcome !== 'approved') return refusal(result);
    return ok({
      line: {
        ...line,
        refundRequestId: id,
        refundRef: result.terminalRef,
        refundAuthCode: result.authCode,
      },
      attemptId: id,
    });
  }

  return {
    async refund(saleId, lines) {
      if (!lines.some((l) => l.kind === 'card')) return ok({ lines, attemptIds: [] });
      const terminal = options.terminal;
      if (terminal === undefined) {
        return err(
          'returns.terminalNeeded',
          'This sale was paid by card and no card terminal is connected: connect it to refund the card, or a manager may approve cash',
        );
      }
      const out: RefundLine[] = [];
      const attemptIds: string[] = [];
      for (const line of lines) {
        if (line.kind !== 'card') {
          out.push(line);
          continue;
        }
        const done = await refundLine(terminal, saleId, line);
        if (!done.ok) return done;
        out.push(done.value.line);
        attemptIds.push(done.value.attemptId);
      }
      return ok({ lines: out, attemptIds });
    },
    markRecorded(attemptIds, refundId) {
      const mark = statement(db, 'UPDATE card_refund_attempt SET refund_id = ? WHERE id = ?');
      for (const id of attemptIds) mark.run(refundId, id);
    },
  };
}
