// The pull conversation: a register asks for a stream's changes after its cursor and gets them in
// cursor order with the new cursor and whether more wait; an empty register first takes the
// catalog as a streamed snapshot (NDJSON) with the cursors it is consistent with.
import { z } from 'zod';
import { localizedNamesSchema, memberLevelSchema, minorUnitsSchema } from '../../app/catalog';
import { currencyCodeSchema } from '../../app/catalog/money-schema';
import { promotionSchema } from '../../app/pricing';
import type { RecsModel } from '../../app/recommendations/recs-model';
import { recsModelSchema } from '../../app/recommendations/recs-model';
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';

export const PULL_PATH = '/sync/pull';
export const SNAPSHOT_PATH = '/sync/pull/snapshot';

/** The streams a register pulls today; leases and flash-sale terms travel by the lease API. */
export const PULL_STREAMS = [
  'catalog',
  'prices',
  'promotions',
  'recommendations',
  'members',
  'stock',
] as const;
export type PullStream = (typeof PULL_STREAMS)[number];

export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

const cursorSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const idSchema = z.string().min(1).max(100);
const gtin14Schema = z.string().regex(/^\d{14}$/, { message: 'a GTIN-14 has 14 digits' });
const amountSchema = minorUnitsSchema.refine((a) => a >= 0, { message: 'must not be negative' });

/** `GET /sync/pull?stream=…&after=…&limit=…`; the stream is checked against the server's list. */
export const pullQuerySchema = z
  .object({
    stream: z.string().min(1).max(40),
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
  })
  .strict();
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const taxClassEntrySchema = z
  .object({
    kind: z.literal('taxClass'),
    cursor: cursorSchema,
    id: idSchema,
    name: z.string().min(1),
    rateBasisPoints: z.number().int().min(0).max(10_000),
  })
  .strict();

export const categoryEntrySchema = z
  .object({
    kind: z.literal('category'),
    cursor: cursorSchema,
    id: idSchema,
    names: localizedNamesSchema,
    sortOrder: z.number().int(),
  })
  .strict();

const productFields = {
  kind: z.literal('product'),
  cursor: cursorSchema,
  gtin14: gtin14Schema,
  name: z.string().min(1),
  names: localizedNamesSchema,
  categoryId: idSchema.nullable(),
  brand: z.string().min(1).nullable(),
  soldBy: z.enum(['each', 'weight']),
  taxClassId: idSchema,
  active: z.boolean(),
};
export const productEntrySchema = z.object(productFields).strict();

export const catalogEntrySchema = z.discriminatedUnion('kind', [
  taxClassEntrySchema,
  categoryEntrySchema,
  productEntrySchema,
]);
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type ProductEntry = z.infer<typeof productEntrySchema>;

/** A product's price for the register's store: per unit, or per kilogram when sold by weight. */
export const storePriceSchema = z
  .object({
    amount: amountSchema,
    currency: currencyCodeSchema,
    memberPrices: z.partialRecord(memberLevelSchema, amountSchema),
  })
  .strict();
export type StorePrice = z.infer<typeof storePriceSchema>;

/** The price now in force at the register's store; null: the product has no price there. */
export const priceEntrySchema = z
  .object({ cursor: cursorSchema, gtin14: gtin14Schema, price: storePriceSchema.nullable() })
  .strict();
export type PriceEntry = z.infer<typeof priceEntrySchema>;

/** A promotion for the register's store; null: removed. Products are named by GTIN-14. */
export const promotionEntrySchema = z
  .object({ cursor: cursorSchema, id: idSchema, promotion: promotionSchema.nullable() })
  .strict();
export type PromotionEntry = z.infer<typeof promotionEntrySchema>;

/**
 * The store's newest recommendation model, whole: the stream is compacted to it, so a register
 * that was away for several builds takes only the last. Products are named by GTIN-14.
 */
export const recsModelEntrySchema: z.ZodType<{
  readonly cursor: number;
  readonly model: RecsModel;
}> = z.object({ cursor: cursorSchema, model: recsModelSchema }).strict();
export type RecsModelEntry = z.infer<typeof recsModelEntrySchema>;

const epochMsSchema = z.number().int().min(0);

/** A lot with points left, as the server holds it: spent soonest-expiring first, here as there. */
export const memberLotSchema = z
  .object({
    id: idSchema,
    points: z.number().int().min(1),
    remaining: z.number().int().min(1),
    earnedAt: epochMsSchema,
    expiresAt: epochMsSchema,
    reference: z.string().max(1000),
  })
  .strict();
export type MemberLot = z.infer<typeof memberLotSchema>;

/**
 * A member of the chain (members are chain-wide, not per store) as the server holds them now: the
 * profile, level and status, and the points balance with its open lots. Phone and card are ''
 * when the member has none.
 */
export const memberEntrySchema = z
  .object({
    cursor: cursorSchema,
    id: idSchema,
    code: z.string().min(1).max(64),
    phone: z.string().max(32),
    cardNumber: z.string().max(64),
    name: z.string().min(1).max(200),
    level: memberLevelSchema,
    status: z.enum(['active', 'inactive', 'suspended']),
    /** May be below zero: a claw-back or an offline redemption past the hold, flagged there. */
    points: z.number().int(),
    /** Points taken back that no lot could cover, repaid from the next earn. */
    debt: z.number().int().min(0),
    /** Refunds count against it, so it is not checked for sign. */
    totalSpent: z.object({ amount: minorUnitsSchema, currency: currencyCodeSchema }).strict(),
    orderCount: z.number().int().min(0),
    lots: z.array(memberLotSchema).max(10_000),
  })
  .strict();
export type MemberEntry = z.infer<typeof memberEntrySchema>;

/**
 * One product's stock at the register's store. The server's books key stock by the id the writer
 * used: a GTIN-14 (head office, the inventory routes) or, for what registers pushed, the product
 * id of this store's registers; `gtin14` is the key when the catalog knows it as one, else null.
 * `available` may be below zero: registers sold offline what the books did not have.
 */
export const stockEntrySchema = z
  .object({
    cursor: cursorSchema,
    productKey: idSchema,
    gtin14: gtin14Schema.nullable(),
    available: z.number().int(),
    safety: z.number().int().min(0),
    version: z.number().int().min(0),
  })
  .strict();
export type StockEntry = z.infer<typeof stockEntrySchema>;

export interface PullEntries {
  readonly catalog: CatalogEntry;
  readonly prices: PriceEntry;
  readonly promotions: PromotionEntry;
  readonly recommendations: RecsModelEntry;
  readonly members: MemberEntry;
  readonly stock: StockEntry;
}

export const PULL_ENTRY_SCHEMAS: { readonly [S in PullStream]: z.ZodType<PullEntries[S]> } = {
  catalog: catalogEntrySchema,
  prices: priceEntrySchema,
  promotions: promotionEntrySchema,
  recommendations: recsModelEntrySchema,
  members: memberEntrySchema,
  stock: stockEntrySchema,
};

/** One page of a stream; entries are checked per stream by `readPullPage`. */
export const pullPageSchema = z
  .object({
    schema_version: z.number().int().min(1),
    stream: z.string().min(1),
    after: cursorSchema,
    /** Where the next pull starts: the last entry's cursor, or `after` when there was none. */
    cursor: cursorSchema,
    more: z.boolean(),
    entries: z.array(z.unknown()),
  })
  .strict();

export interface PullPage<S extends PullStream> {
  readonly schema_version: number;
  readonly stream: S;
  readonly after: number;
  readonly cursor: number;
  readonly more: boolean;
  readonly entries: readonly PullEntries[S][];
}

export type PullPageErrorCode = 'sync.badPage';

/**
 * Checks a page as a whole before anything is applied: the envelope, every entry, and the cursor
 * order (strictly rising, past `after`, none past the page's cursor). One bad entry refuses it all.
 */
export function readPullPage<S extends PullStream>(
  stream: S,
  after: number,
  body: unknown,
): Result<PullPage<S>, DomainError<PullPageErrorCode>> {
  const envelope = pullPageSchema.safeParse(body);
  if (!envelope.success) return badPage(`the envelope is not valid: ${firstIssue(envelope.error)}`);
  const page = envelope.data;
  if (page.stream !== stream) return badPage(`asked for ${stream}, got ${page.stream}`);
  if (page.after !== after) return badPage(`asked after ${after}, got after ${page.after}`);
  if (page.cursor < after) return badPage(`the cursor ${page.cursor} is before ${after}`);
  const schema = PULL_ENTRY_SCHEMAS[stream];
  const entries: PullEntries[S][] = [];
  let previous = after;
  for (let i = 0; i < page.entries.length; i += 1) {
    const parsed = schema.safeParse(page.entries[i]);
    if (!parsed.success) return badPage(`entry ${i} is not valid: ${firstIssue(parsed.error)}`);
    const entry = parsed.data;
    if (entry.cursor <= previous || entry.cursor > page.cursor) {
      return badPage(`entry ${i} has cursor ${entry.cursor} out of order`);
    }
    previous = entry.cursor;
    entries.push(entry);
  }
  if (page.entries.length > 0 && previous !== page.cursor) {
    return badPage(`the cursor ${page.cursor} is not the last entry's ${previous}`);
  }
  return ok({ ...page, stream, entries });
}

/** The first line of a snapshot: what it covers and the cursors it is consistent with. */
export const snapshotHeaderSchema = z
  .object({
    kind: z.literal('header'),
    schema_version: z.number().int().min(1),
    stream: z.literal('catalog'),
    /** Entries with after < cursor ≤ until follow, in cursor order. */
    after: cursorSchema,
    until: cursorSchema,
    /** The prices cursor when the snapshot began: pull prices from here after applying it. */
    prices_cursor: cursorSchema,
    /** Entries to come, for progress. */
    total: z.number().int().min(0),
  })
  .strict();
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

/** A product in a snapshot carries its store price, so a first sync writes each row once. */
export const snapshotProductSchema = z
  .object({ ...productFields, price: storePriceSchema.nullable() })
  .strict();
export type SnapshotProduct = z.infer<typeof snapshotProductSchema>;

export const snapshotEntrySchema = z.discriminatedUnion('kind', [
  taxClassEntrySchema,
  categoryEntrySchema,
  snapshotProductSchema,
]);
export type SnapshotEntry = z.infer<typeof snapshotEntrySchema>;

/** The last line: a snapshot without it was cut off and is not complete. */
export const snapshotEndSchema = z
  .object({ kind: z.literal('end'), count: z.number().int().min(0) })
  .strict();

function badPage(message: string): Result<never, DomainError<PullPageErrorCode>> {
  return err('sync.badPage', `The server sent a page the register cannot use: ${message}.`);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unknown problem';
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}
