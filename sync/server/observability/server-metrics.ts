// The server's Prometheus metrics, on a registry of its own (two servers in one test process
// must not share counters): HTTP rate and latency by route, flash-sale outcomes by defence layer,
// sync pushes and their mutations by result, and the outbox — delivered, failed, and how far
// behind the dispatcher is, read from the database at scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DispatchObserver, OutboxLag } from '../outbox/event-dispatcher';

export interface ServerMetrics {
  readonly registry: Registry;
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly flashReservations: Counter;
  readonly flashRefusals: Counter<'layer'>;
  readonly flashSoldOut: Counter;
  readonly syncBatches: Counter<'result'>;
  readonly syncMutations: Counter<'status'>;
  readonly outbox: DispatchObserver;
  /** Where the scrape reads the outbox lag from; set once the dispatcher exists. */
  readOutboxLag(read: () => Promise<OutboxLag>): void;
  /** Where the scrape reads each store's latest sensor readings from. */
  readEnvironment(read: () => Promise<readonly EnvironmentGaugeReading[]>): void;
}

/** One sensor's latest reading, as the environment gauge exports it. */
export interface EnvironmentGaugeReading {
  readonly storeId: string;
  readonly sensorId: string;
  readonly kind: 'temperature' | 'humidity';
  readonly milli: number;
}

export function createServerMetrics(
  options: Readonly<{ processMetrics?: boolean }> = {},
): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status; _count gives the rate',
    labelNames: ['method', 'route', 'status'] as const,
    // The flash-sale path answers in about a millisecond; sync pushes take tens to hundreds.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const flashReservations = new Counter({
    name: 'flash_sale_reservations_total',
    help: 'Flash-sale reservations accepted (units decremented)',
    registers,
  });
  const flashRefusals = new Counter({
    name: 'flash_sale_refusals_total',
    help: 'Flash-sale requests turned away, by the defence layer that refused them',
    labelNames: ['layer'] as const,
    registers,
  });
  const flashSoldOut = new Counter({
    name: 'flash_sale_sold_out_total',
    help: 'Flash sales this instance saw sell out (its last unit taken)',
    registers,
  });
  const syncBatches = new Counter({
    name: 'sync_push_batches_total',
    help: 'Pushed outbox batches, by result: applied, gap (resend asked) or refused',
    labelNames: ['result'] as const,
    registers,
  });
  const syncMutations = new Counter({
    name: 'sync_push_mutations_total',
    help: 'Pushed mutations by result: applied, duplicate, rejected or flagged',
    labelNames: ['status'] as const,
    registers,
  });
  const delivered = new Counter({
    name: 'outbox_events_delivered_total',
    help: 'Domain events every consumer has handled, by type',
    labelNames: ['type'] as const,
    registers,
  });
  const deliveryLag = new Histogram({
    name: 'outbox_delivery_lag_seconds',
    help: 'From an event being written to its delivery',
    labelNames: ['type'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const failures = new Counter({
    name: 'outbox_delivery_failures_total',
    help: 'Failed deliveries, by event type and consumer; each is retried after a backoff',
    labelNames: ['type', 'consumer'] as const,
    registers,
  });
  let readLag: (() => Promise<OutboxLag>) | undefined;
  const lagGauge = (name: string, help: string, pick: (lag: OutboxLag) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        if (readLag === undefined) return;
        this.set(pick(await readLag()));
      },
    });
  lagGauge('outbox_lag_seconds', 'Age of the oldest undelivered event', (l) => l.lagMs / 1000);
  lagGauge('outbox_pending_events', 'Events not yet delivered to every consumer', (l) => l.pending);
  lagGauge(
    'outbox_failing_events',
    'Undelivered events that failed at least once',
    (l) => l.failing,
  );

  let readEnvironment: (() => Promise<readonly EnvironmentGaugeReading[]>) | undefined;
  new Gauge({
    name: 'store_environment_reading',
    help: "Each store sensor's latest reading (°C for temperature, % RH for humidity)",
    labelNames: ['store_id', 'sensor_id', 'kind'] as const,
    registers,
    async collect() {
      if (readEnvironment === undefined) return;
      this.reset();
      for (const r of await readEnvironment()) {
        this.set({ store_id: r.storeId, sensor_id: r.sensorId, kind: r.kind }, r.milli / 1000);
      }
    },
  });

  return {
    registry,
    httpRequests,
    flashReservations,
    flashRefusals,
    flashSoldOut,
    syncBatches,
    syncMutations,
    outbox: {
      delivered(type, lagMs) {
        delivered.inc({ type });
        deliveryLag.observe({ type }, lagMs / 1000);
      },
      failed(type, consumer) {
        failures.inc({ type, consumer });
      },
    },
    readOutboxLag(read) {
      readLag = read;
    },
    readEnvironment(read) {
      readEnvironment = read;
    },
  };
}
