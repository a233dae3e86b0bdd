// Test rig: the register's devices on their simulators — the card terminal (hardware's
// terminalRig, with short timeouts) and a receipt printer with its drawer — over in-memory pairs
// or given ends (a socat serial pair), ready to hand to `createRegisterCore({ devices })`.
import type { ByteTransport, PrinterSimulator, TerminalBehaviour } from '../../../hardware';
import {
  createMemoryPair,
  createPosDevice,
  createPrinterSimulator,
  silentLogger,
  systemClock,
} from '../../../hardware';
import { terminalRig } from '../../../hardware/integration/terminal-rig';
import type { RegisterDevices, RegisterPrinter } from '../register-devices';

export { FULL_PAN } from '../../../hardware/integration/terminal-rig';

export async function printerRig(): Promise<{
  simulator: PrinterSimulator;
  port: RegisterPrinter;
  close(): Promise<void>;
}> {
  const pair = createMemoryPair('printer');
  const simulator = createPrinterSimulator({ transport: pair.device, codePage: 'gb18030' });
  await simulator.start();
  const device = createPosDevice<never>({
    name: 'receipt printer',
    transport: pair.register,
    clock: systemClock,
    logger: silentLogger,
  });
  const opened = await device.open();
  const ready = opened.ok ? device.claim() : opened;
  const enabled = ready.ok ? device.enable() : ready;
  if (!enabled.ok) throw new Error(`printer rig: ${enabled.error.message}`);
  return {
    simulator,
    port: { device, paperWidth: 80, codePage: 'gb18030', faultPollMs: 20 },
    async close() {
      await device.close();
      await simulator.stop();
    },
  };
}

export interface CounterRig {
  readonly devices: RegisterDevices;
  readonly terminal: Awaited<ReturnType<typeof terminalRig>>;
  readonly printer: Awaited<ReturnType<typeof printerRig>>;
  /** What the terminal does with the next request; change it between payments. */
  behaviour: TerminalBehaviour;
  close(): Promise<void>;
}

export async function counterRig(
  options: {
    readonly terminalEnds?: { register: ByteTransport; device: ByteTransport };
    /** A misconfigured terminal that sends whole card numbers (the register must mask them). */
    readonly sendsFullCardNumber?: boolean;
  } = {},
): Promise<CounterRig> {
  const state = { behaviour: 'approve' as TerminalBehaviour };
  const terminal = await terminalRig(
    () => state.behaviour,
    options.terminalEnds,
    options.sendsFullCardNumber ?? false,
  );
  const printer = await printerRig();
  return {
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(next: TerminalBehaviour) {
      state.behaviour = next;
    },
    devices: { terminal: terminal.terminal, printer: printer.port },
    terminal,
    printer,
    async close() {
      await printer.close();
      await terminal.device.close();
      await terminal.simulator.stop();
    },
  };
}
