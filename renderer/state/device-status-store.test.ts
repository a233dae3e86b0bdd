// The printer's state from its status reports, and which problem the cashier must fix first.
import { describe, expect, it } from 'vitest';
import type { PrinterStatusName } from '../../app/commands';
import { PRINTER_READY, printerAfter, printerProblem } from './device-status-store';

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
