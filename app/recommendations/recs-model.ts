// The recommendation model a store's registers receive: top-k lists only, versioned, a plain
// JSON value so it can travel through a sync stream and be checked on arrival.
import { z } from 'zod';
import type { Result } from '../result';
import { err, ok } from '../result';
import type { HybridWeights, RecsLimits } from './recs-options';

/** The shape's own version: a register refuses a model whose format it does not know. */
export const RECS_MODEL_FORMAT = 'recs-model/1';

/** A product id and its score (higher is better), in a list kept best first. */
export type ScoredProduct = readonly [productId: string, score: number];

export interface RecsModel {
  readonly format: typeof RECS_MODEL_FORMAT;
  readonly storeId: string;
  /** Given by the builder's caller, increasing per store: registers keep the newest. */
  readonly version: number;
  /** Epoch ms (UTC) when the model was built. */
  readonly builtAt: number;
  readonly params: {
    readonly weights: HybridWeights;
    readonly neighbours: number;
    readonly measure: string;
    readonly minSupport: number;
    readonly limits: RecsLimits;
    readonly repeatCategoryIds: readonly string[];
    readonly repeatDecay: number;
  };
  readonly stats: {
    readonly baskets: number;
    readonly lines: number;
    readonly products: number;
    readonly members: number;
    /** 0 when pair counts were exact; else pairs at or below it may have been dropped. */
    readonly pairFloor: number;
  };
  /** Best sellers with score = baskets / the top product's baskets. */
  readonly popular: readonly ScoredProduct[];
  /** Product id → "frequently bought with" (co-occurrence score). */
  readonly boughtWith: readonly (readonly [productId: string, readonly ScoredProduct[]])[];
  /** Member id → "for you" (hybrid score). */
  readonly forMember: readonly (readonly [memberId: string, readonly ScoredProduct[]])[];
}

const scored = z.tuple([z.string().min(1), z.number().finite()]).readonly();
const lists = z.array(z.tuple([z.string().min(1), z.array(scored).readonly()]).readonly());
const weights = z.object({
  collaborative: z.number().finite(),
  content: z.number().finite(),
  popularity: z.number().finite(),
  boughtTogether: z.number().finite(),
});
const count = z.number().int().nonnegative();

export const recsModelSchema: z.ZodType<RecsModel> = z.object({
  format: z.literal(RECS_MODEL_FORMAT),
  storeId: z.string().min(1),
  version: count,
  builtAt: count,
  params: z.object({
    weights,
    neighbours: count,
    measure: z.string(),
    minSupport: count,
    limits: z.object({
      boughtWithK: count,
      forMemberK: count,
      popularK: count,
      maxProducts: count,
      maxMembers: count,
    }),
    repeatCategoryIds: z.array(z.string()),
    repeatDecay: z.number().min(0).max(1),
  }),
  stats: z.object({
    baskets: count,
    lines: count,
    products: count,
    members: count,
    pairFloor: count,
  }),
  popular: z.array(scored),
  boughtWith: lists,
  forMember: lists,
});

export function serialiseRecsModel(model: RecsModel): string {
  return JSON.stringify(model);
}

/** Reads a model received from elsewhere; refuses anything malformed or of an unknown format. */
export function parseRecsModel(text: string): Result<RecsModel> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('recs.model_unreadable', 'The suggestions update is damaged; keep the old one.');
  }
  if (typeof value === 'object' && value !== null && 'format' in value) {
    const format = value.format;
    if (format !== RECS_MODEL_FORMAT) {
      return err(
        'recs.model_format',
        'The suggestions update is from a newer version; update this register.',
        { format: String(format) },
      );
    }
  }
  const parsed = recsModelSchema.safeParse(value);
  if (!parsed.success) {
    return err('recs.model_invalid', 'The suggestions update is damaged; keep the old one.', {
      issue: parsed.error.issues[0]?.message ?? 'invalid',
    });
  }
  return ok(parsed.data);
}

/** Scored entries a model may hold at most under `limits`: its size bound. */
export function recsModelEntryBound(limits: RecsLimits): number {
  return (
    limits.popularK +
    limits.maxProducts * limits.boughtWithK +
    limits.maxMembers * limits.forMemberK
  );
}

/** Scored entries the model holds. */
export function recsModelEntryCount(model: RecsModel): number {
  let total = model.popular.length;
  for (const [, list] of model.boughtWith) total += list.length;
  for (const [, list] of model.forMember) total += list.length;
  return total;
}
