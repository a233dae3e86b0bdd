// Returns at the counter: by receipt (refund to the original tenders) or blind, without a receipt
// (manager approval, refunded in cash).
import { z } from 'zod';
import { command } from './command';

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(1).max(200);

export interface ReturnableLineView {
  readonly lineNo: number;
  readonly productId: number;
  readonly name: string;
  readonly soldBy: 'each' | 'weight';
  /** Units, or grams when sold by weight. */
  readonly quantity: number;
  readonly net: number;
  readonly returnedQuantity: number;
  readonly returnedAmount: number;
}

export interface ReturnableSaleView {
  readonly saleId: string;
  readonly receiptNo: number;
  readonly completedAt: number;
  readonly memberId: string | null;
  readonly total: number;
  readonly lines: readonly ReturnableLineView[];
}

export interface RefundView {
  readonly refundId: string;
  /** Refund slips take the next receipt number of the register. */
  readonly receiptNo: number;
  readonly amount: number;
  readonly tenders: readonly { readonly kind: string; readonly amount: number }[];
  /** Cash handed back, after cash rounding. */
  readonly cashOut: number;
  readonly pointsClawedBack: number;
  readonly openDrawer: boolean;
}

export const returnsCommands = {
  'returns.findSale': command(
    z.object({ receiptNo: z.number().int().positive() }),
  ).returns<ReturnableSaleView>(),
  'returns.refund': command(
    z.object({
      saleId: id,
      lines: z
        .array(
          z.object({ lineNo: z.number().int().positive(), quantity: z.number().int().positive() }),
        )
        .min(1)
        .max(500),
      reason,
      restock: z.boolean().default(true),
      /** A manager's approval to pay card or wallet parts back in cash. */
      cashOverrideApprovalId: id.optional(),
    }),
  ).returns<RefundView>(),
  'returns.blind': command(
    z.object({
      code: z.string().min(1).max(64),
      quantity: z.number().int().min(1).max(999),
      reason,
      restock: z.boolean().default(true),
      approvalId: id.optional(),
    }),
  ).returns<RefundView>(),
};
