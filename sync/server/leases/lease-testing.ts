// Test helpers for leases and allowances on a test server: a register that asks for leases and
// pushes its lease sales and redemptions through the real routes, keeping its own seq.
import type { LeaseAnswer, MutationResult, PushAnswer } from '../../protocol';
import { LEASES_PATH, PUSH_PATH, leaseReturnPath } from '../../protocol';
import type { TestServer } from '../testing/test-server';
import { T0 } from '../testing/test-server';

export const MINUTE = 60_000;

export function registerIdOf(token: string): string {
  const payload = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as { sub: string };
  return payload.sub;
}

export interface TestTill {
  readonly token: string;
  readonly registerId: string;
  lease(flashSaleId: string, quantity: number): Promise<LeaseAnswer>;
  giveBack(leaseId: string, sold: number): Promise<LeaseAnswer>;
  /** Pushes mutations as the next seqs; answers their results. */
  push(mutations: readonly { type: string; payload: unknown }[]): Promise<MutationResult[]>;
}

let mutationCounter = 0;

export async function testTill(t: TestServer, storeId: string): Promise<TestTill> {
  const token = await t.registerToken(storeId);
  const registerId = registerIdOf(token);
  let seq = 0;
  const ok = async <T>(answer: ReturnType<TestServer['call']>): Promise<T> => {
    const response = await answer;
    if (response.statusCode !== 200) {
      throw new Error(`${response.statusCode}: ${response.body}`);
    }
    return response.json<T>();
  };
  return {
    token,
    registerId,
    lease: (flashSaleId, quantity) =>
      ok(
        t.call('POST', LEASES_PATH, {
          token,
          body: { schema_version: 1, flash_sale_id: flashSaleId, quantity },
        }),
      ),
    giveBack: (leaseId, sold) =>
      ok(t.call('POST', leaseReturnPath(leaseId), { token, body: { schema_version: 1, sold } })),
    async push(mutations) {
      const from = seq + 1;
      const answer = await ok<PushAnswer>(
        t.call('POST', PUSH_PATH, {
          token,
          body: {
            schema_version: 1,
            register_id: registerId,
            from_seq: from,
            mutations: mutations.map((m, i) => {
              mutationCounter += 1;
              return {
                seq: from + i,
                mutation_id: `m-${mutationCounter}`,
                type: m.type,
                payload: m.payload,
                schema_version: 1,
                created_at: 1,
              };
            }),
          },
        }),
      );
      seq += mutations.length;
      return answer.results;
    },
  };
}

let saleCounter = 0;

/** A flash sale running from a minute before T0 for three hours; its id is new per call. */
export async function createFlashSale(
  t: TestServer,
  storeId: string,
  totalStock: number,
  perMemberLimit = 1000,
): Promise<string> {
  // Enrolling a till creates the store the sale belongs to.
  await t.registerToken(storeId);
  saleCounter += 1;
  const id = `fs-${saleCounter}-${T0 % 1000}-${process.pid}`;
  const created = await t.call('POST', '/admin/flash-sales', {
    token: await t.adminToken(),
    body: {
      id,
      productId: 'p-flash',
      storeId,
      flashPrice: { amount: 990, currency: 'CNY' },
      totalStock,
      perMemberLimit,
      startsAt: T0 - MINUTE,
      endsAt: T0 + 180 * MINUTE,
    },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  return id;
}

export function leaseSale(
  lease: LeaseAnswer['lease'],
  saleId: string,
  quantity: number,
  estimatedServerTime: number,
): { type: string; payload: unknown } {
  return {
    type: 'flashSale.leaseSale',
    payload: {
      leaseId: lease.lease_id,
      flashSaleId: lease.flash_sale_id,
      saleId,
      productId: lease.product_id,
      quantity,
      soldAt: estimatedServerTime,
      estimatedServerTime,
    },
  };
}
