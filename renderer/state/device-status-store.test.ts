// The printer's state from its status reports, which problem the cashier must fix first, and
// the wallet payment as the pay panel tells it.
import { describe, expect, it } from 'vitest';
import type { PrinterStatusName, WalletProgressView } from '../../app/commands';
import {
  PRINTER_READY,
  printerAfter,
  printerProblem,
  walletAfter,
  walletInFlight,
} from './device-status-store';

const after = (statuses: PrinterStatusName[]) => statuses.reduce(printerAfter, PRINTER_READY);

describe('printer state', () => {
  it('is ready until it reports otherwise; drawer reports change nothing', () => {
    expect(printerProblem(after([]))).toBeUndefined();
    expect(after(['drawerOpen', 'drawerClosed'])).toEqual(PRINTER_READY);
  });

  it('says paper out until paper is back', () => {
    expect(printerProblem(after(['paperLow']))).toBe('paperLow');
    expect(printerProblem(after(['paperLow', 'paperOut']))).toBe('paperOut');
    expect(printerProblem(after(['paperOut', 'paperOk']))).toBeUndefined();
  });

  it('puts power first, then the cover, then paper', () => {
    expect(printerProblem(after(['paperOut', 'coverOpen', 'offline']))).toBe('offline');
    expect(printerProblem(after(['paperOut', 'coverOpen', 'offline', 'online']))).toBe('coverOpen');
    expect(printerProblem(after(['paperOut', 'coverOpen', 'coverClosed']))).toBe('paperOut');
  });
});

describe('wallet progress', () => {
  const at = (stage: WalletProgressView['stage'], attempt = 1): WalletProgressView => ({
    cartId: 'cart-1',
    attempt,
    wallet: 'alipay',
    amount: 1_000,
    maskedCode: '28**************8901',
    stage,
  });
  const run = (stages: WalletProgressView[]) =>
    stages.reduce<WalletProgressView | null>(walletAfter, null)?.stage;

  it('keeps saying the customer is confirming while the register asks the server', () => {
    expect(run([at('sending'), at('waiting'), at('checking')])).toBe('waiting');
    expect(run([at('sending'), at('waiting'), at('checking'), at('paid')])).toBe('paid');
    expect(run([at('waiting'), at('cancelRequested'), at('cancelled')])).toBe('cancelled');
  });

  it('shows a check after a lost answer, and a new attempt as it is', () => {
    expect(run([at('sending'), at('checking')])).toBe('checking');
    expect(run([at('waiting'), at('checking', 2)])).toBe('checking');
    expect(walletInFlight('checking')).toBe(true);
    expect(walletInFlight('paid')).toBe(false);
  });
});
