// The register's escrow upkeep, one conversation at a time: at start and on every reconnect it
// finishes lease returns an outage cut short, asks a first lease for each flash sale it knows of
// and tops up leases at the low-water mark (only while a shift is open), and learns the terms of
// every sale it holds a lease of; when a member is attached to a cart while online it asks that
// member's offline points allowance; at shift close it hands its leases back.
import type { Result } from '../../app/result';
import { err, missingCase } from '../../app/result';
import type { Connection } from '../../sync/client';
import type { LeaseAnswer } from '../../sync/protocol';
import type { Logger } from '../core/ports';
import type { Promotion } from '../../app/pricing';
import { hasFlashTerms, learnFlashSale } from './flash-terms';
import { openLeases } from './lease-store';
import type { EscrowError, EscrowLink, RefillPolicy } from './lease-sync';
import { refillLeases, requestAllowance, requestLease, returnLeases } from './lease-sync';

/** Ask again below 5 units, up to 20: a till's share, well under the server's cap of 50. */
export const DEFAULT_REFILL: RefillPolicy = { lowWaterMark: 5, refillTo: 20 };
/** Points asked per member: the server grants at most 2,000 and never past the balance. */
export const DEFAULT_ALLOWANCE_POINTS = 2_000;

export interface EscrowUpkeep {
  /** At start and whenever the server answers again after an outage. */
  reconnected(): Promise<void>;
  /** A member was attached to a cart: ask their allowance unless known to be offline. */
  memberAttached(memberId: string): void;
  /** A shift was opened: leases for the flash sales this register knows of. */
  shiftOpened(): void;
  /** The shift closed (Z report): every lease goes back. */
  shiftClosed(): void;
  /** A first lease (or more units) of a flash sale, its terms learnt with it. */
  requestLease(flashSaleId: string, quantity: number): Promise<Result<LeaseAnswer, EscrowError>>;
  /** Resolves when no escrow conversation is under way (tests, shutdown). */
  idle(): Promise<void>;
}

export function createEscrowUpkeep(
  options: Readonly<{
    link: EscrowLink;
    registerId: string;
    currency: string;
    logger: Logger;
    /** The promotions the checkout prices with, and a way to have them read again. */
    promotions: () => readonly Promotion[];
    promotionsChanged: () => void;
    shiftOpen: () => boolean;
    connection?: () => Connection;
    refill?: RefillPolicy;
    allowancePoints?: number;
  }>,
): EscrowUpkeep {
  const { link, registerId, logger } = options;
  const refill = options.refill ?? DEFAULT_REFILL;
  let work: Promise<unknown> = Promise.resolve();

  /** Runs after whatever is under way; a failure is logged, never thrown at the caller. */
  function queue<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
    const next = work.then(task).catch((error: unknown) => {
      logger.error(`escrow: ${what} failed`, { error: String(error) });
      return undefined;
    });
    work = next;
    return next;
  }

  function note(what: string, result: Result<unknown, { code: string; message: string }>): void {
    // Offline is the ordinary case for a till: said quietly, and tried again on reconnecting.
    if (!result.ok) logger.warn(`escrow: ${what}`, { code: result.error.code });
  }

  async function learnMissingTerms(): Promise<void> {
    let learnt = false;
    for (const lease of openLeases(link.db, registerId)) {
      if (hasFlashTerms(link.db, lease.activityId)) continue;
      const terms = await learnFlashSale(link, lease.activityId, options.currency);
      note(`terms of ${lease.activityId}`, terms);
      learnt ||= terms.ok;
    }
    if (learnt) options.promotionsChanged();
  }

  async function leaseKnownSales(): Promise<void> {
    const now = link.now();
    const leased = new Set(openLeases(link.db, registerId).map((l) => l.activityId));
    for (const promotion of options.promotions()) {
      if (promotion.rule.kind !== 'flashSale' || promotion.endsAt <= now) continue;
      if (leased.has(promotion.id)) continue;
      leased.add(promotion.id);
      note(`lease of ${promotion.id}`, await requestLease(link, promotion.id, refill.refillTo));
    }
  }

  async function upkeep(): Promise<void> {
    note('unfinished returns', await returnLeases(link, registerId, { onlyStopped: true }));
    if (options.shiftOpen()) {
      await leaseKnownSales();
      note('refill', await refillLeases(link, registerId, refill));
    }
    await learnMissingTerms();
  }

  function offline(): boolean {
    const connection = options.connection?.() ?? 'unknown';
    switch (connection) {
      case 'offline':
      case 'blocked':
        return true;
      case 'online':
      case 'unknown':
        return false;
      default:
        return missingCase(connection);
    }
  }

  return {
    reconnected: async () => {
      await queue('upkeep', upkeep);
    },
    memberAttached(memberId) {
      if (offline()) return;
      void queue('allowance', async () => {
        const points = options.allowancePoints ?? DEFAULT_ALLOWANCE_POINTS;
        note(`allowance of ${memberId}`, await requestAllowance(link, memberId, points));
      });
    },
    shiftOpened() {
      void queue('leases at shift open', upkeep);
    },
    shiftClosed() {
      void queue('lease returns', async () => {
        note('returns at shift close', await returnLeases(link, registerId));
      });
    },
    async requestLease(flashSaleId, quantity) {
      const answer = await queue('lease', async () => {
        const granted = await requestLease(link, flashSaleId, quantity);
        if (granted.ok) await learnMissingTerms();
        return granted;
      });
      return answer ?? err('sync.refused', 'The lease request failed on this register.');
    },
    idle: () => work.then(() => undefined),
  };
}
