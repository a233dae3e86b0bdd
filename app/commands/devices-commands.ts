// The counter's devices as the devices screen sees them: what is connected and how the receipt
// printer is (asked of the printer when the screen asks), a short test slip through it, and the
// port each device is on (a manager chooses it from the ports this machine has).
import { z } from 'zod';
import { command } from './command';
import type { CartView } from './views';

/** The receipt printer as it answered a status query just now. */
export interface PrinterDeviceView {
  readonly connected: boolean;
  /** Null when no printer is connected or it did not answer (then it counts as offline). */
  readonly status: {
    readonly online: boolean;
    readonly paper: 'ok' | 'low' | 'out';
    readonly coverOpen: boolean;
    /** The drawer on the printer's kick connector, as its switch reports it. */
    readonly drawerOpen: boolean;
  } | null;
}

export interface DevicesStatusView {
  readonly printer: PrinterDeviceView;
  /** A card terminal is configured for this register (the link has no idle "ping"). */
  readonly terminal: { readonly connected: boolean };
  /** A cash drawer can be opened (its own, or the printer's kick connector). */
  readonly drawer: { readonly connected: boolean };
  /** The counter scale and what it shows now (null: nothing heard from it yet). */
  readonly scale: {
    readonly connected: boolean;
    readonly reading: {
      readonly state: 'stable' | 'unstable' | 'overload';
      /** Null when overloaded. */
      readonly grams: number | null;
    } | null;
  };
  /** The customer pole display. */
  readonly display: { readonly connected: boolean };
  readonly checkedAt: number;
}

export interface TestPrintView {
  /** True once the printer took the whole slip; false when it is still waiting (paper, cover). */
  readonly printed: boolean;
}

/** The devices whose port is chosen on the devices screen. */
export const PORT_DEVICES = [
  'printer',
  'terminal',
  'scanner',
  'cardReader',
  'display',
  'scale',
  'sensor',
] as const;
export type PortDevice = (typeof PORT_DEVICES)[number];

/** The speeds serial POS devices ship with; 9600 is the usual factory setting. */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

/**
 * A serial port's path: absolute without ".." (/dev/ttyUSB0, a udev or socat link) or a Windows
 * COM port. Anything else is no port, whatever a forged request says.
 */
export const SERIAL_PATH = /^(\/(?!.*(^|\/)\.\.(\/|$))[^\s]+|COM\d{1,3}|\\\\\.\\COM\d{1,3})$/;

/**
 * A port as a manager chooses it: a serial port (RS-232, USB-serial) at a speed, a USB HID
 * device (scanners in HID POS mode), or one of the host's simulated devices (demo, tests).
 */
export const portChoiceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('serial'),
    path: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(SERIAL_PATH, 'a serial port is an absolute path such as /dev/ttyUSB0, or COMn'),
    baudRate: z.literal(BAUD_RATES),
    rtscts: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().min(1).max(300).optional(),
  }),
  z.object({ type: z.literal('memory'), name: z.string().min(1).max(40) }),
]);
export type PortChoice = z.infer<typeof portChoiceSchema>;

/** A port this machine offers now, with what the OS says of it (maker, product). */
export type PortOption = Readonly<
  | { type: 'serial'; path: string; description: string }
  | { type: 'hid'; vendorId: number; productId: number; path?: string; description: string }
  | { type: 'memory'; name: string; description: string }
>;

/** One device's port and how the device is on it now. */
export interface PortSlotView {
  readonly device: PortDevice;
  /** Null: no device of this kind at this counter. */
  readonly port: PortChoice | null;
  /** online: open and usable; waiting: tried and failed, tried again soon; connecting. */
  readonly state: 'online' | 'connecting' | 'waiting' | 'stopped';
  /** Why the last attempt failed, as the OS or driver said it. */
  readonly lastError: string | null;
}

export interface DevicePortsView {
  /** False when the host wires fixed devices (tests): nothing here can be chosen. */
  readonly choosable: boolean;
  readonly available: readonly PortOption[];
  readonly slots: readonly PortSlotView[];
}

export const devicesCommands = {
  /** Asks the devices now: the receipt printer's status, which devices are connected. */
  'devices.status': command(z.object({})).returns<DevicesStatusView>(),
  /** A short test slip through the receipt printer (store name, register, time); audited. */
  'devices.testPrint': command(z.object({})).returns<TestPrintView>(),
  /** Shows a test on the customer pole display (until the next sale's lines). */
  'devices.testDisplay': command(z.object({})).returns<null>(),
  /** The ports this machine offers and the port each device is on. */
  'devices.ports': command(z.object({})).returns<DevicePortsView>(),
  /**
   * Puts a device on a port (null: no such device here), from now and after restarts; the
   * device is reconnected at once. Manager; audited.
   */
  'devices.choosePort': command(
    z.object({
      device: z.enum(PORT_DEVICES),
      port: portChoiceSchema.nullable(),
      approvalId: z.string().min(1).max(64).optional(),
    }),
  ).returns<DevicePortsView>(),
};

/** The counter scale: a weighed line takes its weight from the scale's settled reading. */
export const scaleCommands = {
  /**
   * Weighs a line sold by weight with what the scale shows now: refused while the scale swings,
   * shows nothing (or less), is overloaded, or is not there. A weighed item scanned while the
   * scale shows a settled weight is weighed with it as it is added.
   */
  'scale.weigh': command(z.object({ lineId: z.string().min(1).max(64) })).returns<CartView>(),
};
