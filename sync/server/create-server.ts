// Builds the central server: storage opened and migrated, routes with their guards, the error
// shape, health checks and the background jobs. `createServer` does not listen; `listen` does.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import Fastify, { LogController } from 'fastify';
import { trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './auth/auth-routes';
import { bootstrapAdmin } from './auth/enrolment';
import { createTokenIssuer } from './auth/tokens';
import type { ServerConfig } from './config';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { SERVER_MIGRATIONS } from './db/migrations';
import { openDb } from './db/open-db';
import { latestSensorReadings } from './environment/environment-books';
import { registerEnvironmentRoutes } from './environment/environment-routes';
import { registerInventoryRoutes } from './inventory/inventory-routes';
import { STOCK_STREAM } from './inventory/stock-stream';
import { registerMemberRoutes } from './members/member-routes';
import { MEMBERS_STREAM } from './members/members-stream';
import { registerOrderRoutes } from './orders/order-routes';
import { registerPushRoutes } from './push/push-routes';
import { registerCatalogRoutes } from './catalog/catalog-routes';
import { CATALOG_STREAMS } from './catalog/catalog-streams';
import { registerPullRoutes } from './pull/pull-routes';
import type { RecsJob } from './recs/recs-build-job';
import { createRecsJob } from './recs/recs-build-job';
import { registerRecsRoutes } from './recs/recs-routes';
import { RECS_STREAM } from './recs/recs-stream';
import type { RecsOptions } from '../../app/recommendations';
import type { WalletPayments } from './payments/wallet-routes';
import { registerWalletRoutes } from './payments/wallet-routes';
import type { WalletSettings } from './payments/wallet-settings';
import { walletSettingsFromEnv } from './payments/wallet-settings';
import { installErrorHandler } from './http/error-handler';
import { createGuards } from './http/guards';
import { createKeyedRateLimiter } from './http/token-bucket';
import type { ServerContext } from './server-context';
import type { MutationReading } from '../protocol';
import { createBehaviourGuard } from './flash-sale/behaviour-guard';
import { createFlashSaleJobs } from './flash-sale/flash-sale-jobs';
import type { FlashSaleJobs } from './flash-sale/flash-sale-jobs';
import { registerAllowanceRoutes } from './allowances/allowance-routes';
import { createLeaseDesk } from './leases/lease-desk';
import type { LeasePolicy } from './leases/lease-desk';
import { createLeaseJobs } from './leases/lease-jobs';
import type { LeaseJobs } from './leases/lease-jobs';
import { registerLeaseRoutes } from './leases/lease-routes';
import { loadOpenFlashSales } from './flash-sale/flash-sale-books';
import { registerFlashSaleRoutes } from './flash-sale/flash-sale-routes';
import type { FlashStock } from './flash-sale/flash-stock';
import { createMemoryFlashStock } from './flash-sale/flash-stock';
import { createRedisFlashStock } from './flash-sale/redis-flash-stock';
import type { ReservationDesk } from './flash-sale/reservation-desk';
import { createReservationDesk } from './flash-sale/reservation-desk';
import type { ReservationWriter } from './flash-sale/reservation-writer';
import { createReservationWriter } from './flash-sale/reservation-writer';
import type { AutoCancelJob } from './orders/auto-cancel-job';
import { createAutoCancelJob } from './orders/auto-cancel-job';
import type { PointsExpiryJob } from './members/points-expiry-job';
import { createPointsExpiryJob } from './members/points-expiry-job';
import { createEventDispatcher } from './outbox/event-dispatcher';
import type { EventDispatcher } from './outbox/event-dispatcher';
import { createNoticeBoard } from './outbox/notice-board';
import type { OutboxConsumer } from './outbox/outbox-consumer';
import { createSoldOutReporter } from './outbox/sold-out-reporter';
import { observeHttp } from './observability/http-observability';
import { observedDesk } from './observability/observed-desk';
import { collectApiDescription, registerDocsRoutes } from './observability/openapi';
import { createServerMetrics } from './observability/server-metrics';
import type { ServerMetrics } from './observability/server-metrics';
import { tracedJob } from './observability/traced-job';

export interface ServerDeps {
  /** Epoch ms; the system clock by default. */
  readonly clock?: () => number;
  /** An already open database (tests); otherwise opened from the configuration. */
  readonly db?: Db;
  /** A pino-compatible logger; otherwise Fastify's pino at the configured level. */
  readonly logger?: FastifyBaseLogger;
  /** Spans for every request and job; without it, only jobs get spans (global tracer). */
  readonly tracer?: Tracer;
  /** Who receives domain events from the outbox; the notice board by default. */
  readonly consumers?: readonly OutboxConsumer[];
  /** Flash-sale lease lifetime and per-register cap; DEFAULT_LEASE_POLICY otherwise. */
  readonly leasePolicy?: LeasePolicy;
  /** Wallet merchant accounts and timing; read from the environment by default. */
  readonly wallets?: WalletSettings;
  /** The payload version pushed mutations are read at, with its upgrade steps (the simulation). */
  readonly mutationReading?: MutationReading;
  /** The recommender's settings for the model build; SPEC's defaults otherwise. */
  readonly recsOptions?: RecsOptions;
}

export interface CentralServer {
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  /** Starts listening; resolves with the address, e.g. http://127.0.0.1:8787. */
  listen(): Promise<string>;
  /** Stops jobs, the HTTP server and (if it opened it) the database. */
  close(): Promise<void>;
  readonly flash: {
    readonly desk: ReservationDesk;
    readonly writer: ReservationWriter;
    readonly stock: FlashStock;
  };
  /** The background jobs, for tests to run by hand with their injected clock. */
  readonly jobs: {
    readonly flashSale: FlashSaleJobs;
    readonly leases: LeaseJobs;
    readonly autoCancel: AutoCancelJob;
    readonly pointsExpiry: PointsExpiryJob;
    readonly events: EventDispatcher;
    readonly recs: RecsJob;
  };
  readonly metrics: ServerMetrics;
  /** The wallet gateway, for tests to run its background round by hand. */
  readonly wallets: WalletPayments;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

/** How often each job runs when jobs are on. */
const JOB_PERIODS_MS = {
  dispatchOrders: 200,
  dispatchEvents: 500,
  expireReservations: 5_000,
  expireLeases: 5_000,
  autoCancel: 5_000,
  // "Daily" expiry, checked hourly so a restart never skips a day.
  pointsExpiry: 60 * 60 * 1000,
  // Stores without new sales are skipped at the cost of one query each.
  buildRecs: 15 * 60 * 1000,
} as const;

function fastifyFor(config: ServerConfig, logger: FastifyBaseLogger | undefined): FastifyInstance {
  const common = {
    bodyLimit: config.bodyLimitBytes,
    ...(logger === undefined
      ? {
          logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
        }
      : { loggerInstance: logger }),
    // Health probes and the flash-sale hot path would drown the log otherwise.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  };
  if (config.tls === undefined) return Fastify(common);
  // An HTTPS instance has the same routing API; only its server type differs, which no route uses.
  return Fastify({
    ...common,
    https: { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) },
  });
}

export async function createServer(
  config: ServerConfig,
  deps: ServerDeps = {},
): Promise<CentralServer> {
  const clock = deps.clock ?? (() => Date.now());
  const app = fastifyFor(config, deps.logger);
  if (deps.db === undefined && config.databaseUrl === undefined && config.dataDir !== ':memory:') {
    mkdirSync(config.dataDir, { recursive: true });
  }
  const db = deps.db ?? (await openDb(config));
  const ownsDb = deps.db === undefined;
  await migrate(db, SERVER_MIGRATIONS, clock);
  if (config.adminPassword !== undefined) {
    if (await bootstrapAdmin(db, config.adminPassword, clock())) {
      app.log.info('created the first admin staff account "admin"');
    }
  }

  const tokens = createTokenIssuer({
    secret: config.tokenSecret,
    clock,
    registerTtlSeconds: config.registerTokenTtlSeconds,
    staffTtlSeconds: config.adminTokenTtlSeconds,
  });
  const limiter = createKeyedRateLimiter({
    perSecond: config.rateLimit.perSecond,
    capacity: config.rateLimit.burst,
  });
  const guards = createGuards({ tokens, limiter, clock });
  // Before any route: both learn the routes as they are registered.
  const metrics = createServerMetrics({ processMetrics: config.processMetrics ?? false });
  // Request spans only with a tracer given: without an SDK they would be no-ops on the hot path.
  // Jobs are rare, so they always go through the global tracer.
  const tracer = deps.tracer ?? trace.getTracer('store-register-server');
  observeHttp(app, deps.tracer === undefined ? { metrics } : { metrics, tracer });
  const apiDescription = collectApiDescription(app, guards);
  app.decorateRequest('principal', null);
  installErrorHandler(app);
  // OAuth2 clients send the token request form-encoded; everything else is JSON.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body: string, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body)));
    },
  );

  const context: ServerContext = {
    app,
    db,
    clock,
    log: app.log,
    tokens,
    guards,
    config,
    ...(deps.mutationReading === undefined ? {} : { mutationReading: deps.mutationReading }),
  };

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready', database: db.engine };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable', database: db.engine });
    }
  });
  const stock =
    config.redisUrl === undefined
      ? createMemoryFlashStock()
      : createRedisFlashStock(config.redisUrl);
  const writer = createReservationWriter({ db, stock, log: app.log });
  const plainDesk = createReservationDesk({
    db,
    stock,
    writer,
    guard: createBehaviourGuard(),
    clock,
    log: app.log,
    instanceRatePerSecond: config.flashSale.instanceRatePerSecond,
    windowLimit: config.flashSale.windowLimit,
  });
  const soldOut = createSoldOutReporter({
    db,
    stock,
    clock,
    log: app.log,
    onReported: () => metrics.flashSoldOut.inc(),
  });
  const desk = observedDesk(plainDesk, metrics, soldOut.notice);
  // Layer 3: every open sale's units are in the fast store before the first request.
  for (const sale of await loadOpenFlashSales(db, clock())) await desk.prewarm(sale);
  const jobs = {
    flashSale: createFlashSaleJobs({ db, desk, stock, clock, log: app.log }),
    leases: createLeaseJobs({
      db,
      desk,
      stock,
      clock,
      log: app.log,
      ...(deps.leasePolicy === undefined ? {} : { policy: deps.leasePolicy }),
    }),
    autoCancel: createAutoCancelJob({ db, clock, log: app.log }),
    pointsExpiry: createPointsExpiryJob({ db, clock, log: app.log }),
    events: createEventDispatcher({
      db,
      clock,
      consumers: deps.consumers ?? [createNoticeBoard()],
      observer: metrics.outbox,
    }),
    recs: createRecsJob({
      db,
      clock,
      log: app.log,
      ...(deps.recsOptions === undefined ? {} : { options: deps.recsOptions }),
    }),
  };
  metrics.readOutboxLag(jobs.events.lag);
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, periodMs: number, work: () => Promise<unknown>) => {
    let running = false;
    const traced = tracedJob(tracer, name, work);
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      traced()
        .catch((error: unknown) => app.log.error({ err: error, job: name }, 'job failed'))
        .finally(() => (running = false));
    }, periodMs);
    timer.unref();
    timers.push(timer);
  };
  if (config.jobs) {
    every('dispatchOrders', JOB_PERIODS_MS.dispatchOrders, () =>
      writer.flush().then(jobs.flashSale.dispatchOrders),
    );
    every(
      'expireReservations',
      JOB_PERIODS_MS.expireReservations,
      jobs.flashSale.expireReservations,
    );
    every('expireLeases', JOB_PERIODS_MS.expireLeases, () =>
      jobs.leases.expireLeases().then(jobs.leases.settleLateSales),
    );
    every('autoCancel', JOB_PERIODS_MS.autoCancel, jobs.autoCancel.runOnce);
    every('pointsExpiry', JOB_PERIODS_MS.pointsExpiry, jobs.pointsExpiry.runOnce);
    every('dispatchEvents', JOB_PERIODS_MS.dispatchEvents, jobs.events.runOnce);
    every('buildRecs', JOB_PERIODS_MS.buildRecs, jobs.recs.runOnce);
  }

  registerAuthRoutes(context);
  registerFlashSaleRoutes(context, { desk, writer, stock });
  registerInventoryRoutes(context);
  registerMemberRoutes(context);
  registerOrderRoutes(context);
  registerPushRoutes(context);
  registerLeaseRoutes(
    context,
    createLeaseDesk({
      db,
      desk,
      stock,
      clock,
      ...(deps.leasePolicy === undefined ? {} : { policy: deps.leasePolicy }),
    }),
  );
  registerAllowanceRoutes(context);
  registerEnvironmentRoutes(context);
  metrics.readEnvironment(() => latestSensorReadings(db));
  registerCatalogRoutes(context);
  registerPullRoutes(context, [...CATALOG_STREAMS, RECS_STREAM, MEMBERS_STREAM, STOCK_STREAM]);
  registerRecsRoutes(context, jobs.recs);
  const wallets = registerWalletRoutes(context, deps.wallets ?? walletSettingsFromEnv(process.env));
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  registerDocsRoutes(app, apiDescription);

  let closed = false;
  return {
    app,
    context,
    flash: { desk, writer, stock },
    jobs,
    metrics,
    wallets,
    async listen() {
      return app.listen({ host: config.host, port: config.port });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      // In-flight requests finish; after the grace the connections still open are cut, so one
      // client holding a connection cannot keep the process from stopping.
      const cut = setTimeout(
        () => app.server.closeAllConnections(),
        config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
      );
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      await writer.close();
      await stock.close();
      if (ownsDb) await db.close();
    },
  };
}
