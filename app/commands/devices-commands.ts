// The counter's devices as the devices screen sees them: what is connected and how the receipt
// printer is (asked of the printer when the screen asks), and a short test slip through it.
import { z } from 'zod';
import { command } from './command';

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
  readonly checkedAt: number;
}

export interface TestPrintView {
  /** True once the printer took the whole slip; false when it is still waiting (paper, cover). */
  readonly printed: boolean;
}

export const devicesCommands = {
  /** Asks the devices now: the receipt printer's status, which devices are connected. */
  'devices.status': command(z.object({})).returns<DevicesStatusView>(),
  /** A short test slip through the receipt printer (store name, register, time); audited. */
  'devices.testPrint': command(z.object({})).returns<TestPrintView>(),
};
