// A background job run inside an OpenTelemetry span named `job <name>`, so a slow or failing
// expiry, auto-cancel or dispatch run shows up next to the requests around it.
import { SpanStatusCode } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';

export function tracedJob<T>(
  tracer: Tracer,
  name: string,
  work: () => Promise<T>,
): () => Promise<T> {
  return () =>
    tracer.startActiveSpan(`job ${name}`, async (span) => {
      try {
        const result = await work();
        // Jobs answer how much they did (a count, or counts): worth seeing on the span.
        if (typeof result === 'number') span.setAttribute('job.items', result);
        else if (typeof result === 'object' && result !== null) {
          for (const [key, value] of Object.entries(result)) {
            if (typeof value === 'number') span.setAttribute(`job.${key}`, value);
          }
        }
        return result;
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
}
