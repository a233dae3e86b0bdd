// The stocktake commands: open a count session (books snapshot), count scanned products per
// location, read the variance report, post it as adjust moves (manager) with its audit and outbox
// rows, or cancel it.
import type { StocktakePostedView, stocktakeCommands } from '../../app/commands';
import type { StockLevel } from '../../app/inventory';
import { postStocktake } from '../../app/inventory';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { CatalogProduct } from '../catalog';
import type { Handlers } from '../core/dispatch';
import { newId } from '../core/ids';
import type { Clock } from '../core/ports';
import { productByCode, productById } from '../inventory/product-by-code';
import { appendOutbox } from '../outbox/outbox';
import { approvedAction } from '../auth/approved-action';
import { readStockLevel, writeStockChange } from '../stock/stock-rows';
import type { RegisterDb } from '../store/register-db';
import type { StocktakeRow } from './stocktake-rows';
import {
  addCount,
  closeStocktake,
  findOpenStocktake,
  findStocktake,
  snapshotBooks,
  stocktakeView,
  uncountedProducts,
  varianceLineViews,
  varianceReport,
} from './stocktake-rows';
import { durableResultTransaction } from '../store/result-transaction';
import { writeTransaction } from '../store/write-transaction';

const DEFAULT_UNCOUNTED_SHOWN = 50;

export function createStocktakeService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    storeId: string;
    registerId: string;
    currency: string;
  }>,
): Handlers<typeof stocktakeCommands> {
  const { db, clock, auth, storeId, registerId, currency } = options;

  function openSession(stocktakeId: string): Result<StocktakeRow> {
    const row = findStocktake(db, stocktakeId);
    if (row === undefined || row.store_id !== storeId) {
      return err('stocktake.notFound', 'No stocktake with that id in this store');
    }
    if (row.status !== 'open') {
      return err('stocktake.closed', `This stocktake was already ${row.status}`, {
        status: row.status,
      });
    }
    return ok(row);
  }

  function countedProduct(
    row: StocktakeRow,
    code: string | undefined,
    productId: number | undefined,
  ): Result<CatalogProduct> {
    const found =
      code !== undefined ? productByCode(db, code, clock.now()) : productById(db, productId ?? 0);
    if (!found.ok) return found;
    if (row.category_id !== null && found.value.categoryId !== row.category_id) {
      return err(
        'stocktake.outOfScope',
        `${found.value.name} is not in the category this stocktake counts`,
        { productId: found.value.id, categoryId: row.category_id },
      );
    }
    return found;
  }

  return {
    'stocktake.open': ({ categoryId, note }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (findOpenStocktake(db, storeId) !== undefined) {
        return err('stocktake.alreadyOpen', 'A stocktake is already open: post or cancel it first');
      }
      if (
        categoryId !== undefined &&
        db.prepare('SELECT 1 FROM category WHERE id = ?').get(categoryId) === undefined
      ) {
        return err('stocktake.unknownCategory', 'No category with that id', { categoryId });
      }
      const row: StocktakeRow = {
        id: newId(),
        store_id: storeId,
        category_id: categoryId ?? null,
        status: 'open',
        opened_by: session.value.staffId,
        opened_at: clock.now(),
      };
      writeTransaction(db, () => {
        db.prepare(
          `INSERT INTO stocktake (id, store_id, category_id, note, status, opened_by, opened_at)
           VALUES (?, ?, ?, ?, 'open', ?, ?)`,
        ).run(row.id, storeId, row.category_id, note ?? null, row.opened_by, row.opened_at);
        snapshotBooks(db, row);
        writeAudit(db, {
          at: row.opened_at,
          staffId: row.opened_by,
          action: 'stocktake.open',
          subject: row.id,
          details: { categoryId: row.category_id },
        });
      })();
      return ok(stocktakeView(db, row));
    },

    'stocktake.current': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const row = findOpenStocktake(db, storeId);
      return ok(row === undefined ? null : stocktakeView(db, row));
    },

    'stocktake.count': ({ stocktakeId, code, productId, quantity, location }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const row = openSession(stocktakeId);
      if (!row.ok) return row;
      const product = countedProduct(row.value, code, productId);
      if (!product.ok) return product;
      const counted = addCount(db, {
        stocktakeId,
        productId: product.value.id,
        location,
        quantity,
        at: clock.now(),
      });
      return ok({
        stocktakeId,
        productId: product.value.id,
        name: product.value.name,
        location,
        ...counted,
      });
    },

    'stocktake.variance': ({ stocktakeId, uncountedLimit }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const row = findStocktake(db, stocktakeId);
      if (row === undefined || row.store_id !== storeId) {
        return err('stocktake.notFound', 'No stocktake with that id in this store');
      }
      const built = varianceReport(db, row, currency);
      if (!built.ok) return built;
      const { report } = built.value;
      const uncounted = uncountedProducts(
        db,
        stocktakeId,
        uncountedLimit ?? DEFAULT_UNCOUNTED_SHOWN,
      );
      return ok({
        stocktakeId,
        currency,
        lines: varianceLineViews(built.value),
        uncountedCount: uncounted.count,
        uncounted: uncounted.first,
        overValue: report.overValue.amount,
        underValue: report.underValue.amount,
        netValue: report.netValue.amount,
      });
    },

    'stocktake.post': ({ stocktakeId, approvalId }) =>
      durableResultTransaction(db, (): Result<StocktakePostedView> => {
        const session = auth.requireSession();
        if (!session.ok) return session;
        const row = openSession(stocktakeId);
        if (!row.ok) return row;
        const built = varianceReport(db, row.value, currency);
        if (!built.ok) return built;
        const { report } = built.value;
        // Adjusted against the books as they are now: sales since opening stay counted.
        const levels = new Map<string, StockLevel>();
        for (const line of report.lines) {
          if (line.variance !== 0) {
            levels.set(line.productId, readStockLevel(db, storeId, Number(line.productId)));
          }
        }
        const posted = postStocktake(report, levels);
        if (!posted.ok) return posted;
        // Checked after the figures and before any write: a refusal leaves nothing behind.
        const acting = approvedAction(auth, 'stocktake.post', approvalId);
        if (!acting.ok) return acting;
        const at = clock.now();
        for (const move of posted.value.log) {
          const read = levels.get(move.productId);
          const next = posted.value.levels.get(move.productId);
          if (read === undefined || next === undefined) throw new Error('Stocktake move lost');
          writeStockChange(db, read, next, move, at);
        }
        closeStocktake(db, {
          stocktakeId,
          status: 'posted',
          staffId: acting.value.staffId,
          approverId: acting.value.approverId,
          at,
        });
        const adjustments = report.lines
          .filter((line) => line.variance !== 0)
          .map((line) => ({
            productId: line.productId,
            gtin14: built.value.products.get(line.productId)?.gtin14 ?? '',
            expected: line.expected,
            counted: line.counted,
            delta: line.variance,
          }));
        const view: StocktakePostedView = {
          stocktakeId,
          adjustments: adjustments.length,
          netUnits: adjustments.reduce((sum, a) => sum + a.delta, 0),
          netValue: report.netValue.amount,
          approverId: acting.value.approverId,
        };
        writeAudit(db, {
          at,
          staffId: acting.value.staffId,
          action: 'stocktake.posted',
          subject: stocktakeId,
          details: {
            adjustments: view.adjustments,
            netUnits: view.netUnits,
            netValue: view.netValue,
            approverId: view.approverId,
          },
        });
        appendOutbox(db, {
          registerId,
          type: 'stocktake.posted',
          at,
          payload: {
            stocktakeId,
            storeId,
            categoryId: row.value.category_id,
            openedAt: row.value.opened_at,
            postedAt: at,
            postedBy: acting.value.staffId,
            approverId: acting.value.approverId,
            currency,
            netValue: view.netValue,
            adjustments,
          },
        });
        return ok(view);
      }),

    'stocktake.cancel': ({ stocktakeId, reason }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const row = openSession(stocktakeId);
      if (!row.ok) return row;
      const at = clock.now();
      writeTransaction(db, () => {
        closeStocktake(db, {
          stocktakeId,
          status: 'cancelled',
          staffId: session.value.staffId,
          approverId: null,
          at,
        });
        writeAudit(db, {
          at,
          staffId: session.value.staffId,
          action: 'stocktake.cancelled',
          subject: stocktakeId,
          details: { reason },
        });
      })();
      return ok(null);
    },
  };
}
