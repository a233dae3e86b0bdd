// The register's command map: every command the UI (or a test, or the browser-mode host) may send
// to the register core, with its argument schema and answer type, one section per domain.
import { z } from 'zod';
import type { CompletedSaleView } from './views';
import type {
  CardCancelView,
  CartView,
  ParkedCartView,
  ReceiptPreviewView,
  ReprintView,
  ProductView,
  StaffSession,
  SyncStatusView,
  WorkProgressView,
  TenderOutcome,
  WalletCancelView,
  WalletProgressView,
} from './views';
import { command, mergeCommandMaps } from './command';
import { membersCommands } from './members-commands';
import { returnsCommands } from './returns-commands';
import { shiftCommands } from './shift-commands';
import { stocktakeCommands } from './stocktake-commands';
import { inventoryCommands } from './inventory-commands';
import { settingsCommands } from './settings-commands';
import { reportsCommands } from './reports-commands';
import { devicesCommands, scaleCommands } from './devices-commands';
import { recsCommands } from './recs-commands';

const id = z.string().min(1).max(64);
const minor = z.number().int().min(0).max(1_000_000_000);
const reason = z.string().trim().min(1).max(200);
const manualDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(10_000) }),
  z.object({ kind: z.literal('amount'), amount: minor.min(1) }),
]);
const permission = z.enum([
  'sale.priceOverride',
  'sale.manualDiscount',
  'return.blind',
  'return.toCashOverride',
  'drawer.noSale',
  'shift.cashInOut',
  'shift.xReport',
  'shift.zReport',
  'stocktake.post',
  'devices.choosePort',
]);

export const authCommands = {
  'auth.login': command(z.object({ staffId: id, pin: z.string().max(16) })).returns<StaffSession>(),
  'auth.logout': command(z.object({})).returns<null>(),
  'auth.session': command(z.object({})).returns<StaffSession | null>(),
  /** A supervisor or manager signs off one action; the answer is a single-use approval id. */
  'auth.approve': command(
    z.object({ approverId: id, pin: z.string().max(16), permission }),
  ).returns<{ approvalId: string; expiresAt: number }>(),
};

export const catalogCommands = {
  'catalog.lookup': command(z.object({ code: z.string().min(1).max(64) })).returns<ProductView>(),
  'catalog.search': command(
    z.object({
      query: z.string().trim().min(1).max(100),
      limit: z.number().int().min(1).max(50).optional(),
    }),
  ).returns<readonly ProductView[]>(),
};

export const checkoutCommands = {
  'checkout.start': command(z.object({})).returns<CartView>(),
  'checkout.current': command(z.object({})).returns<CartView | null>(),
  'checkout.scan': command(z.object({ code: z.string().min(1).max(256) })).returns<CartView>(),
  'checkout.addProduct': command(
    z.object({
      productId: z.number().int().positive(),
      quantity: z.number().int().min(1).max(9_999).optional(),
      grams: z.number().int().min(1).max(100_000).optional(),
    }),
  ).returns<CartView>(),
  'checkout.setQuantity': command(
    z.object({ lineId: id, quantity: z.number().int().min(1).max(9_999) }),
  ).returns<CartView>(),
  'checkout.weigh': command(
    z.object({ lineId: id, grams: z.number().int().min(1).max(100_000) }),
  ).returns<CartView>(),
  'checkout.voidLine': command(z.object({ lineId: id, reason })).returns<CartView>(),
  'checkout.overridePrice': command(
    z.object({ lineId: id, unitPrice: minor, reason, approvalId: id.optional() }),
  ).returns<CartView>(),
  /**
   * A manual discount keyed in on one line, or on the whole sale (`checkout.discountSale`): a
   * percentage in basis points or an amount off. Within the cashier's limit it applies at once;
   * above it, it needs a supervisor's approval (`auth.approvalRequired` without one). Replaces the
   * line's or the sale's discount; audited with its reason.
   */
  'checkout.discountLine': command(
    z.object({ lineId: id, discount: manualDiscount, reason, approvalId: id.optional() }),
  ).returns<CartView>(),
  'checkout.discountSale': command(
    z.object({ discount: manualDiscount, reason, approvalId: id.optional() }),
  ).returns<CartView>(),
  /** Takes a manual discount off a line, or off the whole sale when no line is named. */
  'checkout.removeDiscount': command(z.object({ lineId: id.optional() })).returns<CartView>(),
  'checkout.applyCoupon': command(
    z.object({ code: z.string().trim().min(1).max(64) }),
  ).returns<CartView>(),
  'checkout.tenderCash': command(z.object({ tendered: minor })).returns<TenderOutcome>(),
  /**
   * Pays by card on the terminal: the amount due when left out, a part of it for a split. Progress
   * arrives as `card.progress` events; a decline or a timeout leaves the cart as it was.
   */
  'checkout.tenderCard': command(
    z.object({ amount: minor.min(1).optional() }),
  ).returns<TenderOutcome>(),
  /** Cancels the card payment in flight (or left open): answered once the terminal is settled. */
  'checkout.cancelCard': command(z.object({})).returns<CardCancelView>(),
  /**
   * Pays by WeChat Pay or Alipay with the customer's payment code: the amount due when left out, a
   * part of it for a split. Scanning the code during tender (`checkout.scan`) does the same for
   * the amount due. Progress arrives as `wallet.progress` events; offline is refused at once
   * (`wallet.offline`: take cash or card); still unconfirmed after the server's hold answers
   * `checkout.walletPending` and the payment goes on.
   */
  'checkout.tenderWallet': command(
    z.object({
      code: z.string().trim().min(1).max(64),
      amount: minor.min(1).optional(),
    }),
  ).returns<TenderOutcome>(),
  /**
   * The fallback when the customer's code cannot be scanned: the store's QR for WeChat Pay or
   * Alipay, for the amount due (or a part), shown on the customer display (`wallet.progress`
   * carries it) for the customer to scan and pay. Answers `checkout.walletPending` while it waits;
   * the payment lands on the sale once paid, or the QR is closed when its time is up.
   */
  'checkout.tenderWalletQr': command(
    z.object({
      wallet: z.enum(['wechatPay', 'alipay']),
      amount: minor.min(1).optional(),
    }),
  ).returns<TenderOutcome>(),
  /** The open cart's latest wallet payment, asked of the server if unsettled (and applied if paid). */
  'checkout.walletStatus': command(z.object({})).returns<WalletProgressView>(),
  /** Cancels the wallet payment in flight (or left unsettled): the server reverses it. */
  'checkout.cancelWallet': command(z.object({})).returns<WalletCancelView>(),
  'checkout.attachMember': command(
    z.object({ query: z.string().trim().min(3).max(32) }),
  ).returns<CartView>(),
  'checkout.detachMember': command(z.object({})).returns<CartView>(),
  /** Pays part of the sale with the attached member's points. */
  'checkout.tenderPoints': command(
    z.object({ points: z.number().int().min(1).max(100_000_000) }),
  ).returns<TenderOutcome>(),
  'checkout.cancel': command(z.object({ reason })).returns<null>(),
  'checkout.park': command(z.object({})).returns<ParkedCartView>(),
  'checkout.recall': command(z.object({ cartId: id })).returns<CartView>(),
  'checkout.parked': command(z.object({})).returns<readonly ParkedCartView[]>(),
};

export const receiptCommands = {
  'receipts.get': command(z.object({ saleId: id })).returns<CompletedSaleView>(),
  /** A copy for the customer, marked REPRINT (never opens the drawer); audited. */
  'receipts.reprint': command(z.object({ saleId: id })).returns<ReprintView>(),
  /** The receipt as the printer lays it out, for the screen. */
  'receipts.preview': command(z.object({ saleId: id })).returns<ReceiptPreviewView>(),
};

export const drawerCommands = {
  /** Opens the cash drawer without a sale: needs `drawer.noSale` (a supervisor); audited. */
  'drawer.open': command(z.object({ reason, approvalId: id.optional() })).returns<null>(),
};

export const syncCommands = {
  'sync.status': command(z.object({})).returns<SyncStatusView>(),
  /** The long work running now (its latest progress), or null: what a screen opened midway shows. */
  'work.current': command(z.object({})).returns<WorkProgressView | null>(),
};

export const REGISTER_COMMANDS = mergeCommandMaps(
  authCommands,
  catalogCommands,
  checkoutCommands,
  receiptCommands,
  drawerCommands,
  syncCommands,
  returnsCommands,
  membersCommands,
  shiftCommands,
  stocktakeCommands,
  inventoryCommands,
  settingsCommands,
  reportsCommands,
  devicesCommands,
  scaleCommands,
  recsCommands,
);

export type RegisterCommands = typeof REGISTER_COMMANDS;
export type RegisterCommandName = keyof RegisterCommands;
