// GET /stores/:storeId/environment: a store's sensors as registers reported them (a register for
// its own store, head office for any), and the latest readings on /metrics for alerting.
import { z } from 'zod';
import { requireStore } from '../http/guards';
import { idSchema } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import { sensorSummaries } from './environment-books';

const params = z.object({ storeId: idSchema });

export function registerEnvironmentRoutes(context: ServerContext): void {
  const { app, db, guards } = context;
  app.get('/stores/:storeId/environment', { preHandler: guards.authenticated }, async (request) => {
    const { storeId } = parseInput(params, request.params, 'params');
    requireStore(request, storeId);
    return { sensors: await sensorSummaries(db, storeId) };
  });
}
