// Every conflict rule of sync in one place: for each mutation a register pushes and each stream it
// pulls, which rule settles a disagreement between the register's copy and the server's, and why.
// The push handlers and the pull apply read their rule from here; a mutation type or stream
// without a rule does not compile (the tables are keyed by the full lists) and fails a test.
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { MutationType } from './mutation-payloads';
import { isMutationType } from './mutation-payloads';

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
  | 'recordOnly';

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
    why: 'the server’s balance replaces the cached one once this register’s redemptions are acknowledged; offline spending stays within the allowance',
  },
  stock: {
    rule: 'deltaLedger',
    why: 'the server’s figure replaces the local one once this register’s sales are acknowledged, so no local sale is counted twice or lost',
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
