// A card terminal in software: answers by rule, remembers every request id, charges each id once.
import { silentLogger, systemClock, type Clock } from '../device/clock';
import type { ByteTransport } from '../transport/byte-transport';
import { createFramedLink } from '../payment/framed-link';
import {
  encodeAnswer,
  parseRequest,
  type TerminalAnswer,
  type TerminalRequest,
} from '../payment/terminal-messages';

/**
 * approve / decline: answered at once · lostAnswer: charged, the answer never reaches the
 * register · timeout: the customer never finishes, the request stays in progress ·
 * deaf: the request never arrives (no ACK, nothing known of it).
 */
export type TerminalBehaviour = 'approve' | 'decline' | 'lostAnswer' | 'timeout' | 'deaf';

export type PaymentTerminalSimulatorOptions = Readonly<{
  transport: ByteTransport;
  rule: (request: Exclude<TerminalRequest, { type: 'STATUS' }>) => TerminalBehaviour;
  /** The test card; the terminal itself only ever sends it masked… */
  cardNumber?: string;
  /** …unless told to misbehave, to prove the register masks it anyway. */
  sendsFullCardNumber?: boolean;
  clock?: Clock;
}>;

export type Charge = Readonly<{
  requestId: string;
  type: 'SALE' | 'REFUND' | 'VOID';
  amount: number;
}>;

export interface PaymentTerminalSimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Money that actually moved, once per request id. */
  charges(): readonly Charge[];
  /** Requests as received, repeats included. */
  received(): readonly TerminalRequest[];
}

export function createPaymentTerminalSimulator(
  options: PaymentTerminalSimulatorOptions,
): PaymentTerminalSimulator {
  const { transport } = options;
  const card = options.cardNumber ?? '6222021234567890123';
  const known = new Map<string, TerminalAnswer>();
  const charges: Charge[] = [];
  const received: TerminalRequest[] = [];
  let refs = 0;
  let off: (() => void) | undefined;

  const link = createFramedLink({
    write: (bytes) => transport.write(bytes),
    onFrame(body) {
      const request = parseRequest(body);
      if (!request) return undefined;
      // A deaf terminal never heard it: no ACK, no record.
      if (
        request.type !== 'STATUS' &&
        !known.has(request.requestId) &&
        options.rule(request) === 'deaf'
      ) {
        return 'ignore';
      }
      handle(request);
      return undefined;
    },
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    ackTimeoutMs: 200,
  });

  function answerFor(
    request: Exclude<TerminalRequest, { type: 'STATUS' }>,
    approved: boolean,
  ): TerminalAnswer {
    refs += 1;
    const amount = request.type === 'VOID' ? 0 : request.amount;
    return {
      requestId: request.requestId,
      outcome: approved ? 'APPROVED' : 'DECLINED',
      amount,
      cardNumber: approved
        ? options.sendsFullCardNumber
          ? card
          : `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`
        : '',
      authCode: approved ? String(100000 + refs) : '',
      terminalRef: approved ? `T${String(refs).padStart(8, '0')}` : '',
      token: approved ? `tok_${card.slice(-4)}_${refs}` : '',
      message: approved ? 'APPROVED' : 'Insufficient funds',
    };
  }

  function reply(answer: TerminalAnswer): void {
    void link.send(encodeAnswer(answer));
  }

  function handle(request: TerminalRequest): void {
    received.push(request);
    if (request.type === 'STATUS') {
      const answer = known.get(request.queriedId);
      reply(
        answer ?? {
          requestId: request.queriedId,
          outcome: 'NOT_FOUND',
          amount: 0,
          cardNumber: '',
          authCode: '',
          terminalRef: '',
          token: '',
          message: 'No such request',
        },
      );
      return;
    }
    const earlier = known.get(request.requestId);
    if (earlier) {
      // The same id again: answer what happened, never charge twice.
      reply(earlier);
      return;
    }
    const behaviour = options.rule(request);
    switch (behaviour) {
      case 'approve':
      case 'lostAnswer': {
        const answer = answerFor(request, true);
        known.set(request.requestId, answer);
        charges.push({ requestId: request.requestId, type: request.type, amount: answer.amount });
        if (behaviour === 'approve') reply(answer);
        return;
      }
      case 'decline': {
        const answer = answerFor(request, false);
        known.set(request.requestId, answer);
        reply(answer);
        return;
      }
      case 'timeout':
        known.set(request.requestId, {
          requestId: request.requestId,
          outcome: 'IN_PROGRESS',
          amount: 0,
          cardNumber: '',
          authCode: '',
          terminalRef: '',
          token: '',
          message: 'Waiting for card',
        });
        return;
      case 'deaf':
        // Filtered out before it was acknowledged (see onFrame).
        return;
      default:
        behaviour satisfies never;
    }
  }

  return {
    async start() {
      off ??= transport.onData((chunk) => link.receive(chunk));
      await transport.open();
    },
    async stop() {
      off?.();
      off = undefined;
      await transport.close();
    },
    charges: () => charges,
    received: () => received,
  };
}
