// The settings commands and the settings the rest of the core runs by: read from the store at
// start, changed by a manager through `settings.update` (checked whole, audited with what each
// changed field was and became), and seen by the next command without a restart.
import { roleMay } from '../../app/auth';
import type { BarcodeOptions } from '../../app/barcode';
import { DEFAULT_CART_POLICY } from '../../app/cart';
import type { RegisterSettings, SettingsView, settingsCommands } from '../../app/commands';
import { registerSettingsSchema, scaleLabelLayout } from '../../app/commands';
import { err, ok } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { StoreSettings } from '../checkout/checkout-service';
import type { Handlers } from '../core/dispatch';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { pluTableOf } from './scale-labels';
import type { SettingsRecord } from './settings-store';
import { loadSettings, saveSettings } from './settings-store';
import { writeTransaction } from '../store/write-transaction';

export interface SettingsService {
  readonly handlers: Handlers<typeof settingsCommands>;
  /** The settings as the store holds them now. */
  current(): RegisterSettings;
  /** What checkout runs by now: rebuilt only when the settings change. */
  storeSettings(): StoreSettings;
}

export function createSettingsService(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    auth: AuthService;
    logger: Logger;
    storeId: string;
    registerId: string;
    /** Written to the store when it has no settings yet, and for fields it lacks. */
    firstStart: RegisterSettings;
  }>,
): SettingsService {
  const { db, clock, auth } = options;
  const firstStart = registerSettingsSchema.parse(options.firstStart);
  let record: SettingsRecord = loadSettings(db, firstStart, clock.now(), options.logger);
  let built: { readonly version: number; readonly value: StoreSettings } | undefined;

  const view = (): SettingsView => ({
    settings: record.settings,
    version: record.version,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  });

  function storeSettings(): StoreSettings {
    if (built?.version !== record.version) {
      built = { version: record.version, value: toStoreSettings(record.settings) };
    }
    return built.value;
  }

  function toStoreSettings(s: RegisterSettings): StoreSettings {
    const barcode: BarcodeOptions = {
      variableMeasureLayouts: s.barcode.scaleLabels.flatMap((l) => scaleLabelLayout(l) ?? []),
      memberCards: s.barcode.memberCards,
      coupons: s.barcode.coupons,
      scannerSendsUpcE: s.barcode.scannerSendsUpcE,
      currency: s.currency,
    };
    return {
      storeId: options.storeId,
      registerId: options.registerId,
      currency: s.currency,
      taxMode: s.taxMode,
      cashRounding: s.cashRounding,
      barcode,
      pluTable: pluTableOf(s.pluTable),
      pointsRate: s.pointsRate,
      cartPolicy: {
        ...DEFAULT_CART_POLICY,
        discountApprovalAboveBasisPoints: s.discountLimit.basisPoints,
        discountApprovalAboveAmount: s.discountLimit.amount,
      },
    };
  }

  const handlers: Handlers<typeof settingsCommands> = {
    'settings.get': () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return ok(view());
    },
    'settings.update': ({ changes }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      if (!roleMay(session.value.role, 'settings.change')) {
        return err('auth.notAllowed', 'Only a manager may change the store settings', {
          permission: 'settings.change',
        });
      }
      // Each field is checked at the edge; the whole is checked here (a layout against the
      // currency, PLUs that are the same number), so nothing is written unless all of it is sound.
      const checked = registerSettingsSchema.safeParse({ ...record.settings, ...changes });
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        return err('settings.invalid', `Settings not saved: ${issues.join('; ')}`, {
          field: checked.error.issues[0]?.path.join('.') ?? '',
        });
      }
      const next = checked.data;
      const changed = (Object.keys(changes) as (keyof RegisterSettings)[]).filter(
        (key) => JSON.stringify(record.settings[key]) !== JSON.stringify(next[key]),
      );
      if (changed.length === 0) return ok(view());
      const before = record.settings;
      const at = clock.now();
      record = writeTransaction(db, () => {
        const saved = saveSettings(db, next, at, session.value.staffId);
        writeAudit(db, {
          at,
          staffId: session.value.staffId,
          action: 'settings.updated',
          subject: 'store_settings',
          details: { version: saved.version, ...changedValues(before, next, changed) },
        });
        return saved;
      })();
      return ok(view());
    },
  };

  return { handlers, current: () => record.settings, storeSettings };
}

/** Each changed field as it was and became; of the PLU table only the PLUs that changed. */
function changedValues(
  before: RegisterSettings,
  after: RegisterSettings,
  fields: readonly (keyof RegisterSettings)[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const was: Record<string, unknown> = {};
  const is: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'pluTable') {
      const plus = new Set([...Object.keys(before.pluTable), ...Object.keys(after.pluTable)]);
      const old: Record<string, string | null> = {};
      const now: Record<string, string | null> = {};
      for (const plu of plus) {
        if (before.pluTable[plu] === after.pluTable[plu]) continue;
        old[plu] = before.pluTable[plu] ?? null;
        now[plu] = after.pluTable[plu] ?? null;
      }
      was[field] = old;
      is[field] = now;
    } else {
      was[field] = before[field];
      is[field] = after[field];
    }
  }
  return { before: was, after: is };
}
