// A wallet payment attempt as the register and the central server both see it: the states it
// walks and the shapes that travel between them. Two kinds: the customer's payment code scanned at
// the counter (`code`), and, when a code cannot be scanned, the store's own QR shown on the
// customer display for the customer to scan (`qr`, the merchant-presented code). The full payment
// code appears only in the pay request (it must reach the provider once); every answer carries
// the masked code.
import { z } from 'zod';

/**
 * pending → paid | failed | reversed; paid → reversed (cancelled after paying: the provider gives
 * the money back) | refunded. `failed` and `reversed` mean no money moved.
 */
export type WalletPaymentState = 'pending' | 'paid' | 'failed' | 'reversed' | 'refunded';

export const WALLET_PAYMENT_STATES: readonly WalletPaymentState[] = [
  'pending',
  'paid',
  'failed',
  'reversed',
  'refunded',
];

const code = z.string().regex(/^\d{16,24}$/, 'a payment code is 16 to 24 digits');
/** Register-minted ids (UUIDv7 or cart ids); they travel inside the attempt id, hence the charset. */
const saleId = z
  .string()
  .min(1)
  .max(52)
  .regex(/^[A-Za-z0-9_:-]+$/, 'letters, digits, _ : - only');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');

/** What a register sends to start one attempt; repeating it answers the same attempt. */
export const walletPayRequestSchema = z.strictObject({
  saleId,
  /** 1, 2, 3 … per sale: a new scan after a failure is a new attempt, never a resend. */
  attempt: z.number().int().min(1).max(99),
  /** Minor units. */
  amount: z.number().int().positive().max(100_000_000_00),
  currency,
  paymentCode: code,
});
export type WalletPayRequest = z.infer<typeof walletPayRequestSchema>;

/** What a register sends to show the store's QR for an amount; repeating it answers the same QR. */
export const walletQrRequestSchema = z.strictObject({
  saleId,
  attempt: z.number().int().min(1).max(99),
  amount: z.number().int().positive().max(100_000_000_00),
  currency,
  wallet: z.enum(['wechatPay', 'alipay']),
});
export type WalletQrRequest = z.infer<typeof walletQrRequestSchema>;

export const walletRefundRequestSchema = z.strictObject({
  /** The register's refund id: repeating it refunds once. */
  refundId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only'),
  amount: z.number().int().positive(),
});
export type WalletRefundRequest = z.infer<typeof walletRefundRequestSchema>;

/** The server's answer for an attempt, whatever route asked. */
export const walletPaymentViewSchema = z.object({
  attemptId: z.string(),
  saleId: z.string(),
  attempt: z.number().int(),
  wallet: z.enum(['wechatPay', 'alipay']),
  kind: z.enum(['code', 'qr']),
  state: z.enum(['pending', 'paid', 'failed', 'reversed', 'refunded']),
  amount: z.number().int(),
  refundedAmount: z.number().int(),
  currency,
  /** The customer's code, masked; null for a QR the customer scanned. */
  maskedCode: z
    .string()
    .regex(/^\d{2}\*{10,18}\d{4}$/)
    .nullable(),
  /** What the customer display draws as a QR, until `expiresAt` (epoch ms); null for a code. */
  qr: z.object({ content: z.string().min(1).max(512), expiresAt: z.number().int() }).nullable(),
  providerTransactionId: z.string().nullable(),
  /** Why it failed or was reversed, for the cashier (null while pending or once paid). */
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type WalletPaymentView = z.infer<typeof walletPaymentViewSchema>;

export const WALLET_PAYMENTS_PATH = '/payments/wallet';
export const WALLET_QR_PATH = '/payments/wallet/qr';
