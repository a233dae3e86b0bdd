// The payload of each mutation type the register writes today, at the current schema version.
// Shapes follow what main/ appends to its outbox; unknown extra fields are kept (a newer register
// may add some), known ones are checked.
import { z } from 'zod';

const int = z.number().int();
const count = int.min(0);
/** Ids the register mints (UUIDv7) or takes from the catalog. */
const id = z.string().min(1).max(100);
/** Catalog ids travel as text on the server; some register rows hold them as integers. */
const productId = z.union([id, int.min(0)]).transform(String);
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const money = z.looseObject({ amount: int, currency });

/** A tender as applied at the till; the card kind carries a masked number only (never the PAN). */
const paymentSchema = z.looseObject({
  kind: z.enum(['cash', 'card', 'points', 'voucher', 'wallet']),
  amount: money,
  points: count.optional(),
});

export const saleCompletedSchema = z.looseObject({
  saleId: id,
  receiptNo: count,
  storeId: id,
  cashierId: id,
  memberId: id.nullable(),
  currency,
  /** What the customer pays, after discounts, in minor units. */
  total: int,
  pointsEarned: count,
  pointsUsed: count,
  lines: z.array(
    z.looseObject({
      lineId: id,
      productId,
      gtin14: z.string().max(14),
      /** Pieces, or grams for weighed goods. */
      quantity: int,
      net: int,
    }),
  ),
  payments: z.array(paymentSchema),
  completedAt: int,
});
export type SaleCompleted = z.infer<typeof saleCompletedSchema>;

export const refundCompletedSchema = z.looseObject({
  refundId: id,
  receiptNo: count,
  /** Null for a return without a receipt. */
  saleId: id.nullable(),
  storeId: id,
  amount: int,
  restock: z.boolean(),
  lines: z.array(z.looseObject({ lineNo: count, productId, quantity: int, amount: int })),
  payments: z.array(z.looseObject({ kind: z.string(), amount: money })),
  pointsClawedBack: count,
  createdAt: int,
});
export type RefundCompleted = z.infer<typeof refundCompletedSchema>;

export const cartCancelledSchema = z.looseObject({
  cartId: id,
  reason: z.string().max(500),
  lines: count,
});
export type CartCancelled = z.infer<typeof cartCancelledSchema>;

/** The Z report that closed the shift; the server keeps it whole. */
export const shiftClosedSchema = z.looseObject({
  kind: z.literal('z'),
  zNumber: count,
  shiftId: id,
  registerId: id,
  cashierId: id,
  openedAt: int,
  at: int,
});
export type ShiftClosed = z.infer<typeof shiftClosedSchema>;

export const stocktakePostedSchema = z.looseObject({
  stocktakeId: id,
  storeId: id,
  postedAt: int,
  postedBy: id,
  currency,
  netValue: int,
  adjustments: z.array(z.looseObject({ productId, expected: int, counted: int, delta: int })),
});
export type StocktakePosted = z.infer<typeof stocktakePostedSchema>;

/**
 * Units of a flash sale a register sold from its escrow lease (written in the sale's transaction,
 * next to its `sale.completed`). `estimatedServerTime` is the register's reading of the server's
 * clock at the sale (time at last contact + monotonic time since): the server flags a sale made
 * after the lease's expiry, which only a lying clock lets through.
 */
export const leaseSaleSchema = z.looseObject({
  leaseId: id,
  flashSaleId: id,
  saleId: id,
  productId,
  quantity: int.min(1),
  soldAt: int,
  estimatedServerTime: int,
});
export type LeaseSale = z.infer<typeof leaseSaleSchema>;

/**
 * Points a register let a member redeem against its offline allowance (written with the sale):
 * the server debits the allowance's hold and repairs any residue with an adjust entry.
 */
export const offlineRedemptionSchema = z.looseObject({
  memberId: id,
  saleId: id,
  points: int.min(1),
  redeemedAt: int,
});
export type OfflineRedemption = z.infer<typeof offlineRedemptionSchema>;

/**
 * In-store environment readings (a chiller's temperature, the shop floor's humidity) a register's
 * sensors took, one row a minute at most: the latest reading of each sensor in that minute.
 * Values in milli-units (m°C, thousandths of a % RH), as the sensor driver reads them.
 */
export const environmentReadingsSchema = z.looseObject({
  storeId: id,
  readings: z
    .array(
      z.looseObject({
        sensorId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a sensor id'),
        kind: z.enum(['temperature', 'humidity']),
        milli: int.min(-1_000_000).max(1_000_000),
        at: int,
      }),
    )
    .min(1)
    .max(200),
});
export type EnvironmentReadings = z.infer<typeof environmentReadingsSchema>;

export const MUTATION_PAYLOADS = {
  'sale.completed': saleCompletedSchema,
  'refund.completed': refundCompletedSchema,
  'cart.cancelled': cartCancelledSchema,
  'shift.closed': shiftClosedSchema,
  'stocktake.posted': stocktakePostedSchema,
  'flashSale.leaseSale': leaseSaleSchema,
  'points.offlineRedeemed': offlineRedemptionSchema,
  'environment.readings': environmentReadingsSchema,
} as const;

export type MutationType = keyof typeof MUTATION_PAYLOADS;

export const MUTATION_TYPES = Object.keys(MUTATION_PAYLOADS) as readonly MutationType[];

export function isMutationType(type: string): type is MutationType {
  return Object.hasOwn(MUTATION_PAYLOADS, type);
}

/** A mutation read at the current version, discriminated by type. */
export type TypedMutation =
  | { readonly type: 'sale.completed'; readonly payload: SaleCompleted }
  | { readonly type: 'refund.completed'; readonly payload: RefundCompleted }
  | { readonly type: 'cart.cancelled'; readonly payload: CartCancelled }
  | { readonly type: 'shift.closed'; readonly payload: ShiftClosed }
  | { readonly type: 'stocktake.posted'; readonly payload: StocktakePosted }
  | { readonly type: 'flashSale.leaseSale'; readonly payload: LeaseSale }
  | { readonly type: 'points.offlineRedeemed'; readonly payload: OfflineRedemption }
  | { readonly type: 'environment.readings'; readonly payload: EnvironmentReadings };

/** Types whose mutation records money that changed hands: never refused, only flagged. */
export const MONEY_FACTS: ReadonlySet<string> = new Set([
  'sale.completed',
  'refund.completed',
  'flashSale.leaseSale',
  'points.offlineRedeemed',
]);
