// Every request is timed into the route's latency histogram and, when a tracer is given, wrapped
// in an OpenTelemetry span; pushed batches are also counted by result and their mutations by
// status. Routes are labelled by their pattern (`/stores/:storeId/stock`), never the raw URL, so
// the label set stays small. The flash-sale hot path pays one hook and one cached observe.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUSH_PATH } from '../../protocol';
import type { ServerMetrics } from './server-metrics';

const UNMATCHED = 'unmatched';

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED;
}

/** Counts a push answer: 200 applied (each mutation by status), 409 gap, anything else refused. */
function countPush(metrics: ServerMetrics, reply: FastifyReply, payload: unknown): void {
  if (reply.statusCode === 200 && typeof payload === 'object' && payload !== null) {
    metrics.syncBatches.inc({ result: 'applied' });
    const results = (payload as { results?: unknown }).results;
    if (Array.isArray(results)) {
      for (const result of results as readonly { status?: unknown }[]) {
        metrics.syncMutations.inc({ status: String(result.status) });
      }
    }
    return;
  }
  metrics.syncBatches.inc({ result: reply.statusCode === 409 ? 'gap' : 'refused' });
}

/** Installs the hooks; call before the routes are registered (the push counter is per route). */
export function observeHttp(
  app: FastifyInstance,
  options: Readonly<{ metrics: ServerMetrics; tracer?: Tracer }>,
): void {
  const { metrics, tracer } = options;
  const spans = new WeakMap<FastifyRequest, Span>();
  // prom-client hashes the label set on every labelled observe; a child per set is resolved once.
  const timers = new Map<string, { observe(seconds: number): void }>();
  const timerFor = (method: string, route: string, status: number) => {
    const id = `${method} ${status} ${route}`;
    let timer = timers.get(id);
    if (timer === undefined) {
      timer = metrics.httpRequests.labels({ method, route, status: String(status) });
      timers.set(id, timer);
    }
    return timer;
  };

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url !== PUSH_PATH || !methods.includes('POST')) return;
    const count = (
      _request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (error: null, payload: unknown) => void,
    ) => {
      countPush(metrics, reply, payload);
      done(null, payload);
    };
    const existing = route.preSerialization;
    route.preSerialization =
      existing === undefined
        ? count
        : Array.isArray(existing)
          ? [...existing, count]
          : [existing, count];
  });

  if (tracer !== undefined) {
    app.addHook('onRequest', (request, _reply, done) => {
      spans.set(
        request,
        tracer.startSpan(`${request.method} ${routeOf(request)}`, {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'http.route': routeOf(request) },
        }),
      );
      done();
    });
    app.addHook('onError', (request, _reply, error, done) => {
      spans.get(request)?.recordException(error);
      done();
    });
  }

  app.addHook('onResponse', (request, reply, done) => {
    timerFor(request.method, routeOf(request), reply.statusCode).observe(reply.elapsedTime / 1000);
    const span = tracer === undefined ? undefined : spans.get(request);
    if (span !== undefined) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  });
}
