// Records a paid sale in one durable transaction: the sale with its lines and payments, the stock
// leaving the store, the receipt number, the audit row and the outbox row the server will receive.
// Either all of it is on disk when the customer leaves, or none of it is.
import type { CartTotals, Cart } from '../../app/cart';
import type { CompletedSaleView, TenderView } from '../../app/commands';
import { createOrder, completeCounterSale } from '../../app/orders';
import type { AppliedTender, CompletedPayment } from '../../app/tenders';
import { writeAudit } from '../audit/audit-log';
import { newId } from '../core/ids';
import { appendOutbox } from '../outbox/outbox';
import { deductForSale } from '../stock/cart-stock';
import { durableTransaction } from '../store/durable-transaction';
import { takeNext } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { deleteCart } from './cart-rows';
import { DEFAULT_EARN_RULE, checkMayUsePoints, pointsForPayment } from '../../app/members';
import { memberById } from '../members/member-store';
import { updateMemberPoints } from '../members/member-points';
import { statement } from '../store/statement-cache';

export function tenderView(tender: AppliedTender): TenderView {
  switch (tender.kind) {
    case 'cash':
      return {
        kind: 'cash',
        amount: tender.amount.amount,
        tendered: tender.tendered.amount,
        change: tender.change.amount,
      };
    case 'card':
      return {
        kind: 'card',
        amount: tender.amount.amount,
        maskedPan: tender.pan,
        authCode: tender.authCode,
        terminalRef: tender.terminalRef,
      };
    case 'wallet':
      return {
        kind: 'wallet',
        amount: tender.amount.amount,
        wallet: tender.provider,
        ...(tender.paymentCode === null ? {} : { maskedCode: tender.paymentCode }),
        providerTransactionId: tender.providerTransactionId,
      };
    case 'points':
    case 'voucher':
      return { kind: tender.kind, amount: tender.amount.amount };
    default: {
      const unknown: never = tender;
      throw new Error(`Unknown tender ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * What a payment row keeps: the applied tender whole, so a refund can go back the way the money
 * came. Its types hold no full card number (app/tenders' MaskedPan), so neither does the row.
 */
function tenderDetails(tender: AppliedTender): AppliedTender {
  return tender;
}

export function recordSale(
  db: RegisterDb,
  sale: Readonly<{
    registerId: string;
    cart: Cart;
    totals: CartTotals;
    payment: CompletedPayment;
    at: number;
    /** More writes that belong to the sale (a card attempt closed, the receipt's print job). */
    inTransaction?: (sale: CompletedSaleView) => void;
  }>,
): CompletedSaleView {
  const { cart, totals, payment, at } = sale;
  const saleId = newId();
  const priced = totals.priced;
  const active = cart.lines.filter((l) => l.status.kind === 'active');

  // The order walks pending → paid → completed; its effects say what stock and points do.
  const quantities = new Map<number, number>();
  for (const line of active) {
    const quantity =
      line.quantity.kind === 'each' ? line.quantity.units : (line.quantity.grams ?? 0);
    const productId = Number(line.product.id);
    quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  }
  const created = createOrder(
    {
      id: saleId,
      storeId: cart.storeId,
      channel: 'counter',
      ...(cart.member ? { memberId: cart.member.memberId } : {}),
      lines: [...quantities].map(([productId, quantity]) => ({
        productId: String(productId),
        quantity,
      })),
      total: priced.totals.total,
    },
    at,
  );
  if (!created.ok) throw new Error(created.error.message);
  const completed = completeCounterSale(created.value.order, at);
  if (!completed.ok) throw new Error(completed.error.message);
  // Points paid for by points earn nothing: only the money part of the payment earns.
  const pointsValue = payment.tenders
    .filter((t) => t.kind === 'points')
    .reduce((sum, t) => sum + t.amount.amount, 0);
  const member = cart.member ? memberById(db, cart.member.memberId) : undefined;
  const mayEarn = member !== undefined && checkMayUsePoints(member, 'earn').ok;
  const pointsEarned = mayEarn
    ? pointsForPayment(priced.totals.total.amount - pointsValue, cart.currency, DEFAULT_EARN_RULE)
    : 0;

  const tenders = payment.tenders.map(tenderView);
  // What the customer actually handed over net of change: the total plus the cash rounding.
  const paidAmount =
    payment.tenders.reduce((sum, t) => sum + t.amount.amount, 0) + payment.cashRounding.amount;
  const view = durableTransaction(db, () => {
    const receiptNo = takeNext(db, 'receipt_no');
    const result: CompletedSaleView = {
      saleId,
      receiptNo,
      total: priced.totals.total.amount,
      paid: paidAmount,
      change: payment.change.amount,
      cashRounding: payment.cashRounding.amount,
      pointsEarned,
      tenders,
      openDrawer: payment.tenders.some((t) => t.kind === 'cash'),
    };
    statement(
      db,
      `INSERT INTO sale (id, receipt_no, register_id, store_id, status, cashier_id, member_id,
         currency, subtotal, discount_total, tax_total, total, cash_rounding, paid, change_given,
         points_earned, receipt, opened_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      saleId,
      receiptNo,
      sale.registerId,
      cart.storeId,
      completed.value.order.status,
      cart.staffId,
      cart.member?.memberId ?? null,
      cart.currency,
      priced.totals.subtotal.amount,
      priced.totals.discountTotal.amount,
      priced.totals.taxTotal.amount,
      priced.totals.total.amount,
      payment.cashRounding.amount,
      paidAmount,
      payment.change.amount,
      pointsEarned,
      JSON.stringify({ lines: priced.lines, totals: priced.totals, tenders }),
      cart.openedAt,
      at,
    );
    const insertLine = statement(
      db,
      `INSERT INTO sale_line (sale_id, line_no, line_id, product_id, gtin14, name, quantity, sold_by,
         unit_price, gross, discount, net, tax_rate_bp)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const pricedById = new Map(priced.lines.map((l) => [l.lineId, l]));
    active.forEach((line, index) => {
      const p = pricedById.get(line.lineId);
      const quantity =
        line.quantity.kind === 'each' ? line.quantity.units : (line.quantity.grams ?? 0);
      const gross = p?.gross.amount ?? 0;
      const net = p?.net.amount ?? 0;
      insertLine.run(
        saleId,
        index + 1,
        line.lineId,
        Number(line.product.id),
        line.product.gtins[0] ?? '',
        line.product.defaultName,
        quantity,
        line.product.soldBy,
        line.price.unitPrice,
        gross,
        p?.discount.amount ?? 0,
        net,
        line.taxRateBasisPoints,
      );
    });
    const insertPayment = statement(
      db,
      'INSERT INTO sale_payment (sale_id, seq, kind, amount, details) VALUES (?, ?, ?, ?, ?)',
    );
    payment.tenders.forEach((tender, index) => {
      insertPayment.run(
        saleId,
        index + 1,
        tender.kind,
        tender.amount.amount,
        JSON.stringify(tenderDetails(tender)),
      );
    });
    const stock = deductForSale(db, {
      storeId: cart.storeId,
      cartId: cart.cartId,
      saleId,
      quantities,
      at,
    });
    deleteCart(db, cart.cartId);
    if (member !== undefined) {
      updateMemberPoints(db, member, {
        saleId,
        pointsUsed: payment.pointsUsed,
        pointsEarned,
        total: result.total,
        at,
      });
    }
    writeAudit(db, {
      at,
      staffId: cart.staffId,
      action: 'sale.completed',
      subject: saleId,
      details: { receiptNo, total: result.total },
    });
    appendOutbox(db, {
      registerId: sale.registerId,
      type: 'sale.completed',
      at,
      saleTotal: result.total,
      payload: {
        saleId,
        receiptNo,
        storeId: cart.storeId,
        cashierId: cart.staffId,
        memberId: cart.member?.memberId ?? null,
        currency: cart.currency,
        total: result.total,
        pointsEarned,
        pointsUsed: payment.pointsUsed,
        lines: active.map((line) => ({
          lineId: line.lineId,
          productId: line.product.id,
          gtin14: line.product.gtins[0] ?? '',
          quantity:
            line.quantity.kind === 'each' ? line.quantity.units : (line.quantity.grams ?? 0),
          net: pricedById.get(line.lineId)?.net.amount ?? 0,
        })),
        payments: payment.tenders.map(tenderDetails),
        stockReconciliations: stock.reconciliations,
        lowStock: stock.alerts,
        completedAt: at,
      },
    });
    sale.inTransaction?.(result);
    return result;
  });
  return view;
}
