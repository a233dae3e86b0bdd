// The receipt as the register hands it to the printer: everything already priced and decided.

export type TenderKind = 'cash' | 'card' | 'wechatPay' | 'alipay' | 'points' | 'voucher';

/** Amounts are integer minor units (fen) of `Receipt.currency`. */
export type ReceiptLine = Readonly<{
  name: string;
  /** As the register shows it: "2", "0.356 kg". */
  quantity: string;
  unitPrice: number;
  /** The line's amount after its promotions. */
  amount: number;
  /** Promotion notes under the line, each with the saving it gave (negative) if any. */
  notes: readonly Readonly<{ text: string; amount?: number }>[];
}>;

export type Receipt = Readonly<{
  receiptId: string;
  currency: string;
  store: Readonly<{ name: string; address?: string; phone?: string }>;
  registerId: string;
  cashier: string;
  soldAt: number;
  /** Local time on paper: the store's offset from UTC when it sold. */
  utcOffsetMinutes: number;
  lines: readonly ReceiptLine[];
  subtotal: number;
  discount: number;
  total: number;
  /** Prices include VAT: each row shows the tax included at one rate. */
  taxes: readonly Readonly<{ label: string; taxable: number; tax: number }>[];
  /** `details`: lines printed under the tender (a wallet's masked code and transaction id). */
  tenders: readonly Readonly<{
    kind: TenderKind;
    label: string;
    amount: number;
    details?: readonly string[];
  }>[];
  change: number;
  member?: Readonly<{ maskedCode: string; earned: number; balance: number }>;
  /** What the QR code carries (an invoice link); the receipt id when absent. */
  invoiceQr?: string;
  footer: readonly string[];
}>;

/** Printed words; zh-CN by default, since the first stores are in mainland China. */
export type ReceiptLabels = Readonly<{
  receiptNo: string;
  register: string;
  cashier: string;
  time: string;
  subtotal: string;
  discount: string;
  total: string;
  taxIncluded: string;
  change: string;
  member: string;
  pointsEarned: string;
  pointsBalance: string;
  invoiceHint: string;
  reprint: string;
}>;

export const ZH_CN_LABELS: ReceiptLabels = {
  receiptNo: '单号',
  register: '收银台',
  cashier: '收银员',
  time: '时间',
  subtotal: '小计',
  discount: '优惠',
  total: '合计',
  taxIncluded: '含税',
  change: '找零',
  member: '会员',
  pointsEarned: '本次积分',
  pointsBalance: '积分余额',
  invoiceHint: '扫码开具电子发票',
  reprint: '*** 重印 REPRINT ***',
};

export const EN_LABELS: ReceiptLabels = {
  receiptNo: 'Receipt',
  register: 'Register',
  cashier: 'Cashier',
  time: 'Time',
  subtotal: 'Subtotal',
  discount: 'Discount',
  total: 'TOTAL',
  taxIncluded: 'Tax incl.',
  change: 'Change',
  member: 'Member',
  pointsEarned: 'Points earned',
  pointsBalance: 'Points balance',
  invoiceHint: 'Scan for your e-invoice',
  reprint: '*** REPRINT ***',
};

export function paidInCash(receipt: Receipt): boolean {
  return receipt.tenders.some((tender) => tender.kind === 'cash' && tender.amount > 0);
}
