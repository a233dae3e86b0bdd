// A whole counter of simulated devices on in-memory pairs: the demo and tests run the register on it.
import type { DeviceProfile } from '../device/device-profile';
import type { ByteTransport } from '../transport/byte-transport';
import { createMemoryPair } from '../transport/memory-transport';
import { createCardReaderSimulator } from './card-reader-simulator';
import {
  createPaymentTerminalSimulator,
  type TerminalBehaviour,
} from './payment-terminal-simulator';
import { createPoleDisplaySimulator } from './pole-display-simulator';
import { createPrinterSimulator } from './printer-simulator';
import { createScaleSimulator } from './scale-simulator';
import { createScannerSimulator } from './scanner-simulator';
import { createSensorSimulator } from './sensor-simulator';

export type SimulatedCounterOptions = Readonly<{
  /** Demo default: approve up to ¥5,000, decline above, so both paths can be tried. */
  terminalRule?: (amount: number) => TerminalBehaviour;
  memberPrefixes?: readonly string[];
}>;

export async function createSimulatedCounter(options: SimulatedCounterOptions = {}) {
  const ends = new Map<string, ByteTransport>();
  const pairFor = (name: string) => {
    const pair = createMemoryPair(name);
    ends.set(name, pair.register);
    // A device stays powered when the register closes its port (to move it to another port,
    // or to restart): it listens again, as a real one at the end of a cable would.
    pair.device.onLost(() => void pair.device.open());
    return pair.device;
  };
  const memberPrefixes = options.memberPrefixes ?? ['990086'];
  const rule = options.terminalRule ?? ((amount) => (amount > 500_000 ? 'decline' : 'approve'));

  const scanner = createScannerSimulator({ transport: pairFor('scanner'), mode: 'serial' });
  const printer = createPrinterSimulator({ transport: pairFor('printer'), codePage: 'gb18030' });
  const terminal = createPaymentTerminalSimulator({
    transport: pairFor('terminal'),
    rule: (request) => rule(request.type === 'VOID' ? 0 : request.amount),
  });
  const cardReader = createCardReaderSimulator(pairFor('cardReader'));
  const display = createPoleDisplaySimulator(pairFor('display'));
  const scale = createScaleSimulator(pairFor('scale'));
  const sensor = createSensorSimulator(pairFor('sensor'));
  const all = [scanner, printer, terminal, cardReader, display, scale, sensor];
  await Promise.all(all.map((simulator) => simulator.start()));

  const memory = (name: string) => ({ type: 'memory', name }) as const;
  const profiles: readonly DeviceProfile[] = [
    {
      id: 'scanner',
      kind: 'scanner',
      connection: memory('scanner'),
      scanner: { suffix: '\r', aimPrefix: false },
    },
    {
      id: 'printer',
      kind: 'receiptPrinter',
      connection: memory('printer'),
      printer: { paperWidth: 80, codePage: 'gb18030' },
    },
    { id: 'terminal', kind: 'paymentTerminal', connection: memory('terminal') },
    {
      id: 'cardReader',
      kind: 'cardReader',
      connection: memory('cardReader'),
      cardReader: { memberPrefixes },
    },
    { id: 'display', kind: 'poleDisplay', connection: memory('display') },
    { id: 'scale', kind: 'scale', connection: memory('scale') },
    { id: 'sensor', kind: 'environmentSensor', connection: memory('sensor') },
  ];

  return {
    profiles,
    /** Hand to createProfileDevice so memory connections find their pair. */
    memoryEnds: ends as ReadonlyMap<string, ByteTransport>,
    scanner,
    printer,
    terminal,
    cardReader,
    display,
    scale,
    sensor,
    async stop() {
      await Promise.all(all.map((simulator) => simulator.stop()));
    },
  };
}
