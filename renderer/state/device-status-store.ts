// What the counter's devices last said, from the core's events: the card payment in progress on
// the terminal (its stage) and the receipt printer's state (paper, cover, power), so the pay panel
// can say what is happening and what to do.
import { create } from 'zustand';
import type { CardProgressView, PrinterStatusName } from '../../app/commands';

export interface PrinterState {
  readonly online: boolean;
  readonly paper: 'ok' | 'low' | 'out';
  readonly coverOpen: boolean;
}

export const PRINTER_READY: PrinterState = { online: true, paper: 'ok', coverOpen: false };

/** The printer after one status report; drawer reports leave it as it was. */
export function printerAfter(state: PrinterState, status: PrinterStatusName): PrinterState {
  switch (status) {
    case 'online':
      return { ...state, online: true };
    case 'offline':
      return { ...state, online: false };
    case 'paperOk':
      return { ...state, paper: 'ok' };
    case 'paperLow':
      return { ...state, paper: 'low' };
    case 'paperOut':
      return { ...state, paper: 'out' };
    case 'coverOpen':
      return { ...state, coverOpen: true };
    case 'coverClosed':
      return { ...state, coverOpen: false };
    case 'drawerOpen':
    case 'drawerClosed':
      return state;
    default: {
      const unknown: never = status;
      throw new Error(`Unhandled printer status ${String(unknown)}`);
    }
  }
}

/** The problem the cashier must fix first, or undefined when the printer can print. */
export function printerProblem(
  state: PrinterState,
): 'offline' | 'coverOpen' | 'paperOut' | 'paperLow' | undefined {
  if (!state.online) return 'offline';
  if (state.coverOpen) return 'coverOpen';
  if (state.paper === 'out') return 'paperOut';
  if (state.paper === 'low') return 'paperLow';
  return undefined;
}

export interface DeviceStatusState {
  /** The latest card payment's progress; null before the first or once the cashier moves on. */
  readonly card: CardProgressView | null;
  readonly printer: PrinterState;
  cardProgress: (progress: CardProgressView | null) => void;
  printerStatus: (status: PrinterStatusName) => void;
}

export const useDeviceStatus = create<DeviceStatusState>()((set) => ({
  card: null,
  printer: PRINTER_READY,
  cardProgress: (card) => set({ card }),
  printerStatus: (status) => set((s) => ({ printer: printerAfter(s.printer, status) })),
}));
