// Wallet payment routes for registers (register token, own store only):
//   POST /payments/wallet                     start (or repeat) an attempt → its state
//   POST /payments/wallet/qr                  the store's QR for an amount (or the same again)
//   GET  /payments/wallet/:attemptId          the state, settled with the provider if pending
//   POST /payments/wallet/:attemptId/cancel   reverse it
//   POST /payments/wallet/:attemptId/refund   give back {refundId, amount}
// and for head office: GET /admin/payments/wallet/reconciliation?day=YYYY-MM-DD.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Result } from '../../../app/result';
import type { WalletPaymentView } from '../../../app/tenders';
import {
  WALLET_PAYMENTS_PATH,
  WALLET_QR_PATH,
  walletPayRequestSchema,
  walletQrRequestSchema,
  walletRefundRequestSchema,
} from '../../../app/tenders';
import { ApiError } from '../http/api-error';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import type { WalletGateway } from './wallet-gateway';
import { createWalletGateway } from './wallet-gateway';
import { reconcileWalletDay } from './wallet-reconciliation';
import type { WalletSettings } from './wallet-settings';
import { createWalletProviders } from './wallet-settings';

/** HTTP status per refusal; anything unlisted is a 409. */
const STATUS: Readonly<Record<string, number>> = {
  'wallet.codeInvalid': 400,
  'wallet.currencyInvalid': 400,
  'wallet.attemptNotFound': 404,
  'wallet.providerUnavailable': 503,
  'wallet.cancelUncertain': 503,
  'wallet.refundUncertain': 503,
  'wallet.qrUncertain': 503,
};

const attemptParams = z.object({ attemptId: z.string().min(3).max(64) });
const dayQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD') });

function registerOf(request: FastifyRequest): { registerId: string; storeId: string } {
  const principal = request.principal;
  if (principal?.kind !== 'register') {
    throw new ApiError(
      403,
      'wallet.registerOnly',
      'Only an enrolled register takes wallet payments.',
    );
  }
  return { registerId: principal.registerId, storeId: principal.storeId };
}

function answer(result: Result<WalletPaymentView>): WalletPaymentView {
  if (result.ok) return result.value;
  const { code, message, details } = result.error;
  throw new ApiError(STATUS[code] ?? 409, code, message, details);
}

export interface WalletPayments {
  readonly gateway: WalletGateway;
  close(): Promise<void>;
}

export function registerWalletRoutes(
  context: ServerContext,
  settings: WalletSettings,
): WalletPayments {
  const { app, db, clock, guards, log } = context;
  const providers = createWalletProviders(settings, clock);
  const gateway = createWalletGateway({
    db,
    provider: (wallet) => providers.get(wallet),
    clock: settings.clock ?? {
      now: clock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
    },
    timing: settings.timing,
    holdMs: settings.holdMs,
    qrTtlMs: settings.qrTtlMs,
    description: settings.description,
    log,
  });

  app.post(WALLET_PAYMENTS_PATH, { preHandler: guards.authenticated }, async (request) => {
    const caller = registerOf(request);
    // Checked here so the refusal never echoes the body (it holds the full payment code).
    const body = parseInput(walletPayRequestSchema, request.body, 'body');
    return answer(await gateway.pay(caller, body));
  });

  app.post(WALLET_QR_PATH, { preHandler: guards.authenticated }, async (request) => {
    const caller = registerOf(request);
    const body = parseInput(walletQrRequestSchema, request.body, 'body');
    return answer(await gateway.showQr(caller, body));
  });

  app.get(
    `${WALLET_PAYMENTS_PATH}/:attemptId`,
    { preHandler: guards.authenticated },
    async (request) => {
      const { storeId } = registerOf(request);
      const { attemptId } = parseInput(attemptParams, request.params, 'params');
      return answer(await gateway.status(storeId, attemptId));
    },
  );

  app.post(
    `${WALLET_PAYMENTS_PATH}/:attemptId/cancel`,
    { preHandler: guards.authenticated },
    async (request) => {
      const { storeId } = registerOf(request);
      const { attemptId } = parseInput(attemptParams, request.params, 'params');
      return answer(await gateway.cancel(storeId, attemptId));
    },
  );

  app.post(
    `${WALLET_PAYMENTS_PATH}/:attemptId/refund`,
    { preHandler: guards.authenticated },
    async (request) => {
      const { storeId } = registerOf(request);
      const { attemptId } = parseInput(attemptParams, request.params, 'params');
      const body = parseInput(walletRefundRequestSchema, request.body, 'body');
      return answer(await gateway.refund(storeId, attemptId, body));
    },
  );

  app.get(
    '/admin/payments/wallet/reconciliation',
    { preHandler: guards.admin },
    async (request) => {
      const { day } = parseInput(dayQuery, request.query, 'query');
      return reconcileWalletDay({ db, provider: (wallet) => providers.get(wallet), day });
    },
  );

  let timer: NodeJS.Timeout | undefined;
  if (context.config.jobs && settings.resolveEveryMs > 0) {
    let running = false;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      gateway
        .resolveStale()
        .catch((error: unknown) => log.error({ err: error, job: 'walletResolve' }, 'job failed'))
        .finally(() => (running = false));
    }, settings.resolveEveryMs);
    timer.unref();
  }

  const close = async () => {
    clearInterval(timer);
    await gateway.close();
    await providers.close();
  };
  app.addHook('onClose', close);
  return { gateway, close };
}
