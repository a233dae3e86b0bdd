// The checkout commands: a cart that survives a crash, scans through app/barcode, stock held per
// cart, cash tender with the store's cash rounding, card tender on the terminal (card-tender.ts),
// wallet tender through the central server (wallet-tender.ts), and the durable record of the paid
// sale.
import type { BarcodeOptions } from '../../app/barcode';
import { parseBarcode, stripSymbologyId } from '../../app/barcode';
import type { TaxMode } from '../../app/catalog';
import type { Cart, CartPolicy, TotalsContext } from '../../app/cart';
import {
  addLine,
  applyCoupon,
  attachMember,
  detachMember,
  cartTotals,
  changeQuantity,
  openCart,
  overridePrice,
  attachApproval,
  totalForTender,
  voidLine,
  weighLine,
} from '../../app/cart';
import type {
  CardProgressView,
  CartView,
  CompletedSaleView,
  ParkedCartView,
  TenderOutcome,
  WalletProgressView,
  checkoutCommands,
} from '../../app/commands';
import { DEFAULT_EARN_RULE, checkMayUsePoints, redeemableOnRegister } from '../../app/members';
import type { CashRounding } from '../../app/money';
import { money, roundCash } from '../../app/money';
import type { Promotion } from '../../app/pricing';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { Payment, PaymentRules, PointsRate, Tender, WalletProvider } from '../../app/tenders';
import { applyTender, completePayment, paymentCodeInScan, startPayment } from '../../app/tenders';
import { findMember, memberById } from '../members/member-store';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { CatalogProduct } from '../catalog';
import { lookupByGtin } from '../catalog';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock, Logger } from '../core/ports';
import type { CardTerminal } from '../devices/register-devices';
import { appendOutbox } from '../outbox/outbox';
import { requireOpenShift } from '../shift/shift-rows';
import { holdForCart, releaseCart } from '../stock/cart-stock';
import { durableTransaction } from '../store/durable-transaction';
import type { RegisterDb } from '../store/register-db';
import type { SavedCart } from './cart-rows';
import { deleteCart, listParkedCarts, loadCart, loadOpenCart, saveCart } from './cart-rows';
import { recordSale, tenderView } from './record-sale';
import { createCardTender } from './card-tender';
import { createWalletTender } from './wallet-tender';
import { manualDiscountHandlers } from './manual-discounts';
import type { WalletPayments } from '../wallet/wallet-payments';
import { loadTaxClasses, toProduct } from './sale-product';
import { statement } from '../store/statement-cache';
import { resultTransaction } from '../store/result-transaction';
import type { PluTable } from '../settings/scale-labels';
import type { ServerContact } from '../leases/server-contact';
import type { FlashLine, FlashUnits } from './flash-lines';
import {
  allowancesOf,
  flashBadges,
  flashLines,
  flashShortfall,
  takeFlashUnits,
  unitsAtFlashPrice,
} from './flash-lines';
import { pluGtin, scaleLabelLine } from '../settings/scale-labels';
import { writeTransaction } from '../store/write-transaction';

export interface StoreSettings {
  readonly storeId: string;
  readonly registerId: string;
  readonly currency: string;
  readonly taxMode: TaxMode;
  readonly cashRounding: CashRounding;
  readonly barcode: BarcodeOptions;
  /** Scale PLU → product GTIN (main/settings/scale-labels). */
  readonly pluTable: PluTable;
  /** What points are worth at the till, e.g. 100 points = ¥1.00. */
  readonly pointsRate: PointsRate;
  /** What a cashier may do alone (the manual discount limit among it). */
  readonly cartPolicy: CartPolicy;
}

export interface CheckoutEvents {
  cartUpdated(view: CartView): void;
  cardProgress(view: CardProgressView): void;
  walletProgress(view: WalletProgressView): void;
}

/** What else a recorded sale sets off: its receipt job, the printer, the drawer. */
export interface SaleHooks {
  /** Inside the sale's durable transaction, after its rows are written. */
  recorded(sale: CompletedSaleView): void;
  /** After the commit. */
  committed(sale: CompletedSaleView): void;
}

export interface CheckoutService {
  readonly handlers: CheckoutHandlers;
  /** Settles a card payment a crash left open, when a terminal is there to ask. */
  settleCardAtStart(): Promise<void>;
  /** Resolves wallet payments a crash left unsettled and applies what was paid to its cart. */
  settleWalletAtStart(): Promise<void>;
  /** Stops background work (following an unsettled wallet payment). */
  close(): void;
}

type CheckoutHandlers = Handlers<typeof checkoutCommands>;

export function createCheckoutService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    /** Read at the start of every command: a manager's change applies from the next one. */
    settings: () => StoreSettings;
    promotions: () => readonly Promotion[];
    events: CheckoutEvents;
    logger: Logger;
    terminal?: CardTerminal;
    sales?: SaleHooks;
    /** Wallet payments (main/wallet); `walletLinked` false: no server, wallet tenders refused. */
    wallets: WalletPayments;
    walletLinked: boolean;
    /** What the register knows of the server's clock: judges its flash-sale leases' expiry. */
    leaseContact: ServerContact;
    /** A member was attached to the cart (the escrow asks their offline allowance). */
    memberAttached?: (memberId: string) => void;
  }>,
): CheckoutService {
  const { db, clock, auth, events } = options;
  let settings = options.settings();
  let taxClasses = loadTaxClasses(db);
  /** Tax classes arrive with the catalog (import or sync): reread when one is not known yet. */
  function taxClassOf(id: string) {
    if (!taxClasses.has(id)) taxClasses = loadTaxClasses(db);
    return taxClasses.get(id);
  }

  /** The cart's flash-sale products now: lease left, member limit left. */
  function flashOf(cart: Cart): readonly FlashLine[] {
    return flashLines(db, options.leaseContact, options.promotions(), cart, clock.now());
  }

  /**
   * Units at the flash price the cart is priced with: live from the lease until payment starts,
   * then frozen at what the payment was started on, so a sale records what the customer paid.
   */
  function allowancesFor(saved: SavedCart, lines: readonly FlashLine[]): FlashUnits {
    return saved.payment === null ? allowancesOf(lines) : (saved.flashQuote ?? {});
  }

  function context(flashSaleAllowances: FlashUnits = {}): TotalsContext {
    return {
      promotions: options.promotions(),
      now: clock.now(),
      flashSaleAllowances,
      earnRule: DEFAULT_EARN_RULE,
    };
  }

  function view(saved: SavedCart): CartView {
    const flash = flashOf(saved.cart);
    const totals = cartTotals(saved.cart, context(allowancesFor(saved, flash)));
    const remaining = saved.payment
      ? saved.payment.remaining.amount
      : totals.priced.totals.total.amount;
    return {
      cart: saved.cart,
      totals,
      status: saved.status,
      tenders: saved.payment ? saved.payment.tenders.map(tenderView) : [],
      remaining,
      remainingInCash: roundCash(remaining, settings.cashRounding),
      ...(flash.length === 0 ? {} : { flashSales: flashBadges(flash, totals) }),
    };
  }

  /** The cart with the flash units its view shows, the quote a later tender is held to. */
  function quoted(saved: SavedCart, shown: CartView): SavedCart {
    if (saved.payment !== null) return saved;
    return { ...saved, flashQuote: unitsAtFlashPrice(shown.totals) };
  }

  /**
   * Before payment starts: a flash price the cart showed and the lease can no longer give (it ran
   * out of time, or out of units) refuses the tender once, with the cart repriced and shown, so
   * the customer is never charged a price nobody told them.
   */
  function checkFlashQuote(saved: SavedCart): Result<void> {
    if (saved.payment !== null || saved.flashQuote === undefined) return ok(undefined);
    // No unit was shown at a flash price, so none can fall short: no need to price the cart.
    if (Object.keys(saved.flashQuote).length === 0) return ok(undefined);
    const flash = flashOf(saved.cart);
    const now = cartTotals(saved.cart, context(allowancesOf(flash)));
    const short = flashShortfall(
      db,
      options.leaseContact,
      saved.flashQuote,
      unitsAtFlashPrice(now),
      flash,
    );
    if (short === undefined) return ok(undefined);
    const repriced = { ...saved, flashQuote: unitsAtFlashPrice(now) };
    store(repriced, clock.now());
    remember(repriced);
    events.cartUpdated(view(repriced));
    return { ok: false, error: short };
  }

  function openNewCart(staffId: string): Result<SavedCart> {
    const opened = openCart({
      cartId: newId(),
      storeId: settings.storeId,
      registerId: settings.registerId,
      staffId,
      currency: settings.currency,
      taxMode: settings.taxMode,
      openedAt: clock.now(),
    });
    if (!opened.ok) return opened;
    // Not saved yet: the first change that succeeds saves it, so a refused command that found no
    // cart leaves no empty one behind.
    return ok({ cart: opened.value, payment: null, status: 'open', parkedAt: null });
  }

  /**
   * The open cart as last committed, kept in memory: the core owns the only connection, so the
   * row need not be read and parsed again on every scan. Updated only after a commit; any crash
   * inside a command forgets it (see the wrapper at the end), so it is reread from the store.
   */
  let openCartKnown: SavedCart | null | undefined;
  function readOpenCart(): SavedCart | undefined {
    if (openCartKnown === undefined) openCartKnown = loadOpenCart(db) ?? null;
    return openCartKnown ?? undefined;
  }
  function remember(saved: SavedCart | null): void {
    openCartKnown = saved;
  }
  /** Saves a cart; the open cart as committed tells which of its lines are on disk already. */
  function store(saved: SavedCart, at: number, stored = openCartKnown ?? undefined): void {
    saveCart(db, saved, at, stored);
  }

  /** The open cart, or a new unsaved one when there is none. */
  function currentCart(): Result<SavedCart> {
    const session = auth.requireSession();
    if (!session.ok) return session;
    const open = readOpenCart();
    return open ? ok(open) : openNewCart(session.value.staffId);
  }

  /** Quantity of a product the cart's active lines need (units, or grams). */
  function wantedOf(cart: Cart, productId: string): number {
    return cart.lines
      .filter((l) => l.status.kind === 'active' && l.product.id === productId)
      .reduce(
        (sum, l) => sum + (l.quantity.kind === 'each' ? l.quantity.units : (l.quantity.grams ?? 0)),
        0,
      );
  }

  /**
   * Applies a change to the open cart: refused once payment started; saved with the stock it
   * holds in one transaction; announced to the screens.
   */
  function changeCart(
    change: (cart: Cart) => Result<Cart>,
    touched: (next: Cart) => readonly string[],
  ): Result<CartView> {
    const current = currentCart();
    if (!current.ok) return current;
    const busy = cardBusy() ?? walletBusy(current.value);
    if (busy !== undefined) return busy;
    if (current.value.payment !== null) {
      return err(
        'checkout.paymentStarted',
        'Payment has started: finish or cancel it before changing the cart',
      );
    }
    const changed = change(current.value.cart);
    if (!changed.ok) return changed;
    const unquoted: SavedCart = { ...current.value, cart: changed.value };
    const shown = view(unquoted);
    const next = quoted(unquoted, shown);
    const at = clock.now();
    writeTransaction(db, () => {
      store(next, at);
      for (const productId of new Set(touched(changed.value))) {
        holdForCart(db, {
          storeId: settings.storeId,
          cartId: next.cart.cartId,
          productId: Number(productId),
          wanted: wantedOf(changed.value, productId),
          at,
        });
      }
    })();
    remember(next);
    events.cartUpdated(shown);
    return ok(shown);
  }

  function addProduct(
    product: CatalogProduct,
    quantity: { units?: number; grams?: number },
  ): Result<CartView> {
    if (!product.active) {
      return err('checkout.notForSale', `${product.name} is not for sale`, {
        gtin14: product.gtin14,
      });
    }
    const taxClass = taxClassOf(product.taxClassId);
    if (taxClass === undefined) {
      return err('checkout.noTaxClass', `${product.name} has no tax class on this register`);
    }
    const lineId = newId();
    return changeCart(
      (cart) =>
        addLine(cart, {
          lineId,
          product: toProduct(product),
          taxClass,
          addedAt: clock.now(),
          ...(quantity.units === undefined ? {} : { quantity: quantity.units }),
          ...(quantity.grams === undefined ? {} : { grams: quantity.grams }),
        }),
      () => [String(product.id)],
    );
  }

  function lineProduct(cart: Cart, lineId: string): string[] {
    const line = cart.lines.find((l) => l.lineId === lineId);
    return line ? [line.product.id] : [];
  }

  /**
   * A customer's payment code is never looked up as a product. With goods in the cart (or a
   * payment under way) it pays what is due; on an empty counter it is refused.
   */
  async function payByScan(code: string): Promise<Result<CartView>> {
    const session = auth.requireSession();
    if (!session.ok) return session;
    const open = readOpenCart();
    const hasGoods = open?.cart.lines.some((l) => l.status.kind === 'active') ?? false;
    if (open === undefined || (!hasGoods && open.payment === null)) {
      return err(
        'checkout.walletCodeOutsideTender',
        'That is a customer’s payment code: scan the goods first, then the code to take payment.',
      );
    }
    const paid = await tenderByWallet({ code }, undefined);
    if (!paid.ok) return paid;
    if (paid.value.status === 'partial') return ok(paid.value.cart);
    // The sale is complete (its view arrives with the `wallet.progress` event): the counter's
    // next, empty cart.
    const next = currentCart();
    return next.ok ? ok(view(next.value)) : next;
  }

  function scan(code: string): Result<CartView> | Promise<Result<CartView>> {
    // The digits the provider wants: the scan without its suffix and AIM symbology id.
    if (paymentCodeInScan(code, settings.barcode) !== undefined) {
      return payByScan(stripSymbologyId(code.trim()).data);
    }
    return scanGoods(code);
  }

  function scanGoods(code: string): Result<CartView> {
    const parsed = parseBarcode(code, { ...settings.barcode, referenceAt: clock.now() });
    if (!parsed.ok) return parsed;
    const scanned = parsed.value;
    switch (scanned.kind) {
      case 'gtin': {
        const product = lookupByGtin(db, scanned.gtin14);
        if (!product)
          return err('checkout.unknownProduct', `No product with barcode ${scanned.gtin}`, {
            gtin14: scanned.gtin14,
          });
        return addProduct(product, {});
      }
      case 'gs1': {
        if (scanned.gtin14 === undefined)
          return err('checkout.notAProduct', 'This label has no product number');
        const product = lookupByGtin(db, scanned.gtin14);
        if (!product)
          return err('checkout.unknownProduct', `No product with barcode ${scanned.gtin14}`, {
            gtin14: scanned.gtin14,
          });
        const grams = product.soldBy === 'weight' ? scanned.weightGrams : undefined;
        return addProduct(product, grams === undefined ? {} : { grams });
      }
      case 'coupon':
        return changeCart(
          (cart) => applyCoupon(cart, scanned.code),
          () => [],
        );
      case 'variableMeasure': {
        // Scale labels carry a PLU, not a GTIN: the store's PLU table says which product it is.
        const gtin14 = pluGtin(settings.pluTable, scanned.itemReference);
        if (gtin14 === undefined)
          return err(
            'checkout.unknownPlu',
            `Scale label item ${scanned.itemReference} is not set up on this register`,
            { plu: scanned.itemReference },
          );
        const product = lookupByGtin(db, gtin14);
        if (!product)
          return err(
            'checkout.unknownProduct',
            `Scale label item ${scanned.itemReference} is set up as ${gtin14}, which is not in the catalog`,
            { gtin14 },
          );
        const line = scaleLabelLine(product, scanned);
        return line.ok ? addProduct(line.value.product, line.value.quantity) : line;
      }
      case 'member':
        // The member card scanned at the till puts its member on the sale, as a swipe does.
        return attach(scanned.memberCode);
      case 'addOn':
      case 'unknown':
        return err('checkout.notAProduct', 'That code is not a product barcode');
      default: {
        const unknown: never = scanned;
        throw new Error(`Unhandled scan ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The attached member's points allowance at this register: balance and offline limit. */
  function pointsAllowance(cart: Cart): PaymentRules['points'] {
    if (cart.member === null) return undefined;
    const member = memberById(db, cart.member.memberId);
    if (member === undefined) return undefined;
    return {
      rate: settings.pointsRate,
      balance: member.points,
      // Every redemption at the till counts against the allowance the server granted here
      // (DESIGN); the balance already lacks the pending points, so they count once.
      offlineLimit: redeemableOnRegister(member),
    };
  }

  /**
   * Applies one tender; the sale is recorded when the payment is complete. `moneyMoved`: a card or
   * wallet payment already approved, which is applied whatever its flash quote (never refused).
   */
  function tender(
    make: (currency: string) => Tender,
    alsoWrite: () => void = () => undefined,
    from?: SavedCart,
    moneyMoved = false,
  ): Result<TenderOutcome> {
    const current = from === undefined ? currentCart() : ok(from);
    if (!current.ok) return current;
    // Money goes into a drawer only while a shift is open: its Z report must account for it.
    const shift = requireOpenShift(db, settings.registerId);
    if (!shift.ok) return shift;
    if (!moneyMoved) {
      const flashChecked = checkFlashQuote(current.value);
      if (!flashChecked.ok) return flashChecked;
    }
    // From here the flash units are fixed: those the payment started on, or those the lease
    // gives now (what the cart showed, just checked).
    const flash = flashOf(current.value.cart);
    const fixed: FlashUnits =
      current.value.payment === null && moneyMoved
        ? (current.value.flashQuote ?? allowancesOf(flash))
        : allowancesFor(current.value, flash);
    const saved: SavedCart = { ...current.value, flashQuote: fixed };
    const totals = totalForTender(saved.cart, context(fixed));
    if (!totals.ok) return totals;
    let payment: Payment;
    if (saved.payment) payment = saved.payment;
    else {
      const started = startPayment(totals.value.priced.totals.total);
      if (!started.ok) return started;
      payment = started.value;
    }
    const points = pointsAllowance(saved.cart);
    const applied = applyTender(payment, make(saved.cart.currency), {
      cashRounding: settings.cashRounding,
      ...(points === undefined ? {} : { points }),
    });
    if (!applied.ok) return applied;
    const complete = completePayment(applied.value);
    if (!complete.ok) {
      // Part paid: the money taken is saved durably with the cart before the drawer opens.
      const next: SavedCart = { ...saved, payment: applied.value };
      durableTransaction(db, () => {
        store(next, clock.now());
        alsoWrite();
      });
      remember(next);
      // The customer display shows what is still to pay.
      const shown = view(next);
      events.cartUpdated(shown);
      return ok({ status: 'partial', cart: shown });
    }
    const at = clock.now();
    const sale = recordSale(db, {
      registerId: settings.registerId,
      cart: saved.cart,
      totals: totals.value,
      payment: complete.value,
      at,
      inTransaction: (recorded) => {
        alsoWrite();
        takeFlashUnits(
          db,
          options.leaseContact,
          options.logger,
          {
            registerId: settings.registerId,
            saleId: recorded.saleId,
            at,
            units: unitsAtFlashPrice(totals.value),
          },
          flash,
        );
        options.sales?.recorded(recorded);
      },
    });
    remember(null);
    options.sales?.committed(sale);
    return ok({ status: 'completed', sale });
  }

  /** What the open cart still owes, for a card charge: the same checks as any tender. */
  function dueNow(): Result<{ cartId: string; remaining: number; currency: string }> {
    const current = currentCart();
    if (!current.ok) return current;
    const shift = requireOpenShift(db, settings.registerId);
    if (!shift.ok) return shift;
    const saved = current.value;
    // Before a card or wallet is charged: the same flash-price check as a cash tender.
    const flashChecked = checkFlashQuote(saved);
    if (!flashChecked.ok) return flashChecked;
    // Charged on the flash units the cart showed: the card or wallet tender applies the same.
    const flash =
      saved.payment === null && saved.flashQuote !== undefined
        ? saved.flashQuote
        : allowancesFor(saved, flashOf(saved.cart));
    const totals = totalForTender(saved.cart, context(flash));
    if (!totals.ok) return totals;
    const remaining = saved.payment
      ? saved.payment.remaining.amount
      : totals.value.priced.totals.total.amount;
    if (remaining === 0) {
      return err('tender.alreadyPaid', 'Nothing is left to pay: complete the sale.');
    }
    return ok({ cartId: saved.cart.cartId, remaining, currency: saved.cart.currency });
  }

  const card = createCardTender({
    db,
    clock,
    logger: options.logger,
    terminal: options.terminal,
    progress: (view) => events.cardProgress(view),
    checkout: {
      due: dueNow,
      applyCard(cartId, cardTender, alsoWrite) {
        // The attempt's own cart, signed in or not: at start-up nobody is.
        const open = readOpenCart();
        if (open === undefined || open.cart.cartId !== cartId) {
          return err('checkout.cardCartGone', 'The sale this card payment was for is not open');
        }
        return tender(() => cardTender, alsoWrite, open, true);
      },
    },
  });

  /** While a card payment is open on the terminal the cart must not change under it. */
  function cardBusy(): Result<never> | undefined {
    return card.busy()
      ? err(
          'checkout.cardPending',
          'A card payment is open on the terminal: wait for it or cancel it first',
        )
      : undefined;
  }

  /** The wallet transactions a cart's payment already holds: each is applied once. */
  function walletTransactions(saved: SavedCart): string[] {
    return (saved.payment?.tenders ?? []).flatMap((t) =>
      t.kind === 'wallet' ? [t.providerTransactionId] : [],
    );
  }

  const wallet = createWalletTender({
    wallets: options.wallets,
    linked: options.walletLinked,
    logger: options.logger,
    progress: (view) => events.walletProgress(view),
    checkout: {
      due: dueNow,
      openCart() {
        const open = readOpenCart();
        return open === undefined
          ? undefined
          : { cartId: open.cart.cartId, walletTransactions: walletTransactions(open) };
      },
      applyWallet(cartId, walletTender) {
        // The attempt's own cart, signed in or not: at start-up nobody is.
        const open = readOpenCart();
        if (open === undefined || open.cart.cartId !== cartId) {
          return err('checkout.walletCartGone', 'The sale this wallet payment was for is not open');
        }
        if (walletTransactions(open).includes(walletTender.providerTransactionId)) {
          return err('checkout.walletApplied', 'This wallet payment is already on the sale');
        }
        return tender(
          () => walletTender,
          () => undefined,
          open,
          true,
        );
      },
    },
  });

  /** While a wallet payment is unsettled (or paid and not yet applied) the cart must not change. */
  function walletBusy(saved: SavedCart): Result<never> | undefined {
    return wallet.busy(saved.cart.cartId, walletTransactions(saved))
      ? err(
          'checkout.walletPending',
          'A wallet payment is waiting for the customer to confirm: wait for it or cancel it first',
        )
      : undefined;
  }

  /** Any open card or wallet payment settled first: a cart pays through one at a time. */
  async function settleOpenPayments(): Promise<Result<void>> {
    const cardOpen = await card.settleOpenAttempt();
    if (!cardOpen.ok) return cardOpen;
    return wallet.settleOpenAttempt();
  }

  async function tenderByWallet(
    by: { readonly code: string } | { readonly qr: WalletProvider },
    amount: number | undefined,
  ): Promise<Result<TenderOutcome>> {
    const cardOpen = await card.settleOpenAttempt();
    if (!cardOpen.ok) return cardOpen;
    return 'code' in by
      ? wallet.tenderWallet(by.code, amount)
      : wallet.tenderWalletQr(by.qr, amount);
  }

  function attach(query: string): Result<CartView> {
    const member = findMember(db, query);
    if (member === undefined)
      return err('members.notFound', 'No member with that code, card or phone');
    const attached = changeCart(
      (cart) => attachMember(cart, member.id, member.level),
      () => [],
    );
    if (attached.ok) options.memberAttached?.(member.id);
    return attached;
  }

  function parkedView(saved: SavedCart): ParkedCartView {
    return {
      cartId: saved.cart.cartId,
      parkedAt: saved.parkedAt ?? 0,
      lines: saved.cart.lines.filter((l) => l.status.kind === 'active').length,
      total: view(saved).totals.priced.totals.total.amount,
    };
  }

  const handlers: CheckoutHandlers = {
    ...manualDiscountHandlers({
      db,
      auth,
      clock,
      policy: () => settings.cartPolicy,
      changeCart: (change) => changeCart(change, () => []),
    }),
    'checkout.start': () => {
      const current = currentCart();
      if (!current.ok) return current;
      const shown = view(current.value);
      if (readOpenCart() === undefined) {
        const started = quoted(current.value, shown);
        store(started, clock.now());
        remember(started);
      }
      return ok(shown);
    },
    'checkout.current': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const open = readOpenCart();
      return ok(open ? view(open) : null);
    },
    'checkout.scan': ({ code }) => scan(code),
    'checkout.addProduct': ({ productId, quantity, grams }) => {
      const row = statement<[number], { gtin14: string }>(
        db,
        'SELECT gtin14 FROM product WHERE id = ?',
      ).get(productId);
      const product = row ? lookupByGtin(db, row.gtin14) : undefined;
      if (!product) return err('checkout.unknownProduct', 'That product is not in the catalog');
      return addProduct(product, {
        ...(quantity === undefined ? {} : { units: quantity }),
        ...(grams === undefined ? {} : { grams }),
      });
    },
    'checkout.setQuantity': ({ lineId, quantity }) =>
      changeCart(
        (cart) => changeQuantity(cart, lineId, quantity),
        (cart) => lineProduct(cart, lineId),
      ),
    'checkout.weigh': ({ lineId, grams }) =>
      changeCart(
        (cart) => weighLine(cart, lineId, grams),
        (cart) => lineProduct(cart, lineId),
      ),
    'checkout.voidLine': ({ lineId, reason }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const result = changeCart(
        (cart) =>
          voidLine(cart, lineId, { voidedAt: clock.now(), staffId: session.value.staffId, reason }),
        (cart) => lineProduct(cart, lineId),
      );
      if (result.ok) {
        writeAudit(db, {
          at: clock.now(),
          staffId: session.value.staffId,
          action: 'sale.voidLine',
          subject: lineId,
          details: { reason },
        });
      }
      return result;
    },
    'checkout.overridePrice': ({ lineId, unitPrice, reason, approvalId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      // A refused override rolls back: the approval is used only by an override that happens.
      return resultTransaction(db, (): Result<CartView> => {
        let approverId: string | undefined;
        if (approvalId !== undefined) {
          const used = auth.useApproval(approvalId, 'sale.priceOverride');
          if (!used.ok) return used;
          approverId = used.value.approverId;
        }
        const result = changeCart(
          (cart) => {
            const overridden = overridePrice(cart, lineId, unitPrice, reason);
            if (!overridden.ok || approvalId === undefined) return overridden;
            return attachApproval(overridden.value, { kind: 'linePrice', lineId }, approvalId);
          },
          () => [],
        );
        if (!result.ok) return result;
        writeAudit(db, {
          at: clock.now(),
          staffId: session.value.staffId,
          action: 'sale.priceOverride',
          subject: lineId,
          details: { unitPrice, reason, approverId: approverId ?? null },
        });
        return result;
      });
    },
    'checkout.applyCoupon': ({ code }) =>
      changeCart(
        (cart) => applyCoupon(cart, code),
        () => [],
      ),
    'checkout.tenderCash': async ({ tendered }) => {
      const open = await settleOpenPayments();
      if (!open.ok) return open;
      return tender((currency) => ({ kind: 'cash', tendered: money(tendered, currency) }));
    },
    'checkout.tenderCard': ({ amount }) => {
      const open = wallet.settleOpenAttempt();
      if (!open.ok) return open;
      return card.tenderCard(amount);
    },
    'checkout.cancelCard': () => card.cancelCard(),
    'checkout.tenderWallet': ({ code, amount }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return tenderByWallet({ code }, amount);
    },
    'checkout.tenderWalletQr': ({ wallet: provider, amount }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return tenderByWallet({ qr: provider }, amount);
    },
    'checkout.walletStatus': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return wallet.walletStatus();
    },
    'checkout.cancelWallet': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return wallet.cancelWallet();
    },
    'checkout.tenderPoints': async ({ points }) => {
      const open = await settleOpenPayments();
      if (!open.ok) return open;
      const current = currentCart();
      if (!current.ok) return current;
      if (current.value.cart.member === null) {
        return err(
          'checkout.noMember',
          'Attach the member first: scan their card or enter their phone',
        );
      }
      const member = memberById(db, current.value.cart.member.memberId);
      if (member) {
        const allowed = checkMayUsePoints(member, 'redeem');
        if (!allowed.ok) return allowed;
      }
      return tender(() => ({ kind: 'points', points }));
    },
    'checkout.attachMember': ({ query }) => attach(query),
    'checkout.detachMember': () =>
      changeCart(
        (cart) => detachMember(cart),
        () => [],
      ),
    'checkout.cancel': async ({ reason }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      // A card or wallet payment left open may have charged the customer: settle it first.
      const settled = await settleOpenPayments();
      if (!settled.ok) return settled;
      // Only a cart that exists can be cancelled: no audit or outbox row for nothing.
      const open = readOpenCart();
      if (open === undefined) return err('checkout.noCart', 'There is no sale in progress');
      const { cart, payment } = open;
      if (payment !== null && payment.tenders.length > 0) {
        return err(
          'checkout.refundTendersFirst',
          'Money was already taken: give it back before cancelling',
        );
      }
      const at = clock.now();
      writeTransaction(db, () => {
        releaseCart(db, settings.storeId, cart.cartId, at);
        deleteCart(db, cart.cartId);
        writeAudit(db, {
          at,
          staffId: cart.staffId,
          action: 'sale.cancelled',
          subject: cart.cartId,
          details: { reason },
        });
        appendOutbox(db, {
          registerId: settings.registerId,
          type: 'cart.cancelled',
          at,
          payload: { cartId: cart.cartId, reason, lines: cart.lines.length },
        });
      })();
      remember(null);
      return ok(null);
    },
    'checkout.park': () => {
      const current = currentCart();
      if (!current.ok) return current;
      const busy = cardBusy() ?? walletBusy(current.value);
      if (busy !== undefined) return busy;
      if (current.value.payment !== null)
        return err('checkout.paymentStarted', 'Payment has started: it cannot be parked');
      const parked: SavedCart = { ...current.value, status: 'parked', parkedAt: clock.now() };
      store(parked, clock.now());
      remember(null);
      return ok(parkedView(parked));
    },
    'checkout.recall': ({ cartId }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const parked = loadCart(db, cartId);
      if (!parked || parked.status !== 'parked')
        return err('checkout.notParked', 'No parked cart with that id');
      const open = readOpenCart();
      if (open && open.cart.lines.length > 0) {
        return err('checkout.cartOpen', 'Finish or park the current cart first');
      }
      const unquoted: SavedCart = { ...parked, status: 'open', parkedAt: null };
      const shown = view(unquoted);
      // Its flash units as the lease gives them now, shown again on recall.
      const recalled = quoted(unquoted, shown);
      const at = clock.now();
      writeTransaction(db, () => {
        if (open) deleteCart(db, open.cart.cartId);
        // Its lines are on disk as loaded: only what the recall changed is written.
        store(recalled, at, parked);
        // Locks of a parked cart may have been released after 15 minutes: hold again.
        for (const productId of new Set(recalled.cart.lines.map((l) => l.product.id))) {
          holdForCart(db, {
            storeId: settings.storeId,
            cartId,
            productId: Number(productId),
            wanted: wantedOf(recalled.cart, productId),
            at,
          });
        }
      })();
      remember(recalled);
      events.cartUpdated(shown);
      return ok(shown);
    },
    'checkout.parked': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return ok(listParkedCarts(db).map(parkedView));
    },
  };
  // A command that crashes may have left the store and the remembered cart apart: forget it.
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (args: never) => {
        settings = options.settings();
        try {
          const answer = (handler as (a: never) => unknown)(args);
          if (!(answer instanceof Promise)) return answer;
          // A command that awaits the terminal can fail later: forget the cart then too.
          return answer.catch((error: unknown) => {
            openCartKnown = undefined;
            throw error;
          });
        } catch (error) {
          openCartKnown = undefined;
          throw error;
        }
      },
    ]),
  ) as unknown as CheckoutHandlers;
  return {
    handlers: wrapped,
    settleCardAtStart: () => card.settleAtStart(),
    settleWalletAtStart: () => wallet.settleAtStart(),
    close: () => wallet.close(),
  };
}
