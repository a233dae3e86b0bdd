// The manager's day at a glance: sales by hour, how customers paid, what sold most, what runs low,
// and whether this register's changes have reached head office. Supervisors and managers only.
import { z } from 'zod';
import type { StockView } from './inventory-commands';
import { command } from './command';
import type { TenderView } from './views';

export interface DashboardHour {
  /** 0–23, store time. */
  readonly hour: number;
  readonly sales: number;
  /** Sale totals, minor units. */
  readonly value: number;
}

export interface DashboardTender {
  readonly kind: TenderView['kind'];
  /** Sales that used this tender (a split sale counts once for each). */
  readonly count: number;
  /** What this tender settled, minor units (cash net of change). */
  readonly amount: number;
}

export interface DashboardProduct {
  readonly productId: number;
  readonly gtin14: string;
  readonly name: string;
  readonly soldBy: 'each' | 'weight';
  /** Units, or grams when sold by weight. */
  readonly quantity: number;
  /** Net of discounts, minor units. */
  readonly value: number;
}

export interface DashboardView {
  /** The store day shown, YYYY-MM-DD in store time. */
  readonly date: string;
  readonly currency: string;
  readonly totals: {
    readonly sales: number;
    readonly value: number;
    readonly items: number;
    readonly refunds: number;
    readonly refundValue: number;
  };
  /** All 24 hours, empty ones as zeros, so a chart has a steady axis. */
  readonly byHour: readonly DashboardHour[];
  /** Largest amount first. */
  readonly tenderMix: readonly DashboardTender[];
  /** By value, largest first. */
  readonly topProducts: readonly DashboardProduct[];
  /** Products at or below safety stock: the worst first, and how many there are in all. */
  readonly lowStock: { readonly items: readonly StockView[]; readonly count: number };
  /** This register's link to head office. */
  readonly sync: {
    readonly registerId: string;
    readonly unsyncedMutations: number;
    readonly unsyncedSales: number;
    readonly lastSeq: number;
    /** The highest sequence head office acknowledged, and when; 0 / null before the first. */
    readonly lastAckedSeq: number;
    readonly lastAckedAt: number | null;
  };
}

/** One in-store sensor as this register last read it (milli-units: m°C, thousandths of % RH). */
export interface SensorView {
  readonly sensorId: string;
  readonly kind: 'temperature' | 'humidity';
  readonly milli: number;
  /** When it was read, epoch ms. */
  readonly at: number;
  /** The range the store keeps it in, when one is set; `alert` while outside it. */
  readonly range: { readonly min: number; readonly max: number } | null;
  readonly alert: boolean;
}

export const reportsCommands = {
  /** The day's figures for the manager dashboard: today (store time) when no date is given. */
  'reports.dashboard': command(
    z.object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD')
        .optional(),
      top: z.number().int().min(1).max(50).optional(),
    }),
  ).returns<DashboardView>(),
  /** The in-store sensors this register reads (chillers, the floor), latest reading each. */
  'reports.environment': command(z.object({})).returns<{
    readonly sensors: readonly SensorView[];
  }>(),
};
