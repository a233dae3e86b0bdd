// What a simulated wallet provider knows, apart from its wire protocol: the merchant's orders,
// every charge it made, and the outcomes a test scripts per payment code or for the next request.
// Both simulators (WeChat Pay, Alipay) keep one of these, so tests count charges the same way.
import { randomBytes } from 'node:crypto';
import type { WalletProvider as Wallet } from '../../../../app/tenders';
import { maskPaymentCode, walletProviderOfCode } from '../../../../app/tenders';

/** What the next submit (or a given code's submit) does. */
export type ScriptedOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'decline' }
  | { readonly kind: 'insufficientFunds' }
  | { readonly kind: 'codeExpired' }
  /**
   * The customer is entering a password: queries answer "user paying" until `paysAfterQueries`
   * queries or `paysAfterMs` on the simulator's clock; with neither, the customer never confirms.
   */
  | {
      readonly kind: 'userPaying';
      readonly paysAfterQueries?: number;
      readonly paysAfterMs?: number;
    }
  /** Answers a system error; `booked` says whether the charge went through anyway. */
  | { readonly kind: 'systemError'; readonly booked: boolean }
  /** Books the payment (as `then`, success by default) and destroys the HTTP answer. */
  | { readonly kind: 'lostResponse'; readonly then?: ScriptedOutcome };

/**
 * What the customer does with the next QR order: scans and pays after a while (on the simulator's
 * clock, or after so many queries), or never (the order runs out). A test can also make the
 * customer pay any QR at a moment of its choosing with `payQr`.
 */
export type ScriptedQrOutcome =
  | { readonly kind: 'paysAfter'; readonly ms?: number; readonly queries?: number }
  | { readonly kind: 'neverPays' };

/** A fault on the next call of a kind, whatever it is. */
export type CallKind =
  'submit' | 'precreate' | 'query' | 'reverse' | 'close' | 'refund' | 'statement';
export type CallFault = 'dropAnswer' | 'tamperAnswer';

export type SimulatedOrderState = 'userPaying' | 'paid' | 'failed' | 'closed' | 'reversed';

export interface SimulatedOrder {
  readonly outTradeNo: string;
  readonly transactionId: string;
  readonly amount: number;
  readonly currency: string;
  /** Masked like everywhere else: even the simulator keeps no full code. */
  readonly maskedCode: string;
  state: SimulatedOrderState;
  failure?: 'declined' | 'insufficientFunds' | 'codeExpired' | 'codeInvalid';
  queries: number;
  readonly createdAt: number;
  paidAt?: number;
  /** Refunds by merchant refund number. */
  readonly refunds: Map<string, { readonly refundId: string; readonly amount: number }>;
  readonly pays: { readonly afterQueries?: number; readonly afterMs?: number } | null;
  /** A QR order: what the customer scans, and when it stops being payable. */
  readonly qr?: { readonly content: string; readonly expiresAt: number };
}

export type SubmitAnswer =
  | { readonly kind: 'paid'; readonly order: SimulatedOrder }
  | { readonly kind: 'failed'; readonly order: SimulatedOrder }
  | { readonly kind: 'userPaying'; readonly order: SimulatedOrder }
  | { readonly kind: 'systemError' }
  | { readonly kind: 'codeInvalid' };

export type ReverseAnswer =
  | { readonly kind: 'reversed'; readonly refunded: boolean }
  | { readonly kind: 'refused'; readonly reason: 'alreadyRefunded' };

export type CloseAnswer = { readonly kind: 'closed' } | { readonly kind: 'alreadyPaid' };

export type RefundAnswer =
  | { readonly kind: 'refunded'; readonly refundId: string }
  | { readonly kind: 'refused'; readonly reason: 'notPaid' | 'tooMuch' | 'notFound' };

export interface SimulatedLedger {
  readonly wallet: Wallet;
  /** Scripts the outcome of every submit with this full code (kept in memory only). */
  scriptCode(code: string, outcome: ScriptedOutcome): void;
  /** Scripts the next submit, whatever its code; queued in order. */
  scriptNext(outcome: ScriptedOutcome): void;
  /** Scripts what the customer does with the next QR order; queued in order. */
  scriptQrNext(outcome: ScriptedQrOutcome): void;
  /** The customer scans `content` and pays: false when no such QR is payable (closed, expired). */
  payQr(content: string): boolean;
  /** A fault on the next call of `kind`. */
  faultNext(kind: CallKind, fault: CallFault): void;
  /** Takes the fault due for this call, if any. */
  takeFault(kind: CallKind): CallFault | undefined;
  countRequest(kind: CallKind | 'refusedSignature'): void;
  submit(
    order: Readonly<{ outTradeNo: string; amount: number; currency: string; authCode: string }>,
  ): { answer: SubmitAnswer; dropAnswer: boolean };
  /** Creates a QR order, or finds the one made under this number. */
  precreate(
    order: Readonly<{ outTradeNo: string; amount: number; currency: string; expiresAt: number }>,
  ): SimulatedOrder;
  query(outTradeNo: string): SimulatedOrder | undefined;
  reverse(outTradeNo: string): ReverseAnswer;
  close(outTradeNo: string): CloseAnswer;
  refund(outTradeNo: string, outRefundNo: string, amount: number): RefundAnswer;
  /** Orders paid on `day` (YYYY-MM-DD at UTC+8, the providers' day). */
  statement(day: string): readonly SimulatedOrder[];
  order(outTradeNo: string): SimulatedOrder | undefined;
  orders(): readonly SimulatedOrder[];
  /** How many orders were ever charged: the figure "never charge twice" is checked on. */
  chargeCount(): number;
  /** Charged minus given back, minor units. */
  netCharged(): number;
  /** Requests received, by kind (refused signatures counted apart). */
  requests(): Readonly<Record<CallKind | 'refusedSignature', number>>;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function randomToken(): string {
  return randomBytes(12).toString('base64url');
}

export function chinaDay(at: number): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function createSimulatedLedger(
  options: Readonly<{
    wallet: Wallet;
    clock?: () => number;
    /** What a customer does with a QR when no script says (the demo: pays after a few seconds). */
    qrDefault?: ScriptedQrOutcome;
  }>,
): SimulatedLedger {
  const clock = options.clock ?? (() => Date.now());
  const byCode = new Map<string, ScriptedOutcome>();
  const next: ScriptedOutcome[] = [];
  const nextQr: ScriptedQrOutcome[] = [];
  const faults = new Map<CallKind, CallFault[]>();
  const orders = new Map<string, SimulatedOrder>();
  const counts = {
    submit: 0,
    precreate: 0,
    query: 0,
    reverse: 0,
    close: 0,
    refund: 0,
    statement: 0,
    refusedSignature: 0,
  };
  let serial = 0;
  let charged = 0;

  const transactionId = (): string => {
    serial += 1;
    const prefix = options.wallet === 'wechatPay' ? '4200' : '2025';
    return `${prefix}${String(clock()).slice(-10)}${String(serial).padStart(8, '0')}`;
  };

  function pay(order: SimulatedOrder): void {
    order.state = 'paid';
    order.paidAt = clock();
    charged += 1;
  }

  function settleIfConfirmed(order: SimulatedOrder): void {
    if (order.state !== 'userPaying') return;
    // A QR nobody paid in time is closed by the provider itself.
    if (order.qr !== undefined && clock() >= order.qr.expiresAt) {
      order.state = 'closed';
      return;
    }
    if (order.pays === null) return;
    const { afterQueries, afterMs } = order.pays;
    if (
      (afterQueries !== undefined && order.queries >= afterQueries) ||
      (afterMs !== undefined && clock() - order.createdAt >= afterMs)
    ) {
      pay(order);
    }
  }

  function book(
    outTradeNo: string,
    amount: number,
    currency: string,
    maskedCode: string,
    outcome: ScriptedOutcome,
  ): SubmitAnswer {
    const pays =
      outcome.kind === 'userPaying'
        ? {
            ...(outcome.paysAfterQueries === undefined
              ? {}
              : { afterQueries: outcome.paysAfterQueries }),
            ...(outcome.paysAfterMs === undefined ? {} : { afterMs: outcome.paysAfterMs }),
          }
        : null;
    const order: SimulatedOrder = {
      outTradeNo,
      transactionId: transactionId(),
      amount,
      currency,
      maskedCode,
      state: 'userPaying',
      queries: 0,
      createdAt: clock(),
      refunds: new Map(),
      pays:
        pays !== null && pays.afterMs === undefined && pays.afterQueries === undefined
          ? null
          : pays,
    };
    orders.set(outTradeNo, order);
    switch (outcome.kind) {
      case 'success':
        pay(order);
        return { kind: 'paid', order };
      case 'decline':
      case 'insufficientFunds':
      case 'codeExpired':
        order.state = 'failed';
        order.failure = outcome.kind === 'decline' ? 'declined' : outcome.kind;
        return { kind: 'failed', order };
      case 'userPaying':
        return { kind: 'userPaying', order };
      case 'systemError':
        if (outcome.booked) pay(order);
        else orders.delete(outTradeNo);
        return { kind: 'systemError' };
      case 'lostResponse':
        return book(outTradeNo, amount, currency, maskedCode, outcome.then ?? { kind: 'success' });
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown scripted outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  function closedRecord(outTradeNo: string): SimulatedOrder {
    return {
      outTradeNo,
      transactionId: transactionId(),
      amount: 0,
      currency: 'CNY',
      maskedCode: '',
      state: 'closed',
      queries: 0,
      createdAt: clock(),
      refunds: new Map(),
      pays: null,
    };
  }

  function answerFor(order: SimulatedOrder): SubmitAnswer {
    switch (order.state) {
      case 'paid':
        return { kind: 'paid', order };
      case 'userPaying':
        return { kind: 'userPaying', order };
      case 'failed':
      case 'closed':
      case 'reversed':
        return { kind: 'failed', order };
      default: {
        const unknown: never = order.state;
        throw new Error(`Unknown order state ${String(unknown)}`);
      }
    }
  }

  return {
    wallet: options.wallet,
    scriptCode: (code, outcome) => void byCode.set(code, outcome),
    scriptNext: (outcome) => void next.push(outcome),
    faultNext(kind, fault) {
      faults.set(kind, [...(faults.get(kind) ?? []), fault]);
    },
    takeFault: (kind) => faults.get(kind)?.shift(),
    scriptQrNext: (outcome) => void nextQr.push(outcome),
    payQr(content) {
      const order = [...orders.values()].find((o) => o.qr?.content === content);
      if (order === undefined) return false;
      settleIfConfirmed(order);
      if (order.state !== 'userPaying') return false;
      pay(order);
      return true;
    },
    precreate({ outTradeNo, amount, currency, expiresAt }) {
      const existing = orders.get(outTradeNo);
      if (existing !== undefined) return existing;
      const outcome = nextQr.shift() ?? options.qrDefault ?? { kind: 'neverPays' };
      const token = randomToken();
      const order: SimulatedOrder = {
        outTradeNo,
        transactionId: transactionId(),
        amount,
        currency,
        maskedCode: '',
        state: 'userPaying',
        queries: 0,
        createdAt: clock(),
        refunds: new Map(),
        pays:
          outcome.kind === 'neverPays'
            ? null
            : {
                ...(outcome.ms === undefined ? {} : { afterMs: outcome.ms }),
                ...(outcome.queries === undefined ? {} : { afterQueries: outcome.queries }),
              },
        qr: {
          content:
            options.wallet === 'wechatPay'
              ? `weixin://wxpay/bizpayurl?pr=${token}`
              : `https://qr.alipay.com/${token}`,
          expiresAt,
        },
      };
      orders.set(outTradeNo, order);
      return order;
    },
    close(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (order === undefined) {
        // As with reverse: a later order under this number is refused, never paid.
        orders.set(outTradeNo, closedRecord(outTradeNo));
        return { kind: 'closed' };
      }
      settleIfConfirmed(order);
      if (order.state === 'paid' || order.state === 'reversed') return { kind: 'alreadyPaid' };
      order.state = 'closed';
      return { kind: 'closed' };
    },
    countRequest(kind) {
      counts[kind] += 1;
    },
    submit({ outTradeNo, amount, currency, authCode }) {
      const existing = orders.get(outTradeNo);
      // The same merchant order number again: the same answer, never a second charge.
      if (existing !== undefined) {
        settleIfConfirmed(existing);
        return { answer: answerFor(existing), dropAnswer: false };
      }
      const masked = maskPaymentCode(authCode);
      if (!masked.ok || walletProviderOfCode(authCode) !== options.wallet) {
        return { answer: { kind: 'codeInvalid' }, dropAnswer: false };
      }
      const outcome = next.shift() ?? byCode.get(authCode) ?? { kind: 'success' };
      return {
        answer: book(outTradeNo, amount, currency, masked.value.code, outcome),
        dropAnswer: outcome.kind === 'lostResponse',
      };
    },
    query(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (order === undefined) return undefined;
      if (order.state === 'userPaying') order.queries += 1;
      settleIfConfirmed(order);
      return order;
    },
    reverse(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (order === undefined) {
        // Closing an order the provider never saw leaves a closed record, so a late submit under
        // the same number is refused instead of charging.
        orders.set(outTradeNo, closedRecord(outTradeNo));
        return { kind: 'reversed', refunded: false };
      }
      settleIfConfirmed(order);
      if (order.refunds.size > 0) return { kind: 'refused', reason: 'alreadyRefunded' };
      switch (order.state) {
        case 'paid':
          order.state = 'reversed';
          return { kind: 'reversed', refunded: true };
        case 'reversed':
          return { kind: 'reversed', refunded: true };
        case 'userPaying':
        case 'failed':
        case 'closed':
          order.state = 'closed';
          return { kind: 'reversed', refunded: false };
        default: {
          const unknown: never = order.state;
          throw new Error(`Unknown order state ${String(unknown)}`);
        }
      }
    },
    refund(outTradeNo, outRefundNo, amount) {
      const order = orders.get(outTradeNo);
      if (order === undefined) return { kind: 'refused', reason: 'notFound' };
      const done = order.refunds.get(outRefundNo);
      if (done !== undefined) return { kind: 'refunded', refundId: done.refundId };
      if (order.state !== 'paid') return { kind: 'refused', reason: 'notPaid' };
      const refunded = [...order.refunds.values()].reduce((total, r) => total + r.amount, 0);
      if (refunded + amount > order.amount) return { kind: 'refused', reason: 'tooMuch' };
      const refundId = `R${transactionId()}`;
      order.refunds.set(outRefundNo, { refundId, amount });
      return { kind: 'refunded', refundId };
    },
    statement(day) {
      return [...orders.values()].filter(
        (o) => o.paidAt !== undefined && chinaDay(o.paidAt) === day,
      );
    },
    order: (outTradeNo) => orders.get(outTradeNo),
    orders: () => [...orders.values()],
    chargeCount: () => charged,
    netCharged: () => [...orders.values()].reduce((total, o) => total + netOf(o), 0),
    requests: () => ({ ...counts }),
  };
}

/** What an order still holds of the customer's money. */
export function refundedOf(order: SimulatedOrder): number {
  if (order.paidAt === undefined) return 0;
  if (order.state === 'reversed') return order.amount;
  return [...order.refunds.values()].reduce((total, r) => total + r.amount, 0);
}

function netOf(order: SimulatedOrder): number {
  return order.paidAt === undefined ? 0 : order.amount - refundedOf(order);
}
