// The flash-sale front door, every layer of SPEC §1 in order: behaviour (blocklist, 5 tries a
// second), rate (instance token bucket, per-activity window), the sale's window and a local
// sold-out flag (most requests fail here without touching shared state), then the atomic
// check-and-decrement with the member limit. An accepted reservation is queued for writing.
import { randomUUID } from 'node:crypto';
import { flashOrderExpiresAt, flashSaleStatus } from '../../../app/flash-sale';
import type { FastifyBaseLogger } from 'fastify';
import { missingCase } from '../../../app/result';
import type { Db } from '../db/db';
import { createTokenBucket } from '../http/token-bucket';
import type { BehaviourGuard } from './behaviour-guard';
import type { StoredFlashSale } from './flash-sale-books';
import { loadFlashSale, prewarmFigures } from './flash-sale-books';
import type { FlashStock, WindowedReserveOutcome } from './flash-stock';
import type { ReservationWriter } from './reservation-writer';

/** Which defence turned a request away: for metrics, logs and the tests of each layer. */
export type RefusalLayer = 'behaviour' | 'rate' | 'window' | 'soldOut' | 'limit' | 'sale';

export type ReserveAnswer =
  | { readonly ok: true; readonly reservationId: string; readonly expiresAt: number }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly layer: RefusalLayer;
    };

export interface ReservationDesk {
  reserve(saleId: string, memberId: string, quantity: number): Promise<ReserveAnswer>;
  /** Loads the sale and its units into the fast store (before the start, or on first use). */
  prewarm(sale: StoredFlashSale): Promise<void>;
  /** Units came back (expiry, failure): the local sold-out flag may be wrong now. */
  clearSoldOut(saleId: string): void;
  sale(saleId: string): Promise<StoredFlashSale | undefined>;
}

/** How long a local sold-out flag is trusted before the shared store is asked again. */
const SOLD_OUT_RECHECK_MS = 500;

export function createReservationDesk(
  options: Readonly<{
    db: Db;
    stock: FlashStock;
    writer: ReservationWriter;
    guard: BehaviourGuard;
    clock: () => number;
    log: FastifyBaseLogger;
    instanceRatePerSecond: number;
    windowLimit: number;
  }>,
): ReservationDesk {
  const { clock } = options;
  const bucket = createTokenBucket(
    { perSecond: options.instanceRatePerSecond, capacity: options.instanceRatePerSecond },
    clock(),
  );
  const sales = new Map<string, StoredFlashSale>();
  const soldOutUntil = new Map<string, number>();
  const warming = new Map<string, Promise<StoredFlashSale | undefined>>();

  const refuse = (
    layer: RefusalLayer,
    status: number,
    code: string,
    message: string,
  ): ReserveAnswer => ({ ok: false, status, code, message, layer });

  async function prewarm(sale: StoredFlashSale): Promise<void> {
    const figures = await prewarmFigures(options.db, sale);
    await options.stock.prewarm(sale.id, figures.unitsLeft, figures.held);
    sales.set(sale.id, sale);
  }

  function saleFor(saleId: string): Promise<StoredFlashSale | undefined> {
    const known = sales.get(saleId);
    if (known !== undefined) return Promise.resolve(known);
    let loading = warming.get(saleId);
    if (loading === undefined) {
      loading = (async () => {
        const sale = await loadFlashSale(options.db, saleId);
        if (sale !== undefined) await prewarm(sale);
        return sale;
      })().finally(() => warming.delete(saleId));
      warming.set(saleId, loading);
    }
    return loading;
  }

  /** The layers one by one: the window, then what this instance knows of the sale, then the store. */
  async function slowPath(
    saleId: string,
    memberId: string,
    quantity: number,
    now: number,
    second: number,
  ): Promise<ReserveAnswer | WindowedReserveOutcome> {
    const attempts = await options.stock.countAttempt(saleId, second);
    if (attempts > options.windowLimit) return { kind: 'window' };
    const flagged = soldOutUntil.get(saleId);
    if (flagged !== undefined && now < flagged) {
      return refuse('soldOut', 409, 'flashSale.soldOut', 'This flash sale is sold out.');
    }
    const sale = await saleFor(saleId);
    if (sale === undefined) {
      return refuse('sale', 404, 'flashSale.notFound', `There is no flash sale ${saleId}.`);
    }
    const status = flashSaleStatus(sale, now, 0);
    switch (status) {
      case 'active':
        break;
      case 'pending':
        return refuse('sale', 409, 'flashSale.notStarted', 'This flash sale has not started yet.');
      case 'completed':
        return refuse('sale', 409, 'flashSale.ended', 'This flash sale has ended.');
      case 'cancelled':
        return refuse('sale', 409, 'flashSale.cancelled', 'This flash sale was cancelled.');
      default:
        return missingCase(status);
    }
    return options.stock.reserve(saleId, memberId, quantity, sale.perMemberLimit);
  }

  return {
    prewarm,
    sale: saleFor,
    clearSoldOut(saleId) {
      soldOutUntil.delete(saleId);
    },
    async reserve(saleId, memberId, quantity) {
      const now = clock();
      if (options.guard.check(memberId, now) === 'blocked') {
        return refuse(
          'behaviour',
          429,
          'flashSale.blocked',
          'Too many tries: this member is blocked from the sale for now.',
        );
      }
      if (!bucket.take(now)) {
        return refuse(
          'rate',
          429,
          'flashSale.busy',
          'The sale is very busy; try again in a moment.',
        );
      }
      const second = Math.floor(now / 1000);
      const known = sales.get(saleId);
      const flagged = soldOutUntil.get(saleId);
      // Nearly every request: a sale known here, on, not flagged sold out. The window count and
      // the check-and-decrement then go to the fast store as one step (one round trip to Redis);
      // the answer is the one the steps below give in turn.
      const outcome =
        known !== undefined &&
        (flagged === undefined || now >= flagged) &&
        flashSaleStatus(known, now, 0) === 'active'
          ? await options.stock.reserveInWindow({
              saleId,
              memberId,
              quantity,
              perMemberLimit: known.perMemberLimit,
              second,
              windowLimit: options.windowLimit,
            })
          : await slowPath(saleId, memberId, quantity, now, second);
      if ('ok' in outcome) return outcome;
      switch (outcome.kind) {
        case 'window':
          return refuse(
            'window',
            429,
            'flashSale.busy',
            'The sale is very busy; try again in a moment.',
          );
        case 'reserved': {
          const id = `fr_${randomUUID()}`;
          options.writer.accept({ id, saleId, memberId, quantity, createdAt: now });
          return { ok: true, reservationId: id, expiresAt: flashOrderExpiresAt(now) };
        }
        case 'soldOut':
          soldOutUntil.set(saleId, now + SOLD_OUT_RECHECK_MS);
          return refuse('soldOut', 409, 'flashSale.soldOut', 'This flash sale is sold out.');
        case 'limitExceeded':
          return refuse(
            'limit',
            409,
            'flashSale.limitExceeded',
            `Each member may buy ${outcome.limit} in this sale; this member already holds ${outcome.held}.`,
          );
        case 'notWarmed':
          // The shared store lost the sale (a Redis restart): warm it again and let the client retry.
          sales.delete(saleId);
          return refuse('sale', 503, 'flashSale.warming', 'The sale is getting ready; try again.');
        default:
          return missingCase(outcome);
      }
    },
  };
}
