// What the counter's devices last said, from the core's events: the card payment in progress on
// the terminal (its stage), the wallet payment the customer confirms on the phone, and the receipt
// printer's state (paper, cover, power), so the pay panel can say what is happening and what to do.
import { create } from 'zustand';
import type {
  CardProgressView,
  PrinterStatusName,
  WalletProgressStage,
  WalletProgressView,
} from '../../app/commands';

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
  /** The latest wallet payment's progress; null before the first or once the sale moves on. */
  readonly wallet: WalletProgressView | null;
  readonly printer: PrinterState;
  cardProgress: (progress: CardProgressView | null) => void;
  walletProgress: (progress: WalletProgressView | null) => void;
  printerStatus: (status: PrinterStatusName) => void;
}

export const useDeviceStatus = create<DeviceStatusState>()((set) => ({
  card: null,
  wallet: null,
  printer: PRINTER_READY,
  cardProgress: (card) => set({ card }),
  walletProgress: (wallet) => set((s) => ({ wallet: walletAfter(s.wallet, wallet) })),
  printerStatus: (status) => set((s) => ({ printer: printerAfter(s.printer, status) })),
}));

/**
 * The wallet payment after one report. While the customer confirms, the register asks the server
 * every few seconds ("checking"): for the cashier that is still the customer confirming, so the
 * panel keeps saying so. A check after a lost answer (not after "waiting") is shown as it is.
 */
export function walletAfter(
  before: WalletProgressView | null,
  next: WalletProgressView | null,
): WalletProgressView | null {
  const same =
    before !== null &&
    next !== null &&
    before.cartId === next.cartId &&
    before.attempt === next.attempt;
  if (same && before.stage === 'waiting' && next.stage === 'checking') return before;
  return next;
}

/** Stages in which the customer may still be charged: the cart waits and a cancel is offered. */
export function walletInFlight(stage: WalletProgressStage): boolean {
  switch (stage) {
    case 'sending':
    case 'waiting':
    case 'checking':
    case 'cancelRequested':
      return true;
    case 'paid':
    case 'failed':
    case 'cancelled':
      return false;
    default: {
      const unknown: never = stage;
      throw new Error(`Unhandled wallet stage ${String(unknown)}`);
    }
  }
}
