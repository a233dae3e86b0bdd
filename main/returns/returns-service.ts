// Returns: a sale found by its receipt number is refunded line by line back to the tenders it was
// paid with (app/tenders planRefund); a return without a receipt needs a manager and is paid in
// cash. Each refund is one durable transaction with its stock, audit and outbox rows. A wallet
// part goes back through the provider first (main/wallet), under a refund id fixed by the sale and
// the refund's number, so a return repeated after a crash or a lost answer refunds once; a card
// part goes back to the same card through the terminal first (card-refunds.ts), its attempt on
// disk before the REFUND is sent. Cash instead of the card needs a manager's
// `return.toCashOverride` approval.
import type { Permission } from '../../app/auth';
import { parseBarcode } from '../../app/barcode';
import type {
  RefundView,
  ReturnableLineView,
  ReturnableSaleView,
  returnsCommands,
} from '../../app/commands/returns-commands';
import { receiveStock } from '../../app/inventory';
import type { CashRounding } from '../../app/money';
import { money, roundCash } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { AppliedTender, RefundLine } from '../../app/tenders';
import { planRefund } from '../../app/tenders';
import { writeAudit } from '../audit/audit-log';
import { approvedAction } from '../auth/approved-action';
import type { AuthService } from '../auth/auth-service';
import { lookupByGtin } from '../catalog';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock, Logger } from '../core/ports';
import type { CardTerminal } from '../devices/register-devices';
import { createCardRefunds } from './card-refunds';
import type { WalletPayments } from '../wallet/wallet-payments';
import { appendOutbox } from '../outbox/outbox';
import { readStockLevel, writeStockChange } from '../stock/stock-rows';
import { takeNext } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { durableResultTransaction } from '../store/result-transaction';

interface SaleRow {
  id: string;
  receipt_no: number;
  member_id: string | null;
  currency: string;
  total: number;
  points_earned: number;
  completed_at: number;
}

interface LineRow {
  line_no: number;
  product_id: number;
  name: string;
  sold_by: 'each' | 'weight';
  quantity: number;
  net: number;
  returned_quantity: number;
  returned_amount: number;
}

interface RefundRecord {
  readonly saleId: string | null;
  readonly staffId: string;
  /**
   * The permission the refund needs beyond a cashier's, checked (and any approval consumed) in
   * the refund's own transaction, so an approval is used only if the refund is.
   */
  readonly permission: Permission | null;
  readonly approvalId: string | undefined;
  readonly reason: string;
  readonly restock: boolean;
  readonly lines: readonly {
    lineNo: number;
    productId: number;
    quantity: number;
    amount: number;
  }[];
  /** A wallet line keeps the refund id it was given back under at the provider. */
  readonly payments: readonly (RefundLine & { readonly walletRefundId?: string })[];
  readonly amount: number;
  readonly cashOut: number;
  readonly cashRounding: number;
  readonly pointsBack: number;
  readonly pointsClawedBack: number;
  /** Card refund attempts this refund records (card-refunds.ts). */
  readonly cardAttemptIds: readonly string[];
}

export function createReturnsService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    registerId: string;
    storeId: string;
    cashRounding: CashRounding;
    wallets: WalletPayments;
    logger: Logger;
    terminal?: CardTerminal;
  }>,
): Handlers<typeof returnsCommands> {
  const { db, clock, auth } = options;
  const cards = createCardRefunds({
    db,
    clock,
    logger: options.logger,
    terminal: options.terminal,
  });
  /** Sales with a wallet or card refund on its way: a second return of the sale waits its turn. */
  const refunding = new Set<string>();

  /**
   * Gives the wallet lines back through the provider. The refund id is the sale, the refund's
   * number on it and the tender's position: a return repeated after a crash between the
   * provider's refund and the local record names the same refund, which the provider makes once.
   */
  async function refundWallets(
    saleId: string,
    lines: readonly RefundLine[],
  ): Promise<Result<RefundRecord['payments']>> {
    const refundNo =
      (db
        .prepare<[string], number>('SELECT count(*) FROM refund WHERE sale_id = ?')
        .pluck()
        .get(saleId) ?? 0) + 1;
    const out: RefundRecord['payments'][number][] = [];
    for (const line of lines) {
      if (line.kind !== 'wallet') {
        out.push(line);
        continue;
      }
      const attempt = options.wallets.byTransaction(line.providerTransactionId);
      if (attempt === undefined) {
        return err(
          'returns.walletPaymentUnknown',
          'This register has no record of that wallet payment: refund it from head office, or a manager may approve cash.',
        );
      }
      const walletRefundId = `${saleId}.r${refundNo}.t${line.originalIndex}`;
      const refunded = await options.wallets.refund(
        attempt.saleId,
        walletRefundId,
        line.amount,
        attempt.attempt,
      );
      if (!refunded.ok) {
        const name = line.provider === 'wechatPay' ? 'WeChat Pay' : 'Alipay';
        return refunded.error.code === 'wallet.offline'
          ? err(
              'wallet.offline',
              `No connection to the payment server: the ${name} part goes back to the customer's ${name} and cannot be refunded now. Try again when the register is online, or a manager may approve cash.`,
            )
          : refunded;
      }
      out.push({ ...line, walletRefundId });
    }
    return ok(out);
  }

  function saleLines(saleId: string): LineRow[] {
    return db
      .prepare<[string], LineRow>(
        `SELECT l.line_no, l.product_id, l.name, l.sold_by, l.quantity, l.net,
                coalesce(sum(r.quantity), 0) AS returned_quantity,
                coalesce(sum(r.amount), 0) AS returned_amount
         FROM sale_line l
         LEFT JOIN refund f ON f.sale_id = l.sale_id
         LEFT JOIN refund_line r ON r.refund_id = f.id AND r.line_no = l.line_no
         WHERE l.sale_id = ? GROUP BY l.line_no ORDER BY l.line_no`,
      )
      .all(saleId);
  }

  function lineView(row: LineRow): ReturnableLineView {
    return {
      lineNo: row.line_no,
      productId: row.product_id,
      name: row.name,
      soldBy: row.sold_by,
      quantity: row.quantity,
      net: row.net,
      returnedQuantity: row.returned_quantity,
      returnedAmount: row.returned_amount,
    };
  }

  function record(refund: RefundRecord): Result<RefundView> {
    const at = clock.now();
    const refundId = newId();
    return durableResultTransaction(db, (): Result<RefundView> => {
      let approverId: string | null = null;
      if (refund.permission !== null) {
        const acting = approvedAction(auth, refund.permission, refund.approvalId);
        if (!acting.ok) return acting;
        approverId = acting.value.approverId;
      }
      const receiptNo = takeNext(db, 'receipt_no');
      db.prepare(
        `INSERT INTO refund (id, receipt_no, sale_id, staff_id, approver_id, reason, amount, cash_out,
           cash_rounding, points_back, points_clawed_back, restock, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        refundId,
        receiptNo,
        refund.saleId,
        refund.staffId,
        approverId,
        refund.reason,
        refund.amount,
        refund.cashOut,
        refund.cashRounding,
        refund.pointsBack,
        refund.pointsClawedBack,
        refund.restock ? 1 : 0,
        at,
      );
      const insertLine = db.prepare(
        'INSERT INTO refund_line (refund_id, line_no, product_id, quantity, amount) VALUES (?, ?, ?, ?, ?)',
      );
      const restocked = new Map<number, number>();
      for (const line of refund.lines) {
        insertLine.run(refundId, line.lineNo, line.productId, line.quantity, line.amount);
        restocked.set(line.productId, (restocked.get(line.productId) ?? 0) + line.quantity);
      }
      const insertPayment = db.prepare(
        'INSERT INTO refund_payment (refund_id, seq, kind, amount, details) VALUES (?, ?, ?, ?, ?)',
      );
      refund.payments.forEach((p, index) =>
        insertPayment.run(refundId, index + 1, p.kind, p.amount.amount, JSON.stringify(p)),
      );
      cards.markRecorded(refund.cardAttemptIds, refundId);
      if (refund.restock) {
        for (const [productId, quantity] of restocked) {
          const level = readStockLevel(db, options.storeId, productId);
          const received = receiveStock(level, quantity, {
            orderId: refundId,
            reason: 'customer return',
          });
          if (!received.ok) throw new Error(received.error.message);
          writeStockChange(db, level, received.value.state, received.value.log, at);
        }
      }
      writeAudit(db, {
        at,
        staffId: refund.staffId,
        action: refund.saleId === null ? 'return.blind' : 'return.withReceipt',
        subject: refundId,
        details: {
          saleId: refund.saleId,
          amount: refund.amount,
          approverId,
          reason: refund.reason,
        },
      });
      appendOutbox(db, {
        registerId: options.registerId,
        type: 'refund.completed',
        at,
        payload: {
          refundId,
          receiptNo,
          saleId: refund.saleId,
          storeId: options.storeId,
          amount: refund.amount,
          restock: refund.restock,
          lines: refund.lines,
          payments: refund.payments,
          pointsClawedBack: refund.pointsClawedBack,
          createdAt: at,
        },
      });
      return ok({
        refundId,
        receiptNo,
        amount: refund.amount,
        tenders: refund.payments.map((p) => ({ kind: p.kind, amount: p.amount.amount })),
        cashOut: refund.cashOut,
        pointsClawedBack: refund.pointsClawedBack,
        openDrawer: refund.cashOut > 0,
      });
    });
  }

  return {
    'returns.findSale': ({ receiptNo }): Result<ReturnableSaleView> => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const sale = db
        .prepare<[number], SaleRow>('SELECT * FROM sale WHERE receipt_no = ?')
        .get(receiptNo);
      if (!sale)
        return err(
          'returns.saleNotFound',
          `No sale with receipt number ${receiptNo} on this register`,
        );
      return ok({
        saleId: sale.id,
        receiptNo: sale.receipt_no,
        completedAt: sale.completed_at,
        memberId: sale.member_id,
        total: sale.total,
        lines: saleLines(sale.id).map(lineView),
      });
    },

    'returns.refund': async ({ saleId, lines, reason, restock, cashOverrideApprovalId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const sale = db.prepare<[string], SaleRow>('SELECT * FROM sale WHERE id = ?').get(saleId);
      if (!sale) return err('returns.saleNotFound', 'That sale is not on this register');
      const known = new Map(saleLines(saleId).map((l) => [l.line_no, l]));
      const wanted = new Map<number, number>();
      for (const l of lines) wanted.set(l.lineNo, (wanted.get(l.lineNo) ?? 0) + l.quantity);
      const refundLines: RefundRecord['lines'][number][] = [];
      for (const [lineNo, quantity] of wanted) {
        const line = known.get(lineNo);
        if (!line) return err('returns.lineNotFound', `The sale has no line ${lineNo}`);
        const left = line.quantity - line.returned_quantity;
        if (quantity > left) {
          return err('returns.tooMany', `Only ${left} of ${line.name} can still be returned`, {
            lineNo,
            left,
          });
        }
        // The last units returned take whatever is left of the line, so a line refunded in parts
        // never returns more (or less) than it was sold for.
        const amount =
          quantity === left
            ? line.net - line.returned_amount
            : Math.floor((line.net * quantity) / line.quantity);
        refundLines.push({ lineNo, productId: line.product_id, quantity, amount });
      }
      const amount = refundLines.reduce((sum, l) => sum + l.amount, 0);
      if (amount <= 0)
        return err('returns.nothingToRefund', 'These lines were free: nothing to refund');

      {
        const paid = db
          .prepare<[string], { details: string }>(
            'SELECT details FROM sale_payment WHERE sale_id = ? ORDER BY seq',
          )
          .all(saleId)
          .map((r) => JSON.parse(r.details) as AppliedTender);
        const previousRefunds = db
          .prepare<[string], { details: string }>(
            `SELECT p.details FROM refund_payment p JOIN refund f ON f.id = p.refund_id
             WHERE f.sale_id = ? ORDER BY f.created_at, p.seq`,
          )
          .all(saleId)
          .map((r) => JSON.parse(r.details) as RefundLine);
        const plan = planRefund({
          paid,
          previousRefunds,
          amount: money(amount, sale.currency),
          cashRounding: options.cashRounding,
          cashOverrideApproved: cashOverrideApprovalId !== undefined,
        });
        if (!plan.ok) return plan;
        const pointsClawedBack =
          sale.total > 0 ? Math.floor((sale.points_earned * amount) / sale.total) : 0;
        let payments: RefundRecord['payments'] = plan.value.lines;
        let cardAttemptIds: readonly string[] = [];
        if (plan.value.lines.some((l) => l.kind === 'wallet' || l.kind === 'card')) {
          if (refunding.has(saleId)) {
            return err(
              'returns.refundInProgress',
              'A refund of this sale is being sent to the card terminal or the wallet provider: wait for it to finish.',
            );
          }
          refunding.add(saleId);
          try {
            // Card lines back to the same card (a manager's cash override has none left).
            const carded = await cards.refund(saleId, plan.value.lines);
            if (!carded.ok) return carded;
            cardAttemptIds = carded.value.attemptIds;
            const given = await refundWallets(saleId, carded.value.lines);
            if (!given.ok) return given;
            payments = given.value;
          } finally {
            refunding.delete(saleId);
          }
        }
        return record({
          saleId,
          staffId: session.value.staffId,
          permission: cashOverrideApprovalId === undefined ? null : 'return.toCashOverride',
          approvalId: cashOverrideApprovalId,
          reason,
          restock,
          lines: refundLines,
          payments,
          amount,
          cashOut: plan.value.cashOut.amount,
          cashRounding: plan.value.cashRounding.amount,
          pointsBack: plan.value.pointsBack,
          pointsClawedBack,
          cardAttemptIds,
        });
      }
    },

    'returns.blind': ({ code, quantity, reason, restock, approvalId }) => {
      const parsed = parseBarcode(code);
      if (!parsed.ok) return parsed;
      if (parsed.value.kind !== 'gtin')
        return err('returns.notAProduct', 'Scan the product barcode');
      const product = lookupByGtin(db, parsed.value.gtin14);
      if (!product)
        return err('returns.unknownProduct', `No product with barcode ${parsed.value.gtin}`);
      if (product.soldBy === 'weight') {
        return err('returns.blindWeighed', 'Weighed goods cannot be returned without a receipt');
      }
      {
        const session = auth.requireSession();
        if (!session.ok) return session;
        const amount = product.price.amount * quantity;
        if (amount <= 0)
          return err('returns.nothingToRefund', 'This product was free: nothing to refund');
        const cashOut = roundCash(amount, options.cashRounding);
        return record({
          saleId: null,
          staffId: session.value.staffId,
          permission: 'return.blind',
          approvalId,
          reason,
          restock,
          lines: [{ lineNo: 1, productId: product.id, quantity, amount }],
          payments: [
            {
              kind: 'cash',
              insteadOf: 'cash',
              originalIndex: 0,
              amount: money(amount, product.price.currency),
            },
          ],
          amount,
          cashOut,
          cashRounding: cashOut - amount,
          pointsBack: 0,
          pointsClawedBack: 0,
          cardAttemptIds: [],
        });
      }
    },
  };
}
