// A recorded sale as the printer's Receipt: read back from the sale's own rows (never re-priced),
// so the first print, a reprint and the screen preview show the same thing. Cards appear only as
// the masked PAN the payment row holds; wallets as their name, masked code and transaction id.
import type { AppliedTender } from '../../app/tenders';
import type { Receipt } from '../../hardware';
import type { PricingTotals, PricedLine } from '../../app/pricing';
import { memberById } from '../members/member-store';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/** What the store prints above and below every receipt (the store settings). */
export interface ReceiptHeader {
  readonly storeName: string;
  readonly address?: string;
  readonly phone?: string;
  readonly footer: readonly string[];
  /** Local time on paper: the store's offset from UTC. */
  readonly utcOffsetMinutes: number;
}

interface SaleRow {
  receipt_no: number;
  register_id: string;
  cashier_id: string;
  member_id: string | null;
  currency: string;
  subtotal: number;
  discount_total: number;
  total: number;
  change_given: number;
  points_earned: number;
  receipt: string;
  completed_at: number;
}

interface LineRow {
  line_id: string;
  name: string;
  quantity: number;
  sold_by: 'each' | 'weight';
  unit_price: number;
  net: number;
}

type ReceiptTender = Receipt['tenders'][number];

function tenderLine(tender: AppliedTender): ReceiptTender {
  switch (tender.kind) {
    case 'cash':
      // The cash handed over; the change is its own line below.
      return { kind: 'cash', label: '现金 Cash', amount: tender.tendered.amount };
    case 'card':
      return { kind: 'card', label: `银行卡 ${tender.pan}`, amount: tender.amount.amount };
    case 'points':
      return { kind: 'points', label: `积分 ${tender.points}`, amount: tender.amount.amount };
    case 'voucher':
      return { kind: 'voucher', label: '券 Voucher', amount: tender.amount.amount };
    case 'wallet':
      // The name in both languages, then what the customer and the provider can match it by:
      // the masked code (as on the phone), or that the customer scanned the store's QR, and the
      // provider's transaction id.
      return {
        kind: tender.provider,
        label: tender.provider === 'wechatPay' ? '微信支付 WeChat Pay' : '支付宝 Alipay',
        amount: tender.amount.amount,
        details: [
          tender.paymentCode === null
            ? '扫码付款 Paid by store QR'
            : `付款码 Code ${tender.paymentCode}`,
          `交易号 Txn ${tender.providerTransactionId}`,
        ],
      };
    default: {
      const unknown: never = tender;
      throw new Error(`Unknown tender ${JSON.stringify(unknown)}`);
    }
  }
}

function quantityText(line: LineRow): string {
  return line.sold_by === 'weight'
    ? `${(line.quantity / 1000).toFixed(3)} kg`
    : String(line.quantity);
}

/** Shows the last four characters of a member code: enough for the member to recognise it. */
function maskMemberCode(code: string): string {
  return code.length <= 4 ? code : `${'*'.repeat(code.length - 4)}${code.slice(-4)}`;
}

export function saleReceiptNo(db: RegisterDb, saleId: string): number | undefined {
  return statement<[string], number>(db, 'SELECT receipt_no FROM sale WHERE id = ?')
    .pluck()
    .get(saleId);
}

/** The sale's receipt, or undefined when no sale has that id on this register. */
export function saleReceipt(
  db: RegisterDb,
  saleId: string,
  header: ReceiptHeader,
): Receipt | undefined {
  const sale = statement<[string], SaleRow>(
    db,
    `SELECT receipt_no, register_id, cashier_id, member_id, currency, subtotal, discount_total,
       total, change_given, points_earned, receipt, completed_at FROM sale WHERE id = ?`,
  ).get(saleId);
  if (sale === undefined) return undefined;
  const stored = JSON.parse(sale.receipt) as { lines: PricedLine[]; totals: PricingTotals };
  const priced = new Map(stored.lines.map((l) => [l.lineId, l]));
  const lines = statement<[string], LineRow>(
    db,
    `SELECT line_id, name, quantity, sold_by, unit_price, net FROM sale_line
     WHERE sale_id = ? ORDER BY line_no`,
  )
    .all(saleId)
    .map((line) => ({
      name: line.name,
      quantity: quantityText(line),
      unitPrice: line.unit_price,
      amount: line.net,
      notes: (priced.get(line.line_id)?.adjustments ?? []).map((a) => ({
        text: a.text,
        amount: -a.saved.amount,
      })),
    }));
  const tenders = statement<[string], string>(
    db,
    'SELECT details FROM sale_payment WHERE sale_id = ? ORDER BY seq',
  )
    .pluck()
    .all(saleId)
    .map((details) => tenderLine(JSON.parse(details) as AppliedTender));
  const cashier =
    statement<[string], string>(db, 'SELECT name FROM staff WHERE id = ?')
      .pluck()
      .get(sale.cashier_id) ?? sale.cashier_id;
  const member = sale.member_id === null ? undefined : memberById(db, sale.member_id);
  return {
    receiptId: String(sale.receipt_no),
    currency: sale.currency,
    store: {
      name: header.storeName,
      ...(header.address ? { address: header.address } : {}),
      ...(header.phone ? { phone: header.phone } : {}),
    },
    registerId: sale.register_id,
    cashier,
    soldAt: sale.completed_at,
    utcOffsetMinutes: header.utcOffsetMinutes,
    lines,
    subtotal: sale.subtotal,
    discount: -sale.discount_total,
    total: sale.total,
    taxes: stored.totals.taxByRate.map((t) => ({
      label: `${t.rateBasisPoints / 100}%`,
      taxable: t.base.amount,
      tax: t.tax.amount,
    })),
    tenders,
    change: sale.change_given,
    ...(member === undefined
      ? {}
      : {
          member: {
            maskedCode: maskMemberCode(member.code),
            earned: sale.points_earned,
            balance: member.points,
          },
        }),
    footer: header.footer,
  };
}
