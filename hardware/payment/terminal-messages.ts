// Request and answer bodies of the terminal protocol (docs/payment-terminal-protocol.md).
import { FS } from './frame';

export type TerminalRequest =
  | Readonly<{ type: 'SALE'; requestId: string; amount: number; currency: string }>
  | Readonly<{
      type: 'REFUND';
      requestId: string;
      amount: number;
      currency: string;
      originalRef: string;
    }>
  | Readonly<{ type: 'VOID'; requestId: string; originalRef: string }>
  /** Asks what became of an earlier request: the answer carries that request's id. */
  | Readonly<{ type: 'STATUS'; requestId: string; queriedId: string }>;

export type TerminalOutcome = 'APPROVED' | 'DECLINED' | 'IN_PROGRESS' | 'NOT_FOUND';

/** Fields as they travel; the client checks them before they become a result. */
export type TerminalAnswer = Readonly<{
  requestId: string;
  outcome: TerminalOutcome;
  amount: number;
  cardNumber: string;
  authCode: string;
  terminalRef: string;
  token: string;
  message: string;
}>;

const ID = /^[A-Za-z0-9-]{1,40}$/;

export function encodeRequest(request: TerminalRequest): string {
  switch (request.type) {
    case 'SALE':
      return ['SALE', request.requestId, String(request.amount), request.currency].join(FS);
    case 'REFUND':
      return [
        'REFUND',
        request.requestId,
        String(request.amount),
        request.currency,
        request.originalRef,
      ].join(FS);
    case 'VOID':
      return ['VOID', request.requestId, request.originalRef].join(FS);
    case 'STATUS':
      return ['STATUS', request.requestId, request.queriedId].join(FS);
    default:
      return request satisfies never;
  }
}

function amountOf(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

export function parseRequest(body: string): TerminalRequest | undefined {
  const [type = '', requestId = '', ...rest] = body.split(FS);
  if (!ID.test(requestId)) return undefined;
  switch (type) {
    case 'SALE': {
      const amount = amountOf(rest[0]);
      return amount === undefined || !rest[1]
        ? undefined
        : { type, requestId, amount, currency: rest[1] };
    }
    case 'REFUND': {
      const amount = amountOf(rest[0]);
      return amount === undefined || !rest[1] || !rest[2]
        ? undefined
        : { type, requestId, amount, currency: rest[1], originalRef: rest[2] };
    }
    case 'VOID':
      return rest[0] ? { type, requestId, originalRef: rest[0] } : undefined;
    case 'STATUS':
      return rest[0] && ID.test(rest[0]) ? { type, requestId, queriedId: rest[0] } : undefined;
    default:
      return undefined;
  }
}

export function encodeAnswer(answer: TerminalAnswer): string {
  return [
    'RESULT',
    answer.requestId,
    answer.outcome,
    String(answer.amount),
    answer.cardNumber,
    answer.authCode,
    answer.terminalRef,
    answer.token,
    answer.message.replace(/[^\x20-\x7e]/g, '?'),
  ].join(FS);
}

const OUTCOMES: readonly TerminalOutcome[] = ['APPROVED', 'DECLINED', 'IN_PROGRESS', 'NOT_FOUND'];

export function parseAnswer(body: string): TerminalAnswer | undefined {
  const fields = body.split(FS);
  if (fields.length !== 9 || fields[0] !== 'RESULT') return undefined;
  const [
    ,
    requestId = '',
    outcome = '',
    amount,
    cardNumber = '',
    authCode = '',
    terminalRef = '',
    token = '',
    message = '',
  ] = fields;
  const parsedAmount = amountOf(amount);
  const knownOutcome = OUTCOMES.find((o) => o === outcome);
  if (!ID.test(requestId) || parsedAmount === undefined || !knownOutcome) return undefined;
  return {
    requestId,
    outcome: knownOutcome,
    amount: parsedAmount,
    cardNumber,
    authCode,
    terminalRef,
    token,
    message,
  };
}
