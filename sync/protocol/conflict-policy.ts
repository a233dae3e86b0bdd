// Every conflict rule of sync in one place: for each mutation a register pushes and each stream it
// pulls, which rule settles a disagreement between the register's copy and the server's, and why.
// The push handlers and the pull apply read their rule from here; a mutation type or stream
// without a rule does not compile (the tables are keyed by the full lists) and fails a test.
import type { DomainError, Result } from '../../app/result';
import { err, missingCase, ok } from '../../app/result';
import type { MutationType } from './mutation-payloads';
import {
  isMutationType,
  offlineRedemptionSchema,
  refundCompletedSchema,
  saleCompletedSchema,
  stocktakePostedSchema,
} from './mutation-payloads';

export type ConflictRule =
  /** Head office owns it; the register's copy is a cache, overwritten on pull, never pushed. */
  | 'serverWins'
  /** A fact with an id minted on the register: booked once, never edited, never refused if paid. */
  | 'appendOnly'
  /** Stock moved by signed deltas; a level may go below zero → reconciliation item and alert. */
  | 'deltaLedger'
  /** Flash-sale units sold only from a lease the server set aside, so the chain cannot oversell. */
  | 'escrowLease'
  /** Points redeemed offline only within an allowance held on the server; residue → adjust. */
  | 'offlineAllowance'
  /** A record kept for people (a Z report, a cancelled cart); nothing else depends on it. */
  | 'recordOnly'
  /** The register's own state the server never holds (a cart's stock holds): a pull keeps it. */
  | 'registerOwned';

export interface RuleClause {
  /** What part of the data the clause is about: the sale itself, its stock, its points… */
  readonly aspect: string;
  readonly rule: ConflictRule;
  /** Why this rule: the failure it prevents. */
  readonly why: string;
}

export interface MutationPolicy {
  readonly clauses: readonly RuleClause[];
  /**
   * Whether the server may refuse it. Money that changed hands never is: a refusal would lose a
   * paid sale, so its trouble becomes a flag a person looks at.
   */
  readonly mayReject: boolean;
  /** Pulled streams whose server state this mutation changes (see `mayApplyPulled`). */
  readonly touches: readonly SyncStream[];
}

/** Everything a register pulls, including streams still to be served. */
export const SYNC_STREAMS = [
  'catalog',
  'prices',
  'promotions',
  'flashSales',
  'members',
  'stock',
  'leases',
  'recommendations',
] as const;
export type SyncStream = (typeof SYNC_STREAMS)[number];

export interface StreamPolicy {
  readonly rule: ConflictRule;
  readonly why: string;
  /** Parts of an entry whose rule differs from the stream's, each with its reason. */
  readonly clauses?: readonly RuleClause[];
}

const SALE_FACT: RuleClause = {
  aspect: 'sale',
  rule: 'appendOnly',
  why: 'a sale happened at the till; refusing it on the server would lose money already taken',
};
const STOCK_DELTA: RuleClause = {
  aspect: 'stock',
  rule: 'deltaLedger',
  why: 'two registers may sell the last unit offline; a delta keeps both sales and the shortfall becomes a reconciliation item and a low-stock alert',
};
const POINTS_ALLOWANCE: RuleClause = {
  aspect: 'points',
  rule: 'offlineAllowance',
  why: 'an offline redemption was bounded by the allowance held on the server, so a double spend is bounded; the residue is repaired by an adjust entry, never by failing the sale',
};

export const MUTATION_POLICIES: { readonly [T in MutationType]: MutationPolicy } = {
  'sale.completed': {
    clauses: [SALE_FACT, STOCK_DELTA, POINTS_ALLOWANCE],
    mayReject: false,
    touches: ['stock', 'members'],
  },
  'refund.completed': {
    clauses: [
      {
        aspect: 'refund',
        rule: 'appendOnly',
        why: 'money went back to a customer; the server books it and flags what does not fit',
      },
      STOCK_DELTA,
      {
        aspect: 'points',
        rule: 'offlineAllowance',
        why: 'points clawed back by the register are an adjust entry; a short balance is flagged, never refused',
      },
    ],
    mayReject: false,
    touches: ['stock', 'members'],
  },
  'stocktake.posted': {
    clauses: [
      {
        aspect: 'count',
        rule: 'appendOnly',
        why: 'a count is what people saw on the shelf at that moment; it is kept as counted',
      },
      {
        aspect: 'stock',
        rule: 'deltaLedger',
        why: 'the variance is applied as an adjust delta, so sales booked meanwhile are not overwritten',
      },
    ],
    mayReject: true,
    touches: ['stock'],
  },
  'cart.cancelled': {
    clauses: [
      {
        aspect: 'cart',
        rule: 'recordOnly',
        why: 'a cancelled cart held no server stock; it is kept for loss-prevention review',
      },
    ],
    mayReject: true,
    touches: [],
  },
  'shift.closed': {
    clauses: [
      {
        aspect: 'shift',
        rule: 'recordOnly',
        why: 'the Z report is kept whole for head office; it changes no books',
      },
    ],
    mayReject: true,
    touches: [],
  },
  'environment.readings': {
    clauses: [
      {
        aspect: 'environment',
        rule: 'recordOnly',
        why: 'a reading is what a sensor saw at that moment; the server keeps it and changes no books',
      },
    ],
    mayReject: true,
    touches: [],
  },
  'flashSale.leaseSale': {
    clauses: [
      {
        aspect: 'flashSaleStock',
        rule: 'escrowLease',
        why: 'the units were set aside for this register before it sold them, so leases never sum past stock; a sale after expiry (a lying clock) is booked and flagged',
      },
    ],
    mayReject: false,
    touches: ['leases', 'flashSales'],
  },
  'points.offlineRedeemed': {
    clauses: [POINTS_ALLOWANCE],
    mayReject: false,
    touches: ['members'],
  },
};

export const STREAM_POLICIES: { readonly [S in SyncStream]: StreamPolicy } = {
  catalog: { rule: 'serverWins', why: 'head office owns products; registers only read them' },
  prices: { rule: 'serverWins', why: 'a price is head office’s decision, taken as sent' },
  promotions: { rule: 'serverWins', why: 'promotions are defined centrally, taken as sent' },
  flashSales: {
    rule: 'serverWins',
    why: 'a flash sale’s definition is central; its units travel as leases',
  },
  members: {
    rule: 'offlineAllowance',
    why: 'the server’s member replaces the register’s copy, but its points only once this register’s own changes to that member are in it',
    clauses: [
      {
        aspect: 'profile',
        rule: 'serverWins',
        why: 'name, phone, card and status are head office’s; a register never edits them, and a suspension must stop redemption at once, even while a sale of that member waits to be pushed',
      },
      {
        aspect: 'level',
        rule: 'serverWins',
        why: 'the level follows the balance the server holds for the whole chain, not the one this register sees',
      },
      {
        aspect: 'points',
        rule: 'offlineAllowance',
        why: 'the server’s balance and lots replace the register’s only when no row of this register that changes that member’s points (a sale with the member, a redemption, a refund of the member’s sale) was unacknowledged when the page was asked for: before that the figure lacks them, and taking it would give back points redeemed here, which could then be redeemed twice; offline spending meanwhile stays within the allowance (`offline_allowance` and `pending_redeemed` are the register’s own and never pulled)',
      },
    ],
  },
  stock: {
    rule: 'deltaLedger',
    why: 'the server’s figure for a product replaces the register’s once this register’s own stock moves of it are in it, so no local sale is counted twice or lost',
    clauses: [
      {
        aspect: 'available',
        rule: 'deltaLedger',
        why: 'applied per product only when no sale, restocked refund or stocktake of this register moving it was unacknowledged when the page was asked for: before that the server’s figure lacks the move and would undo it here; below zero is kept (the server has a reconciliation item for it)',
      },
      {
        aspect: 'locks',
        rule: 'registerOwned',
        why: 'the server never sees this register’s cart holds (a cart is not pushed until it is paid), so its available still counts the units open carts here hold: the register sets available = server available − locked here (`availableAfterPull`), leaving every `stock_lock` row and the locked figure as they are, so available + locked (the units on the shelf) equals what the server says is free and a cart keeps what it holds; cart.cancelled only releases such holds and moves no server stock, so it does not hold the stream back',
      },
      {
        aspect: 'safety',
        rule: 'serverWins',
        why: 'the safety stock is head office’s setting for the store, taken as sent',
      },
    ],
  },
  leases: {
    rule: 'escrowLease',
    why: 'the server’s figures for a lease replace the local ones only when no sale against it waits in the outbox',
  },
  recommendations: { rule: 'serverWins', why: 'computed centrally; a register only displays them' },
};

export type PolicyError = DomainError<'sync.noRule'>;

/** The policy of a pushed mutation type; an unknown type has none (and is refused as unknown). */
export function mutationPolicy(type: string): Result<MutationPolicy, PolicyError> {
  if (!isMutationType(type)) {
    return err('sync.noRule', `No conflict rule for mutations of type ${type}.`);
  }
  return ok(MUTATION_POLICIES[type]);
}

export function streamPolicy(stream: string): Result<StreamPolicy, PolicyError> {
  if (!(SYNC_STREAMS as readonly string[]).includes(stream)) {
    return err('sync.noRule', `No conflict rule for the ${stream} stream.`);
  }
  return ok(STREAM_POLICIES[stream as SyncStream]);
}

/**
 * Whether pulled state for `stream` may overwrite the register's copy now: a server-wins stream
 * always may; any other only when none of the register's unacknowledged outbox rows touches it
 * (else the pulled figure would not yet include them, and applying it would undo a local sale).
 */
export function mayApplyPulled(stream: SyncStream, unackedTypes: Iterable<string>): boolean {
  if (STREAM_POLICIES[stream].rule === 'serverWins') return true;
  for (const type of unackedTypes) {
    // An unknown type may touch anything: wait for it to be acknowledged.
    if (!isMutationType(type)) return false;
    if (MUTATION_POLICIES[type].touches.includes(stream)) return false;
  }
  return true;
}

/** Streams whose entries wait one by one (a member, a product) instead of the whole stream. */
export type KeyedStream = 'members' | 'stock';

/** Which keys of a keyed stream one pushed mutation changes: some, or (when unknowable) all. */
export type TouchedKeys =
  { readonly kind: 'keys'; readonly keys: readonly string[] } | { readonly kind: 'all' };

const ALL_KEYS: TouchedKeys = { kind: 'all' };
const keys = (list: readonly (string | null)[]): TouchedKeys => ({
  kind: 'keys',
  keys: list.filter((key): key is string => key !== null),
});

/**
 * The members (by id) or products (by the id the register pushed) whose pulled state a mutation of
 * this register changes, so only those wait for its acknowledgement. A type this build does not
 * know or a payload it cannot read may touch anything: all wait. A refund names its sale, not its
 * member, so the caller says whose sale it was.
 */
export function keysTouched(
  stream: KeyedStream,
  type: string,
  payload: unknown,
  memberOfSale: (saleId: string) => string | null,
): TouchedKeys {
  if (!isMutationType(type)) return ALL_KEYS;
  if (!MUTATION_POLICIES[type].touches.includes(stream)) return keys([]);
  switch (type) {
    case 'sale.completed': {
      const sale = saleCompletedSchema.safeParse(payload);
      if (!sale.success) return ALL_KEYS;
      return stream === 'members'
        ? keys([sale.data.memberId])
        : keys(sale.data.lines.map((line) => line.productId));
    }
    case 'refund.completed': {
      const refund = refundCompletedSchema.safeParse(payload);
      if (!refund.success) return ALL_KEYS;
      if (stream === 'members') {
        return keys([refund.data.saleId === null ? null : memberOfSale(refund.data.saleId)]);
      }
      return keys(refund.data.restock ? refund.data.lines.map((line) => line.productId) : []);
    }
    case 'stocktake.posted': {
      const stocktake = stocktakePostedSchema.safeParse(payload);
      if (!stocktake.success) return ALL_KEYS;
      return keys(stocktake.data.adjustments.filter((a) => a.delta !== 0).map((a) => a.productId));
    }
    case 'points.offlineRedeemed': {
      const redemption = offlineRedemptionSchema.safeParse(payload);
      return redemption.success ? keys([redemption.data.memberId]) : ALL_KEYS;
    }
    // Their policies touch neither stream (returned above); listed so a new type must be placed.
    case 'cart.cancelled':
    case 'shift.closed':
    case 'flashSale.leaseSale':
    case 'environment.readings':
      return keys([]);
    default:
      return missingCase(type);
  }
}

/**
 * The register's available after a pulled stock figure (the `locks` clause of the stock policy):
 * the server's free units less what carts on this register hold, which the server never saw.
 */
export function availableAfterPull(serverAvailable: number, lockedHere: number): number {
  return serverAvailable - lockedHere;
}
