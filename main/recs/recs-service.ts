// The counter's suggestions, answered locally from the register's recommendation model: add-ons for
// the open cart and "for you" for a member. The model is read at start and again only when a new
// one has been applied (one indexed row read per answer tells); each answer is then a few map reads
// and a product lookup per suggestion, well under a millisecond, online or not.
import type { CartView, ProductView, RecsView, SuggestionView } from '../../app/commands';
import type { recsCommands } from '../../app/commands/recs-commands';
import type { RecsLookup, Suggestion } from '../../app/recommendations';
import { openRecsLookup } from '../../app/recommendations';
import type { Result } from '../../app/result';
import { ok } from '../../app/result';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { loadRecsModel, recsModelStamp } from './recs-model-store';

/** Suggestions shown when the screen does not say how many. */
export const DEFAULT_SUGGESTIONS = 6;
/**
 * Candidates asked of the model per suggestion wanted: some name products this register cannot
 * sell (not in its catalog yet, or inactive) and are skipped.
 */
const OVERSAMPLE = 3;

interface LoadedLookup {
  readonly stamp: string;
  readonly lookup: RecsLookup;
  readonly builtAt: number;
}

export function createRecsService(
  options: Readonly<{
    db: RegisterDb;
    auth: AuthService;
    logger: Logger;
    /** The open cart as checkout holds it (null: none open). */
    openCart: () => Result<CartView | null> | Promise<Result<CartView | null>>;
    /** The register's product for a GTIN-14 the model names, if it has one. */
    describe: (gtin14: string) => ProductView | undefined;
  }>,
): Handlers<typeof recsCommands> {
  const { db, auth, logger } = options;
  let loaded: LoadedLookup | undefined;
  let refusedStamp: string | undefined;

  /** The lookup for the model on disk, reopened only when a different one has been applied. */
  function current(): LoadedLookup | undefined {
    const stamp = recsModelStamp(db);
    if (stamp === undefined) {
      loaded = undefined;
      return undefined;
    }
    if (stamp === loaded?.stamp || stamp === refusedStamp) return loaded;
    const read = loadRecsModel(db);
    if (read.kind === 'model') {
      loaded = { stamp, lookup: openRecsLookup(read.model), builtAt: read.model.builtAt };
      return loaded;
    }
    // Checked on arrival, so only a damaged file gets here: keep answering from the model in
    // memory, if any, and say so once.
    refusedStamp = stamp;
    logger.warn('recommendation model unreadable; the previous one keeps answering', {
      reason: read.kind === 'unreadable' ? read.code : read.kind,
    });
    return loaded;
  }

  function answer(model: LoadedLookup, found: readonly Suggestion[], k: number): RecsView {
    const suggestions: SuggestionView[] = [];
    for (const suggestion of found) {
      if (suggestions.length >= k) break;
      const product = options.describe(suggestion.productId);
      if (product === undefined || !product.active) continue;
      suggestions.push({ product, reason: suggestion.reason, score: suggestion.score });
    }
    return {
      reason: 'model',
      modelVersion: model.lookup.version,
      builtAt: model.builtAt,
      suggestions,
    };
  }

  const noModel: RecsView = { reason: 'noModel', suggestions: [] };

  try {
    current();
  } catch (error) {
    logger.error('loading the recommendation model failed', { error: String(error) });
  }

  return {
    'recs.forCart': async ({ k }) => {
      const cart = await options.openCart();
      if (!cart.ok) return cart;
      const model = current();
      if (model === undefined) return ok(noModel);
      const wanted = k ?? DEFAULT_SUGGESTIONS;
      const lines = cart.value?.cart.lines.filter((line) => line.status.kind === 'active') ?? [];
      // The model names products as the sales named them: by their primary GTIN-14.
      const gtins = lines.flatMap((line) => line.product.gtins.slice(0, 1));
      const memberId = cart.value?.cart.member?.memberId;
      const found = model.lookup.forCart(gtins, {
        k: wanted * OVERSAMPLE,
        ...(memberId === undefined ? {} : { memberId }),
      });
      return ok(answer(model, found, wanted));
    },
    'recs.forMember': ({ memberId, k }) => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      const model = current();
      if (model === undefined) return ok(noModel);
      const wanted = k ?? DEFAULT_SUGGESTIONS;
      return ok(
        answer(model, model.lookup.forMember(memberId, { k: wanted * OVERSAMPLE }), wanted),
      );
    },
  };
}
