// Test rigs: a payment terminal client wired to its simulator, and a logger whose output tests read.
import { systemClock, type Logger } from '../device/clock';
import { createPosDevice } from '../device/pos-device';
import { createPaymentTerminal } from '../payment/payment-terminal';
import {
  createPaymentTerminalSimulator,
  type TerminalBehaviour,
} from '../simulators/payment-terminal-simulator';
import type { ByteTransport } from '../transport/byte-transport';
import { createMemoryPair } from '../transport/memory-transport';

export const FULL_PAN = '6222021234567890123';

export function recordingLogger(): Logger & { text(): string } {
  const lines: string[] = [];
  const log = (message: string, fields?: Readonly<Record<string, unknown>>) => {
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { info: log, warn: log, error: log, text: () => lines.join('\n') };
}

export async function terminalRig(
  rule: (amount: number) => TerminalBehaviour,
  ends?: { register: ByteTransport; device: ByteTransport },
  sendsFullCardNumber = false,
) {
  const pair = ends ?? createMemoryPair('terminal');
  const simulator = createPaymentTerminalSimulator({
    transport: pair.device,
    rule: (request) => rule(request.type === 'VOID' ? 0 : request.amount),
    cardNumber: FULL_PAN,
    sendsFullCardNumber,
  });
  await simulator.start();
  const logger = recordingLogger();
  const device = createPosDevice<never>({
    name: 'payment terminal',
    transport: pair.register,
    clock: systemClock,
    logger,
  });
  await device.open();
  device.claim();
  device.enable();
  let ids = 0;
  const terminal = createPaymentTerminal({
    device,
    clock: systemClock,
    logger,
    answerTimeoutMs: 300,
    statusWindowMs: 800,
    statusIntervalMs: 100,
    ackTimeoutMs: 100,
    newRequestId: () => `status-${(ids += 1)}`,
  });
  return { simulator, terminal, logger, device, pair };
}
