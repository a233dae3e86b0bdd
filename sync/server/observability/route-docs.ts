// What the OpenAPI description says about each route beyond its path: a one-line summary and the
// zod schema its handler checks the body with (the very schema, so the description cannot drift
// from what the route accepts). Routes missing here are still described, by path and guard.
import type { z } from 'zod';
import { PUSH_PATH, PUSH_STATE_PATH, pushBatchSchema } from '../../protocol';
import { enrolBody, loginBody, storeBody, tokenBody } from '../auth/auth-routes';
import { reserveBody, saleBody } from '../flash-sale/flash-sale-routes';
import { adjustBody, moveBody, safetyBody } from '../inventory/inventory-routes';
import { memberProfileBody, newMemberBody, redeemBody } from '../members/member-routes';
import { newOrderBody, transitionBody } from '../orders/order-routes';

export interface RouteDoc {
  readonly summary: string;
  readonly body?: z.ZodType;
}

/** Keyed by `METHOD /path/:param` exactly as the route is registered. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /healthz': { summary: 'Liveness: the process answers' },
  'GET /readyz': { summary: 'Readiness: the database answers' },
  'GET /metrics': { summary: 'Prometheus metrics (text exposition format)' },
  'POST /admin/login': { summary: 'Staff sign-in; returns a staff token', body: loginBody },
  'POST /admin/stores': { summary: 'Create a store', body: storeBody },
  'POST /admin/stores/:storeId/enrolment-codes': {
    summary: 'Issue a one-time enrolment code for a register of the store',
  },
  'POST /enrol': {
    summary: 'Enrol a register with a one-time code; returns its client credentials',
    body: enrolBody,
  },
  'POST /oauth/token': {
    summary: 'Client-credentials grant (JSON or form); returns a register token',
    body: tokenBody,
  },
  'GET /stores/:storeId/stock': { summary: "The store's stock levels" },
  'GET /stores/:storeId/stock/:productId': { summary: "One product's stock level in the store" },
  'POST /stores/:storeId/stock/:productId/:move': {
    summary: 'Lock, deduct, release or receive units (move = lock|deduct|release|receive)',
    body: moveBody,
  },
  'POST /stores/:storeId/stock/:productId/adjust': {
    summary: 'Correct the total by a signed delta, with a reason',
    body: adjustBody,
  },
  'PUT /stores/:storeId/stock/:productId/safety': {
    summary: 'Set the safety stock below which a low-stock alert is raised',
    body: safetyBody,
  },
  'GET /stores/:storeId/stock-alerts': { summary: "The store's low-stock alerts" },
  'GET /stores/:storeId/environment': {
    summary: "The store's sensors: latest reading and the last day's low and high",
  },
  'POST /admin/members': { summary: 'Create a member', body: newMemberBody },
  'PATCH /admin/members/:memberId': {
    summary: "Change a member's name, phone, card number or status",
    body: memberProfileBody,
  },
  'GET /members/:memberId': { summary: 'A member with points balance and level' },
  'POST /members/:memberId/redemptions': {
    summary: 'Redeem points (idempotent per referenceId)',
    body: redeemBody,
  },
  'POST /stores/:storeId/orders': { summary: 'Create an order', body: newOrderBody },
  'POST /stores/:storeId/orders/:orderId/transitions': {
    summary: 'Move an order through the nine-state machine',
    body: transitionBody,
  },
  'GET /stores/:storeId/orders/:orderId': { summary: 'An order with its status and times' },
  'POST /admin/flash-sales': { summary: 'Define a flash sale (units pre-warmed)', body: saleBody },
  'GET /flash-sales/:saleId': { summary: 'A flash sale with its units left' },
  'POST /flash-sales/:saleId/reservations': {
    summary: 'Reserve units for a member (201), or refusal by defence layer (429/409/404)',
    body: reserveBody,
  },
  'POST /flash-sales/:saleId/reservations/:reservationId/pay': {
    summary: 'Pay a reservation within its 15 minutes (410 when expired or lost)',
  },
  [`GET ${PUSH_STATE_PATH}`]: { summary: "The server's last_seq for the calling register" },
  [`POST ${PUSH_PATH}`]: {
    summary: "Push the register's outbox in seq order; one transaction per batch (409 on a gap)",
    body: pushBatchSchema,
  },
};
