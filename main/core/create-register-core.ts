// The register core: one program that owns the local store and answers the command map. Electron
// hosts it in a utilityProcess; the browser-mode host and the tests run it under plain Node.
import { DROP_THE_FEN } from '../../app/money';
import type { CompletedSaleView, ProductView, RegisterCommands } from '../../app/commands';
import { REGISTER_COMMANDS } from '../../app/commands';
import type { Promotion } from '../../app/pricing';
import { promotionSchema } from '../../app/pricing';
import { err, ok } from '../../app/result';
import { createAuthService } from '../auth/auth-service';
import type { CatalogProduct } from '../catalog';
import { ensureProductSearch, lookupByGtin, searchProducts } from '../catalog';
import type { StoreSettings } from '../checkout/checkout-service';
import { createCheckoutService } from '../checkout/checkout-service';
import { createReturnsService } from '../returns/returns-service';
import { createMembersService } from '../members/members-service';
import { outboxStatus } from '../outbox/outbox';
import { createShiftService } from '../shift/shift-service';
import { createStocktakeService } from '../stocktake/stocktake-service';
import { createInventoryService } from '../inventory/inventory-service';
import { PARKED_LOCK_SWEEP_MS, releaseExpiredParkedLocks } from '../inventory/parked-cart-locks';
import { openRegisterStore } from '../store';
import { startIdleCheckpoints } from '../store/idle-checkpoint';
import type { RegisterDb } from '../store/register-db';
import type { Handlers, Send } from './dispatch';
import { createDispatcher } from './dispatch';
import type { Answer } from '../../app/commands';
import type { RegisterEvent } from './register-events';
import { createEventStream } from './register-events';
import type { Clock, Logger } from './ports';

export interface RegisterCoreOptions {
  readonly dataDir: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Store settings; CNY, prices including VAT and "drop the fen" cash rounding by default. */
  readonly settings?: Partial<Omit<StoreSettings, 'storeId' | 'registerId'>>;
}

export interface RegisterCore {
  readonly send: Send<RegisterCommands>;
  /** For hosts relaying untyped messages (IPC, WebSocket): validated like `send`. */
  sendUntyped(name: string, args: unknown): Promise<Answer<unknown>>;
  subscribe(listener: (event: RegisterEvent) => void): () => void;
  /** The connection, for the host's maintenance jobs and for tests. */
  readonly db: RegisterDb;
  close(): void;
}

function productView(p: CatalogProduct): ProductView {
  return {
    id: p.id,
    gtin14: p.gtin14,
    name: p.name,
    names: p.names,
    categoryId: p.categoryId,
    soldBy: p.soldBy,
    price: p.price.amount,
    currency: p.price.currency,
    active: p.active,
  };
}

function loadPromotions(db: RegisterDb, logger: Logger): Promotion[] {
  const promotions: Promotion[] = [];
  for (const row of db
    .prepare<[], { id: string; definition: string }>('SELECT id, definition FROM promotion')
    .all()) {
    const parsed = promotionSchema.safeParse(JSON.parse(row.definition));
    // One bad definition from head office must not stop the till: skip it, say so.
    if (parsed.success) promotions.push(parsed.data);
    else logger.warn('promotion skipped: invalid definition', { id: row.id });
  }
  return promotions;
}

export function createRegisterCore(options: RegisterCoreOptions): RegisterCore {
  const { clock, logger } = options;
  const { db, file } = openRegisterStore({ dataDir: options.dataDir });
  const checkpoints = startIdleCheckpoints({
    db,
    file,
    now: () => clock.monotonic(),
    onError: (error) => logger.error('WAL checkpoint failed', { error: String(error) }),
  });
  // A catalog bulk load cut short by a crash leaves the search index incomplete: finish it.
  // It runs in steps that yield, so scans are answered meanwhile.
  ensureProductSearch(db).catch((error: unknown) =>
    logger.error('product search rebuild failed', { error: String(error) }),
  );
  const events = createEventStream<RegisterEvent>();
  const settings: StoreSettings = {
    storeId: options.storeId,
    registerId: options.registerId,
    currency: options.settings?.currency ?? 'CNY',
    taxMode: options.settings?.taxMode ?? 'inclusive',
    cashRounding: options.settings?.cashRounding ?? DROP_THE_FEN,
    barcode: options.settings?.barcode ?? {},
  };
  const promotions = loadPromotions(db, logger);
  const auth = createAuthService({ db, clock });
  const checkout = createCheckoutService({
    db,
    clock,
    auth,
    settings,
    promotions: () => promotions,
    events: { cartUpdated: (view) => events.emit({ type: 'cart.updated', view }) },
  });

  const handlers: Handlers<RegisterCommands> = {
    'auth.login': ({ staffId, pin }) => auth.login(staffId, pin),
    'auth.logout': () => {
      auth.logout();
      return ok(null);
    },
    'auth.session': () => ok(auth.session()),
    'auth.approve': ({ approverId, pin, permission }) => auth.approve(approverId, pin, permission),
    'catalog.lookup': ({ code }) => {
      const product = lookupByGtin(db, code.trim());
      return product
        ? ok(productView(product))
        : err('catalog.notFound', `No product with barcode ${code}`);
    },
    'catalog.search': ({ query, limit }) =>
      ok(searchProducts(db, query, limit ?? 20).map((hit) => productView(hit.product))),
    ...checkout,
    ...createMembersService({ db, clock, auth }),
    ...createShiftService({
      db,
      clock,
      auth,
      registerId: settings.registerId,
      currency: settings.currency,
    }),
    ...createStocktakeService({
      db,
      clock,
      auth,
      storeId: settings.storeId,
      registerId: settings.registerId,
      currency: settings.currency,
    }),
    ...createInventoryService({ db, clock, auth }),
    ...createReturnsService({
      db,
      clock,
      auth,
      registerId: settings.registerId,
      storeId: settings.storeId,
      cashRounding: settings.cashRounding,
    }),
    'receipts.get': ({ saleId }) => {
      const row = db
        .prepare<
          [string],
          {
            receipt_no: number;
            total: number;
            paid: number;
            change_given: number;
            cash_rounding: number;
            points_earned: number;
            receipt: string;
          }
        >(
          'SELECT receipt_no, total, paid, change_given, cash_rounding, points_earned, receipt FROM sale WHERE id = ?',
        )
        .get(saleId);
      if (!row) return err('receipts.notFound', 'No sale with that id on this register');
      const receipt = JSON.parse(row.receipt) as { tenders: CompletedSaleView['tenders'] };
      return ok({
        saleId,
        receiptNo: row.receipt_no,
        total: row.total,
        paid: row.paid,
        change: row.change_given,
        cashRounding: row.cash_rounding,
        pointsEarned: row.points_earned,
        tenders: receipt.tenders,
        openDrawer: false,
      });
    },
    'sync.status': () => {
      const status = outboxStatus(db);
      return ok({
        unsyncedMutations: status.unacked,
        unsyncedSales: status.unackedSales,
        unsyncedSalesValue: status.unackedSalesValue,
        lastSeq: status.lastSeq,
      });
    },
  };

  const dispatcher = createDispatcher({ commands: REGISTER_COMMANDS, handlers, logger });
  // Parked carts give their stock back after 15 minutes; unref so the timer never keeps a host
  // (or a test run) alive.
  const parkedLockSweep = setInterval(() => {
    try {
      releaseExpiredParkedLocks(db, { storeId: settings.storeId, now: clock.now() });
    } catch (error) {
      logger.error('parked cart lock release failed', { error: String(error) });
    }
  }, PARKED_LOCK_SWEEP_MS);
  parkedLockSweep.unref();
  logger.info('register core started', {
    registerId: options.registerId,
    dataDir: options.dataDir,
  });
  const sendUntyped = (name: string, args: unknown): Promise<Answer<unknown>> => {
    checkpoints.touch();
    return dispatcher.sendUntyped(name, args);
  };
  return {
    send: sendUntyped as Send<RegisterCommands>,
    sendUntyped,
    subscribe: (listener) => events.subscribe(listener),
    db,
    close: () => {
      clearInterval(parkedLockSweep);
      checkpoints.stop();
      db.close();
    },
  };
}
