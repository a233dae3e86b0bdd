// Builds the central server: storage opened and migrated, routes with their guards, the error
// shape, health checks and the background jobs. `createServer` does not listen; `listen` does.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerAuthRoutes } from './auth/auth-routes';
import { bootstrapAdmin } from './auth/enrolment';
import { createTokenIssuer } from './auth/tokens';
import type { ServerConfig } from './config';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { SERVER_MIGRATIONS } from './db/migrations';
import { openDb } from './db/open-db';
import { registerInventoryRoutes } from './inventory/inventory-routes';
import { registerMemberRoutes } from './members/member-routes';
import { registerOrderRoutes } from './orders/order-routes';
import { registerPushRoutes } from './push/push-routes';
import { installErrorHandler } from './http/error-handler';
import { createGuards } from './http/guards';
import { createKeyedRateLimiter } from './http/token-bucket';
import type { ServerContext } from './server-context';
import { createBehaviourGuard } from './flash-sale/behaviour-guard';
import { createFlashSaleJobs } from './flash-sale/flash-sale-jobs';
import type { FlashSaleJobs } from './flash-sale/flash-sale-jobs';
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

export interface ServerDeps {
  /** Epoch ms; the system clock by default. */
  readonly clock?: () => number;
  /** An already open database (tests); otherwise opened from the configuration. */
  readonly db?: Db;
  /** A pino-compatible logger; otherwise Fastify's pino at the configured level. */
  readonly logger?: FastifyBaseLogger;
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
    readonly autoCancel: AutoCancelJob;
    readonly pointsExpiry: PointsExpiryJob;
  };
}

/** How often each job runs when jobs are on. */
const JOB_PERIODS_MS = {
  dispatchOrders: 200,
  expireReservations: 5_000,
  autoCancel: 5_000,
  // "Daily" expiry, checked hourly so a restart never skips a day.
  pointsExpiry: 60 * 60 * 1000,
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

  const context: ServerContext = { app, db, clock, log: app.log, tokens, guards, config };

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
  const desk = createReservationDesk({
    db,
    stock,
    writer,
    guard: createBehaviourGuard(),
    clock,
    log: app.log,
    instanceRatePerSecond: config.flashSale.instanceRatePerSecond,
    windowLimit: config.flashSale.windowLimit,
  });
  // Layer 3: every open sale's units are in the fast store before the first request.
  for (const sale of await loadOpenFlashSales(db, clock())) await desk.prewarm(sale);
  const jobs = {
    flashSale: createFlashSaleJobs({ db, desk, stock, clock, log: app.log }),
    autoCancel: createAutoCancelJob({ db, clock, log: app.log }),
    pointsExpiry: createPointsExpiryJob({ db, clock, log: app.log }),
  };
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, periodMs: number, work: () => Promise<unknown>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      work()
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
    every('autoCancel', JOB_PERIODS_MS.autoCancel, jobs.autoCancel.runOnce);
    every('pointsExpiry', JOB_PERIODS_MS.pointsExpiry, jobs.pointsExpiry.runOnce);
  }

  registerAuthRoutes(context);
  registerFlashSaleRoutes(context, { desk, writer, stock });
  registerInventoryRoutes(context);
  registerMemberRoutes(context);
  registerOrderRoutes(context);
  registerPushRoutes(context);

  let closed = false;
  return {
    app,
    context,
    flash: { desk, writer, stock },
    jobs,
    async listen() {
      return app.listen({ host: config.host, port: config.port });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await app.close();
      await writer.close();
      await stock.close();
      if (ownsDb) await db.close();
    },
  };
}
