import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { PUSH_PATH } from '../../protocol';
import { startTestServer, T0 } from '../testing/test-server';
import type { TestServer } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';
import type { ServerConfig } from '../config';
import { ROUTE_DOCS } from './route-docs';

const [pglite] = useTestDatabases();

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('test') };
}

async function started(
  context: TestContext,
  overrides: Partial<ServerConfig> = {},
): Promise<TestServer & { spans: InMemorySpanExporter }> {
  const { exporter, tracer } = tracing();
  const t = await startTestServer(await pglite!.open(context), overrides, { tracer });
  return Object.assign(t, { spans: exporter });
}

/** The value of one sample line of the exposition, e.g. `flash_sale_refusals_total{layer="limit"}`. */
async function sample(t: TestServer, line: string): Promise<number | undefined> {
  const text = (await t.call('GET', '/metrics')).body;
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

async function openSale(t: TestServer, totalStock: number, perMemberLimit: number) {
  const created = await t.call('POST', '/admin/flash-sales', {
    token: await t.adminToken(),
    body: {
      id: 'fs1',
      productId: 'p1',
      storeId: 's1',
      flashPrice: { amount: 990, currency: 'CNY' },
      totalStock,
      perMemberLimit,
      startsAt: T0 - 1000,
      endsAt: T0 + 3_600_000,
    },
  });
  expect(created.statusCode).toBe(201);
}

describe('observability', () => {
  it('times requests by route pattern and counts flash-sale outcomes by defence layer', async (context) => {
    const t = await started(context);
    const till = await t.registerToken('s1');
    await openSale(t, 2, 1);
    const reserve = (memberId: string) =>
      t.call('POST', '/flash-sales/fs1/reservations', { token: till, body: { memberId } });
    expect((await reserve('m1')).statusCode).toBe(201);
    expect((await reserve('m1')).statusCode).toBe(409); // the member limit
    expect((await reserve('m2')).statusCode).toBe(201);
    expect((await reserve('m3')).statusCode).toBe(409); // sold out
    expect(
      (
        await t.call('POST', '/flash-sales/nope/reservations', {
          token: till,
          body: { memberId: 'm4' },
        })
      ).statusCode,
    ).toBe(404);

    expect(await sample(t, 'flash_sale_reservations_total')).toBe(2);
    expect(await sample(t, 'flash_sale_refusals_total{layer="limit"}')).toBe(1);
    expect(await sample(t, 'flash_sale_refusals_total{layer="soldOut"}')).toBe(1);
    expect(await sample(t, 'flash_sale_refusals_total{layer="sale"}')).toBe(1);
    const route = 'route="/flash-sales/:saleId/reservations"';
    expect(
      await sample(t, `http_request_duration_seconds_count{method="POST",${route},status="201"}`),
    ).toBe(2);
    expect(
      await sample(t, `http_request_duration_seconds_count{method="POST",${route},status="409"}`),
    ).toBe(2);
    // An unknown path is one label, whatever the URL, so the label set cannot grow without bound.
    await t.call('GET', '/no/such/path/1');
    await t.call('GET', '/no/such/path/2');
    expect(
      await sample(
        t,
        'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}',
      ),
    ).toBe(2);

    // The sell-out is written to the outbox once, however many refusals follow.
    await reserve('m5');
    await t.server.flash.writer.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const soldOut = await t.server.context.db.query<{ key: string }>(
      "SELECT key FROM outbox_event WHERE type = 'flashSaleSoldOut'",
    );
    expect(soldOut.rows).toEqual([{ key: 'fs1' }]);
    expect(await sample(t, 'flash_sale_sold_out_total')).toBe(1);
    await t.close();
  });

  it('counts pushed batches by result and mutations by status, and shows the outbox lag', async (context) => {
    const t = await started(context);
    const till = await t.registerToken('s1');
    const registerId = (
      JSON.parse(Buffer.from(till.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        sub: string;
      }
    ).sub;
    const mutation = (seq: number, saleId: string) => ({
      seq,
      mutation_id: `m-${seq}`,
      type: 'sale.completed',
      schema_version: 1,
      created_at: 1,
      payload: {
        saleId,
        receiptNo: seq,
        storeId: 's1',
        cashierId: 'c1',
        memberId: null,
        currency: 'CNY',
        total: 500,
        pointsEarned: 0,
        pointsUsed: 0,
        lines: [{ lineId: 'l1', productId: 'p1', gtin14: '', quantity: 1, net: 500 }],
        payments: [{ kind: 'cash', amount: { amount: 500, currency: 'CNY' } }],
        completedAt: 1,
      },
    });
    const push = (fromSeq: number, mutations: object[]) =>
      t.call('POST', PUSH_PATH, {
        token: till,
        body: { schema_version: 1, register_id: registerId, from_seq: fromSeq, mutations },
      });
    expect((await push(1, [mutation(1, 'a'), mutation(2, 'a')])).statusCode).toBe(200);
    expect((await push(9, [mutation(9, 'b')])).statusCode).toBe(409);
    expect((await push(3, [{ ...mutation(3, 'c'), seq: 4 }])).statusCode).toBe(400);

    expect(await sample(t, 'sync_push_batches_total{result="applied"}')).toBe(1);
    expect(await sample(t, 'sync_push_batches_total{result="gap"}')).toBe(1);
    expect(await sample(t, 'sync_push_batches_total{result="refused"}')).toBe(1);
    // Product p1 is unknown to the server: the first sale is flagged, the second a duplicate.
    expect(await sample(t, 'sync_push_mutations_total{status="flagged"}')).toBe(1);
    expect(await sample(t, 'sync_push_mutations_total{status="duplicate"}')).toBe(1);

    // A low-stock event waits in the outbox until the dispatcher runs; the lag shows it.
    const admin = await t.adminToken();
    await t.call('PUT', '/stores/s1/stock/p2/safety', { token: admin, body: { safety: 5 } });
    await t.call('POST', '/stores/s1/stock/p2/receive', { token: admin, body: { quantity: 6 } });
    await t.call('POST', '/stores/s1/stock/p2/deduct', { token: admin, body: { quantity: 2 } });
    t.clock.now += 4000;
    expect(await sample(t, 'outbox_pending_events')).toBeGreaterThan(0);
    expect(await sample(t, 'outbox_lag_seconds')).toBeGreaterThanOrEqual(4);
    expect(await t.server.jobs.events.runOnce()).toMatchObject({ failed: 0 });
    expect(await sample(t, 'outbox_pending_events')).toBe(0);
    expect(await sample(t, 'outbox_lag_seconds')).toBe(0);
    expect(await sample(t, 'outbox_events_delivered_total{type="lowStock"}')).toBeGreaterThan(0);
    await t.close();
  });

  it('wraps each request and each job run in a span', async (context) => {
    const t = await started(context, { jobs: true, processMetrics: true });
    // Asked for here, so Node's own metrics are on /metrics too (they are off by default).
    expect((await t.call('GET', '/metrics')).body).toContain('process_cpu_user_seconds_total');
    const till = await t.registerToken('s1');
    await t.call('GET', '/stores/s1/stock', { token: till });
    await t.call('GET', '/stores/s2/stock', { token: till });
    const spans = t.spans.getFinishedSpans();
    const stock = spans.filter((s) => s.name === 'GET /stores/:storeId/stock');
    expect(stock.map((s) => s.attributes['http.response.status_code'])).toEqual([200, 403]);
    // The dispatch job runs every half second when jobs are on.
    const deadline = Date.now() + 5000;
    while (!t.spans.getFinishedSpans().some((s) => s.name === 'job dispatchEvents')) {
      if (Date.now() > deadline) throw new Error('no job span within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const job = t.spans.getFinishedSpans().find((s) => s.name === 'job dispatchEvents');
    expect(typeof job?.attributes['job.delivered']).toBe('number');
    expect(job?.attributes['job.failed']).toBe(0);
    await t.close();
  });

  it('describes every route in OpenAPI at /docs, with the bodies the routes check', async (context) => {
    const t = await started(context);
    const description = (await t.call('GET', '/docs/openapi.json')).json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown;
            requestBody?: {
              content: Record<
                string,
                { schema: { properties?: Record<string, unknown>; required?: string[] } }
              >;
            };
          }
        >
      >;
    }>();
    expect(description.openapi).toBe('3.1.0');
    const described = new Set(
      Object.entries(description.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
      ),
    );
    const registered = t.server.app.printRoutes({ commonPrefix: false });
    expect(registered).toContain('reservations');
    // Every documented route exists (no stale entries) and is in the description.
    for (const key of Object.keys(ROUTE_DOCS)) expect(described).toContain(key);
    const reserve = description.paths['/flash-sales/{saleId}/reservations']?.['post'];
    expect(reserve?.security).toEqual([{ bearer: [] }]);
    const body = reserve?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(['memberId', 'quantity']);
    expect(body?.required).toEqual(['memberId']);
    expect(description.paths['/healthz']?.['get']?.security).toBeUndefined();
    expect((await t.call('GET', '/metrics')).body).not.toContain('process_cpu_user_seconds_total');
    const page = await t.call('GET', '/docs');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/docs/openapi.json');
    await t.close();
  });
});
