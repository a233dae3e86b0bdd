// The devices a register core drives, as ports over the hardware drivers' public API: the card
// terminal, the receipt printer (with the drawer on its kick connector), the cash drawer and the
// environment sensors. Each is optional; a command that needs one that is absent answers
// `devices.notConnected`.
import type {
  DevicePortsView,
  PortChoice,
  PortDevice,
  PortOption,
} from '../../app/commands/devices-commands';
import type { Result } from '../../app/result';
import { err } from '../../app/result';
import type {
  PaperWidth,
  PaymentTerminal,
  PosDevice,
  PrinterCodePage,
  ReceiptLabels,
  ScaleReading,
  SensorReading,
} from '../../hardware';

/** What checkout asks of a card terminal: charge, ask what became of a charge, void one. */
export type CardTerminal = Pick<PaymentTerminal, 'sale' | 'status' | 'void' | 'refund'>;

/**
 * The receipt printer as the host opened it (open, claimed, enabled): the core drives it with
 * its own print-job journal on the register's SQLite file, so a receipt waiting for paper
 * survives a restart.
 */
export interface RegisterPrinter {
  readonly device: PosDevice<never>;
  readonly paperWidth: PaperWidth;
  readonly codePage: PrinterCodePage;
  readonly labels?: ReceiptLabels;
  /** How often a waiting job looks whether paper is back (the driver's default: 500 ms). */
  readonly faultPollMs?: number;
}

/** A cash drawer: one pulse opens it. */
export interface CashDrawer {
  open(): Promise<Result<void>>;
}

/**
 * The host's hand on the counter's ports, when it lets the devices screen choose them: the ports
 * the machine offers, the port each device is on, and moving a device to another port.
 */
export interface DevicePorts {
  available(): Promise<readonly PortOption[]>;
  slots(): DevicePortsView['slots'];
  /** From now on; an open device is closed and reconnected on the new port at once. */
  choose(device: PortDevice, port: PortChoice | undefined): Promise<void>;
}

export interface RegisterDevices {
  readonly terminal?: CardTerminal;
  readonly printer?: RegisterPrinter;
  /**
   * For a no-sale. Left out with a printer present, the printer's kick connector is used (the
   * usual wiring); a sale's cash drawer opens through its receipt job either way.
   */
  readonly drawer?: CashDrawer;
  /** In-store environment sensors (chillers, the shop floor): readings for the dashboard. */
  readonly sensor?: PosDevice<SensorReading>;
  /** The customer pole display (2×20): the price of each item, the total, the change. */
  readonly display?: PosDevice<never>;
  /** The counter scale: lines sold by weight take its settled reading. */
  readonly scale?: PosDevice<ScaleReading>;
  /** Present when the ports can be chosen on the devices screen (the host's counter devices). */
  readonly ports?: DevicePorts;
}

export type DeviceName = 'terminal' | 'printer' | 'drawer' | 'scale' | 'display';

const NAMES: Readonly<Record<DeviceName, string>> = {
  scale: 'scale',
  display: 'customer display',
  terminal: 'card terminal',
  printer: 'receipt printer',
  drawer: 'cash drawer',
};

export function notConnected(device: DeviceName): Result<never> {
  return err('devices.notConnected', `No ${NAMES[device]} is connected to this register`, {
    device,
  });
}
