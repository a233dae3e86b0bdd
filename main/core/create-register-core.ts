// The register core: one program that owns the local store and answers the command map. Electron
// hosts it in a utilityProcess; the browser-mode host and the tests run it under plain Node.
import type { ProductView, RegisterCommands, RegisterSettings } from '../../app/commands';
import { DEFAULT_REGISTER_SETTINGS, REGISTER_COMMANDS } from '../../app/commands';
import type { Promotion } from '../../app/pricing';
import { promotionSchema } from '../../app/pricing';
import { err, ok } from '../../app/result';
import type { DomainError } from '../../app/result';
import { swipePrefixes } from '../../app/tenders';
import { createAuthService } from '../auth/auth-service';
import type { CatalogProduct } from '../catalog';
import { ensureProductSearch, lookupByGtin, searchProducts } from '../catalog';
import { createCheckoutService } from '../checkout/checkout-service';
import type { Connection, LeaseTransport, WalletClient } from '../../sync/client';
import type { EscrowUpkeep } from '../leases/escrow-upkeep';
import { createEscrowUpkeep } from '../leases/escrow-upkeep';
import type { RefillPolicy } from '../leases/lease-sync';
import { createServerContact } from '../leases/server-contact';
import { requireOpenShift } from '../shift/shift-rows';
import { createWalletPayments } from '../wallet/wallet-payments';
import { unlinkedWalletClient } from '../wallet/unlinked-wallet-client';
import type { RegisterDevices } from '../devices/register-devices';
import { createDrawerService } from '../devices/drawer-service';
import { createDevicesService } from '../devices/devices-service';
import { startPoleDisplay } from '../devices/pole-display';
import { createScaleWeighing } from '../devices/scale-weighing';
import { printerKickDrawer } from '../devices/printer-drawer';
import { createReceiptService } from '../receipts/receipt-service';
import { createReturnsService } from '../returns/returns-service';
import { createSettingsService } from '../settings/settings-service';
import { createMembersService } from '../members/members-service';
import { createRecsService } from '../recs/recs-service';
import type { SyncLoopStatus } from '../sync/sync-status';
import { isSnapshotPending } from '../sync/pull-snapshot';
import { createSyncStatusReporter } from '../sync/sync-status';
import { createShiftService } from '../shift/shift-service';
import { createStocktakeService } from '../stocktake/stocktake-service';
import { createInventoryService } from '../inventory/inventory-service';
import { createDashboardService } from '../reports/dashboard-service';
import { PARKED_LOCK_SWEEP_MS, releaseExpiredParkedLocks } from '../inventory/parked-cart-locks';
import { openRegisterStore } from '../store';
import { startWalCheckpointer } from '../store/wal-checkpointer';
import type { SensorRange } from '../environment/environment-service';
import { createEnvironmentService } from '../environment/environment-service';
import { startBackgroundWalSync } from '../store/background-wal-sync';
import type { RegisterDb } from '../store/register-db';
import type { Handlers, Send } from './dispatch';
import { createDispatcher } from './dispatch';
import type { Answer, InputSource, WorkProgressView } from '../../app/commands';
import type { RegisterEvent } from './register-events';
import { createEventStream } from './register-events';
import type { Clock, Logger } from './ports';

export interface RegisterCoreOptions {
  readonly dataDir: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * First-start store settings (over DEFAULT_REGISTER_SETTINGS: CNY, prices including VAT, "drop
   * the fen"): written to a store that has none; after that the store's own settings rule.
   */
  readonly settings?: Partial<RegisterSettings>;
  /** The card terminal, receipt printer and cash drawer; each optional (main/devices). */
  readonly devices?: RegisterDevices;
  /** The store's offset from UTC for times printed on receipts; China (UTC+8) by default. */
  readonly utcOffsetMinutes?: number;
  /** The range each environment sensor is kept in, by sensor id (milli-units); none by default. */
  readonly sensorRanges?: Readonly<Record<string, SensorRange>>;
  /**
   * Wallet payments through the central server: the register's wallet client (its server URL and
   * credentials, `createWalletClient`) and the sync connection as last seen, so a register known
   * to be offline refuses at once. Left out: wallet tenders are refused (`wallet.offline`).
   */
  readonly wallet?: {
    readonly client: WalletClient;
    readonly connection?: () => Connection;
  };
  /**
   * Flash-sale leases and points allowances through the central server (`createHttpLeaseTransport`)
   * and the sync connection as last seen. Left out: no leases, so no flash prices, and offline
   * redemption only within allowances already stored.
   */
  readonly escrow?: {
    readonly transport: LeaseTransport;
    readonly connection?: () => Connection;
    readonly refill?: RefillPolicy;
  };
}

export interface RegisterCore {
  readonly send: Send<RegisterCommands>;
  /** For hosts relaying untyped messages (IPC, WebSocket): validated like `send`. */
  sendUntyped(name: string, args: unknown): Promise<Answer<unknown>>;
  subscribe(listener: (event: RegisterEvent) => void): () => void;
  /** The sync loops' status (startRegisterSync's `onStatus`): answered and emitted as `sync.status`. */
  reportSyncStatus(status: SyncLoopStatus): void;
  /**
   * Long work the host runs on this register's data (a catalog load, the first sync): the screens
   * get `work.progress` events and `work.current` answers the latest until it finishes.
   */
  reportWork(progress: WorkProgressView): void;
  /** A counter device's input the core refused (a serial scan, a swipe): the screens say why. */
  reportInputRefused(source: InputSource, error: DomainError): void;
  /**
   * The numeric prefixes of the store's member cards (settings: member-card rules): a card
   * reader tells a member card from a bank card by them at each swipe.
   */
  memberCardPrefixes(): readonly string[];
  /** The connection, for the host's maintenance jobs and for tests. */
  readonly db: RegisterDb;
  /**
   * Resolves once start-up work with the devices is done: a card payment a crash left open has
   * been settled with the terminal (or found unanswerable), wallet payments left unsettled have
   * been asked about on the server (a paid one applied to its cart), the print journal resumed.
   */
  readonly ready: Promise<void>;
  /**
   * The escrow upkeep when linked: the host calls `reconnected()` whenever the server answers
   * again (the sync loop's `onReconnected`); it already ran once at start.
   */
  readonly escrow?: EscrowUpkeep;
  /** Resolves when the receipt printer has nothing in hand (tests, shutdown). */
  printerIdle(): Promise<void>;
  /**
   * The upkeep a pause at the counter brings, now rather than at the timers' next tick: the log
   * written so far synced and checkpointed, off the main thread. Resolves when both are done.
   * Hosts need not call it; tests and benchmarks use it to reach the state a pause leaves.
   */
  upkeep(): Promise<void>;
  /**
   * Closes the database at once; resolves when the checkpoint worker's own connection has
   * closed too. Until then that connection may still create the log's files beside the
   * database, so a caller removing the data directory awaits it.
   */
  close(): Promise<void>;
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
  const checkpointer = startWalCheckpointer({
    db,
    onError: (error) => logger.warn('WAL checkpoint failed', { error: String(error) }),
  });
  // A catalog bulk load cut short by a crash leaves the search index incomplete: finish it.
  // It runs in steps that yield, so scans are answered meanwhile. A first sync cut short is left
  // to its resumed pull, which builds the index once the whole snapshot is in.
  if (!isSnapshotPending(db)) {
    ensureProductSearch(db).catch((error: unknown) =>
      logger.error('product search rebuild failed', { error: String(error) }),
    );
  }
  const events = createEventStream<RegisterEvent>();
  // Read again when the escrow learns a flash sale's terms (kept as a promotion).
  let promotions = loadPromotions(db, logger);
  const auth = createAuthService({ db, clock });
  const storeSettings = createSettingsService({
    db,
    clock,
    auth,
    logger,
    storeId: options.storeId,
    registerId: options.registerId,
    firstStart: { ...DEFAULT_REGISTER_SETTINGS, ...options.settings },
  });
  // As at start: the ids, and the money settings the services below read once.
  const settings = storeSettings.storeSettings();
  const devices = options.devices ?? {};
  // The usual wiring: the drawer hangs off the receipt printer's kick connector.
  const drawer =
    devices.drawer ??
    (devices.printer === undefined ? undefined : printerKickDrawer(devices.printer.device));
  const stopPoleDisplay =
    devices.display === undefined
      ? () => undefined
      : startPoleDisplay({
          display: devices.display,
          subscribe: (listener) => events.subscribe(listener),
          currency: () => storeSettings.current().currency,
        });
  const receipts = createReceiptService({
    db,
    clock,
    logger,
    auth,
    header: () => {
      const current = storeSettings.current();
      return {
        storeName: current.storeName,
        address: current.storeAddress,
        footer: current.receiptFooter === '' ? [] : current.receiptFooter.split('\n'),
        utcOffsetMinutes: options.utcOffsetMinutes ?? 480,
      };
    },
    printer: devices.printer,
    drawer,
    printerStatus: (status) => events.emit({ type: 'printer.status', status }),
  });
  const wallets = createWalletPayments({
    db,
    client: options.wallet?.client ?? unlinkedWalletClient,
    clock,
    logger,
    ...(options.wallet?.connection === undefined ? {} : { connection: options.wallet.connection }),
  });
  // One reading of the server's clock for everything that judges lease expiry.
  const leaseContact = createServerContact(clock);
  const escrow =
    options.escrow === undefined
      ? undefined
      : createEscrowUpkeep({
          link: {
            db,
            transport: options.escrow.transport,
            contact: leaseContact,
            now: () => clock.now(),
          },
          registerId: settings.registerId,
          currency: settings.currency,
          logger,
          promotions: () => promotions,
          promotionsChanged: () => {
            promotions = loadPromotions(db, logger);
          },
          shiftOpen: () => requireOpenShift(db, settings.registerId).ok,
          ...(options.escrow.connection === undefined
            ? {}
            : { connection: options.escrow.connection }),
          ...(options.escrow.refill === undefined ? {} : { refill: options.escrow.refill }),
        });
  const checkout = createCheckoutService({
    db,
    clock,
    auth,
    settings: () => storeSettings.storeSettings(),
    promotions: () => promotions,
    events: {
      cartUpdated: (view) => events.emit({ type: 'cart.updated', view }),
      cardProgress: (progress) => events.emit({ type: 'card.progress', progress }),
      walletProgress: (progress) => events.emit({ type: 'wallet.progress', progress }),
    },
    logger,
    ...(devices.terminal === undefined ? {} : { terminal: devices.terminal }),
    sales: {
      ...receipts.saleHooks,
      committed: (sale) => {
        receipts.saleHooks.committed(sale);
        // The customer display thanks the customer and shows the change.
        events.emit({ type: 'sale.completed', sale });
      },
    },
    wallets,
    walletLinked: options.wallet !== undefined,
    leaseContact,
    ...(escrow === undefined ? {} : { memberAttached: (id: string) => escrow.memberAttached(id) }),
  });
  const scaleWeighing = createScaleWeighing({
    scale: devices.scale,
    weigh: (lineId, grams) => checkout.handlers['checkout.weigh']({ lineId, grams }),
  });

  const syncStatus = createSyncStatusReporter({
    db,
    emit: (status) => events.emit({ type: 'sync.status', status }),
  });

  const environment = createEnvironmentService({
    db,
    clock,
    logger,
    auth,
    storeId: settings.storeId,
    registerId: settings.registerId,
    ...(devices.sensor === undefined ? {} : { sensor: devices.sensor }),
    ...(options.sensorRanges === undefined ? {} : { ranges: options.sensorRanges }),
  });

  /** The long work running now, for a screen that opens midway. */
  let work: WorkProgressView | null = null;

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
    ...checkout.handlers,
    'checkout.scan': scaleWeighing.scanWeighing(checkout.handlers['checkout.scan']),
    ...scaleWeighing.handlers,
    ...storeSettings.handlers,
    ...createMembersService({ db, clock, auth }),
    ...createShiftService({
      db,
      clock,
      auth,
      registerId: settings.registerId,
      currency: settings.currency,
      ...(escrow === undefined
        ? {}
        : { onOpened: () => escrow.shiftOpened(), onClosed: () => escrow.shiftClosed() }),
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
    ...environment.handlers,
    ...createDashboardService({
      db,
      clock,
      auth,
      registerId: settings.registerId,
      currency: settings.currency,
      utcOffsetMinutes: options.utcOffsetMinutes ?? 480,
    }),
    ...createReturnsService({
      db,
      clock,
      auth,
      registerId: settings.registerId,
      storeId: settings.storeId,
      cashRounding: settings.cashRounding,
      wallets,
      logger,
      ...(devices.terminal === undefined ? {} : { terminal: devices.terminal }),
    }),
    ...receipts.handlers,
    ...createDrawerService({ db, clock, auth, drawer }),
    ...createDevicesService({
      db,
      clock,
      logger,
      auth,
      registerId: settings.registerId,
      printer: devices.printer,
      connected: (device) => {
        const wired = {
          printer: devices.printer,
          terminal: devices.terminal,
          drawer,
          scale: devices.scale,
          display: devices.display,
        }[device];
        if (wired === undefined) return false;
        // Chosen ports: a device without a port is not there; the drawer hangs off the printer.
        const slot = device === 'drawer' && devices.drawer === undefined ? 'printer' : device;
        const chosen = devices.ports?.slots().find((s) => s.device === slot);
        return chosen === undefined || chosen.port !== null;
      },
      ports: devices.ports,
      scaleReading: () => scaleWeighing.latest(),
      display: devices.display,
      receiptsIdle: () => receipts.idle(),
      header: () => ({
        storeName: storeSettings.current().storeName,
        utcOffsetMinutes: options.utcOffsetMinutes ?? 480,
      }),
    }),
    ...createRecsService({
      db,
      auth,
      logger,
      openCart: () => checkout.handlers['checkout.current']({}),
      describe: (gtin14) => {
        const product = lookupByGtin(db, gtin14);
        return product === undefined ? undefined : productView(product);
      },
    }),
    'sync.status': () => ok(syncStatus.view()),
    'work.current': () => ok(work),
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
  receipts.resume();
  // At start: leases whose return an outage cut short, refills, the terms of held leases.
  if (escrow !== undefined) void escrow.reconnected();
  // Payments a crash left open are settled before the cart can be completed or voided (the
  // cart stays frozen until then).
  // A core closed before that work ended (a quick restart) has nothing left to settle here: the
  // next start does it, so that is not an error.
  const ready = Promise.all([
    checkout.settleCardAtStart().catch((error: unknown) => {
      if (!db.open) return;
      logger.error('settling an open card payment at start failed', { error: String(error) });
    }),
    checkout.settleWalletAtStart().catch((error: unknown) => {
      if (!db.open) return;
      logger.error('resolving wallet payments at start failed', { error: String(error) });
    }),
  ]).then(() => undefined);
  const walSync = startBackgroundWalSync({
    file,
    onError: (error) => logger.warn('background WAL sync failed', { error: String(error) }),
  });
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  // What follows a write — the log's background sync and checkpoint started, the sync status's
  // pending figures read again — waits for the answer to leave (~0.15 ms of a paid sale's 2 ms).
  let afterWrite: NodeJS.Immediate | undefined;
  const followWrite = () => {
    afterWrite = undefined;
    walSync.afterWrite();
    checkpointer.afterWrite();
    syncStatus.outboxMaybeChanged();
  };
  const sendUntyped = (name: string, args: unknown): Promise<Answer<unknown>> => {
    const before = changes.get();
    return dispatcher.sendUntyped(name, args).then((answer) => {
      // Only a command that wrote leaves pages for the next paid sale's commit to sync.
      if (changes.get() !== before) afterWrite ??= setImmediate(followWrite);
      return answer;
    });
  };
  return {
    send: sendUntyped as Send<RegisterCommands>,
    sendUntyped,
    subscribe: (listener) => events.subscribe(listener),
    reportSyncStatus: (status) => syncStatus.report(status),
    reportWork: (progress) => {
      work = progress.finished ? null : progress;
      events.emit({ type: 'work.progress', progress });
    },
    reportInputRefused: (source, error) => events.emit({ type: 'input.refused', source, error }),
    memberCardPrefixes: () => swipePrefixes(storeSettings.current().barcode.memberCards),
    db,
    ready,
    ...(escrow === undefined ? {} : { escrow }),
    printerIdle: () => receipts.idle(),
    upkeep: async () => {
      if (afterWrite !== undefined) {
        clearImmediate(afterWrite);
        followWrite();
      }
      await walSync.idle();
      await checkpointer.flush();
    },
    close: () => {
      clearImmediate(afterWrite);
      stopPoleDisplay();
      scaleWeighing.close();
      checkout.close();
      receipts.close();
      clearInterval(parkedLockSweep);
      environment.close();
      const stopped = Promise.all([checkpointer.stop(), walSync.stop()]);
      db.close();
      return stopped.then(() => undefined);
    },
  };
}
