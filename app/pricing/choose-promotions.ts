// Picks the promotions that give the customer the lowest total, deterministically.
//
// Search strategy (documented because it is a trade-off between "best" and "fast"):
// 1. Candidates: promotions valid at `now` whose coupon was presented, whose member levels
//    include the member, that target at least one catalog-priced line, and that save something
//    on their own. Anything else can never be part of the best answer.
// 2. Exclusive promotions are searched exhaustively: every set of exclusive candidates whose lines
//    do not overlap (including the empty set) is tried. There are rarely more than a handful; when
//    the sets would pass half the evaluation budget, the search tries only the empty set, each
//    exclusive alone, and a greedy set (largest saving first) — and reports 'capped'.
// 3. Stackable promotions are applied greedily after the exclusive ones, in a fixed order: price
//    promotions (fixed, member, flash) first, then item promotions, then whole-cart ones (so a
//    minimum spend is judged on what the customer would pay after item discounts); within a
//    phase, the one saving most on its own first, then by priority, then by id. A stacking group
//    lets the first of its members that reaches a line keep it.
// 4. A stackable promotion that ended up giving nothing (blocked by a group, or a minimum spend
//    no longer met after earlier discounts) triggers one improvement pass: each earlier promotion
//    that could have crowded it out (same group, or lowering its minimum spend, on shared lines)
//    is tried without, and kept out if that lowers the total.
// Every evaluation prices the whole cart exactly, so the comparison is always on true totals.
// Ties on the total go to the combination whose best promotion has the better priority, then the
// smaller id (then the fewer promotions), so the same cart always prices the same way.
import type { MemberLevel } from '../catalog';
import type { RuleContext, RuleOutcome, WorkLine } from './apply-promotion';
import { applyRule } from './apply-promotion';
import type { SearchReport } from './priced-cart';
import type { Promotion } from './promotion';
import { isPromotionValidAt, normalizeCouponCode } from './promotion';

export interface Candidate {
  readonly promotion: Promotion;
  readonly exclusive: boolean;
  /** 0 price promotions, 1 item promotions, 2 whole-cart discounts. */
  readonly phase: 0 | 1 | 2;
  readonly eligible: readonly number[];
  readonly reward: readonly number[];
  /** Every line the promotion could ever use, ascending. */
  readonly reach: readonly number[];
  readonly soloSaved: number;
}

export interface AppliedOutcome {
  readonly candidate: Candidate;
  readonly outcome: RuleOutcome;
}

export interface Evaluation {
  /** Sum of line amounts after promotions. */
  readonly total: number;
  readonly net: readonly number[];
  /** In application order. */
  readonly applied: readonly AppliedOutcome[];
}

export interface ChooseInput {
  readonly ctx: RuleContext;
  readonly gross: readonly number[];
  readonly promotable: readonly boolean[];
  readonly promotions: readonly Promotion[];
  readonly now: number;
  readonly memberLevel: MemberLevel | null;
  readonly couponCodes: readonly string[];
  readonly flashSaleAllowances: Readonly<Record<string, number>>;
  readonly maxEvaluations: number;
}

function phaseOf(promotion: Promotion): 0 | 1 | 2 {
  const kind = promotion.rule.kind;
  if (kind === 'fixedPrice' || kind === 'memberPrice' || kind === 'flashSale') return 0;
  if (promotion.targets.kind === 'cart' && (kind === 'percentOff' || kind === 'amountOff'))
    return 2;
  return 1;
}

function byPriorityThenId(a: Promotion, b: Promotion): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function targetedLines(
  promotion: Promotion,
  lines: readonly WorkLine[],
  promotable: readonly boolean[],
): number[] {
  const targets = promotion.targets;
  const matches: (line: WorkLine) => boolean =
    targets.kind === 'cart'
      ? () => true
      : targets.kind === 'products'
        ? (line) => targets.productIds.includes(line.productId)
        : (line) => targets.categoryIds.includes(line.categoryId);
  const rule = promotion.rule;
  const inBundle: (line: WorkLine) => boolean =
    rule.kind === 'bundle'
      ? (line) => rule.items.some((item) => item.productId === line.productId)
      : () => true;
  const result: number[] = [];
  lines.forEach((line, i) => {
    if (promotable[i] === true && matches(line) && inBundle(line)) result.push(i);
  });
  return result;
}

function rewardLines(
  promotion: Promotion,
  lines: readonly WorkLine[],
  promotable: readonly boolean[],
): number[] {
  const rule = promotion.rule;
  if (rule.kind !== 'buyXGetY' || rule.get.kind !== 'products') return [];
  const productIds = rule.get.productIds;
  const result: number[] = [];
  lines.forEach((line, i) => {
    if (promotable[i] === true && productIds.includes(line.productId)) result.push(i);
  });
  return result;
}

function qualifies(promotion: Promotion, input: ChooseInput): boolean {
  if (!isPromotionValidAt(promotion, input.now)) return false;
  if (promotion.couponCode !== undefined) {
    const code = normalizeCouponCode(promotion.couponCode);
    if (!input.couponCodes.some((presented) => normalizeCouponCode(presented) === code))
      return false;
  }
  if (promotion.memberLevels !== undefined) {
    if (input.memberLevel === null || !promotion.memberLevels.includes(input.memberLevel))
      return false;
  }
  return true;
}

function allowanceFor(promotion: Promotion, input: ChooseInput): number {
  return promotion.rule.kind === 'flashSale' ? (input.flashSaleAllowances[promotion.id] ?? 0) : 0;
}

/** The promotions that could take part, each tried alone on the undiscounted cart. */
export function findCandidates(input: ChooseInput): Candidate[] {
  const candidates: Candidate[] = [];
  for (const promotion of input.promotions) {
    if (!qualifies(promotion, input)) continue;
    const eligible = targetedLines(promotion, input.ctx.lines, input.promotable);
    if (eligible.length === 0) continue;
    const reward = rewardLines(promotion, input.ctx.lines, input.promotable);
    const allowance = allowanceFor(promotion, input);
    const solo = applyRule(
      promotion,
      { eligible, reward },
      input.gross,
      input.ctx,
      allowance,
      true,
    );
    if (solo === null) continue;
    candidates.push({
      promotion,
      exclusive: promotion.stacking === 'exclusive',
      phase: phaseOf(promotion),
      eligible,
      reward,
      reach:
        reward.length === 0
          ? eligible
          : [...new Set([...eligible, ...reward])].sort((a, b) => a - b),
      soloSaved: solo.saved,
    });
  }
  return candidates;
}

function stackingOrder(a: Candidate, b: Candidate): number {
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.soloSaved !== b.soloSaved) return b.soloSaved - a.soloSaved;
  return byPriorityThenId(a.promotion, b.promotion);
}

function overlaps(a: Candidate, b: Candidate): boolean {
  // Both lists ascending: walk them together.
  const x = a.reach;
  const y = b.reach;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const left = x[i] ?? 0;
    const right = y[j] ?? 0;
    if (left === right) return true;
    if (left < right) i += 1;
    else j += 1;
  }
  return false;
}

/**
 * The applied promotions that may have stopped `missed` from giving anything, and so are worth
 * trying without: the members of its stacking group on shared lines if there are any (the group
 * is what blocked it); otherwise, if it has a minimum spend, every earlier promotion on shared
 * lines (they lowered what the minimum is judged on). Other overlaps only ever add savings.
 */
function crowdersOf(
  missed: Candidate,
  applied: readonly Candidate[],
  order: readonly Candidate[],
): Candidate[] {
  const group = missed.promotion.stackingGroup;
  const shared = applied.filter((a) => !a.exclusive && overlaps(a, missed));
  const sameGroup = group === null ? [] : shared.filter((a) => a.promotion.stackingGroup === group);
  if (sameGroup.length > 0) return sameGroup;
  if (missed.promotion.minSpend === undefined || missed.promotion.minSpend <= 0) return [];
  const position = order.indexOf(missed);
  return shared.filter((a) => order.indexOf(a) < position);
}

/** The lines of `lines` that `candidate` may still use, given what earlier promotions took. */
function usableLines(
  lines: readonly number[],
  candidate: Candidate,
  group: string | null,
  locked: Uint8Array,
  used: Uint8Array,
  groups: readonly (string[] | undefined)[],
): readonly number[] {
  const result: number[] = [];
  for (const i of lines) {
    if (locked[i] === 1) continue;
    if (candidate.exclusive) {
      if (used[i] !== 1) result.push(i);
      continue;
    }
    if (group === null || !(groups[i]?.includes(group) ?? false)) result.push(i);
  }
  return result;
}

/** Prices the cart with `chain` applied in order, each promotion limited by those before it. */
export function evaluate(chain: readonly Candidate[], input: ChooseInput): Evaluation {
  const count = input.gross.length;
  const net = input.gross.slice();
  const locked = new Uint8Array(count);
  const used = new Uint8Array(count);
  const groups: (string[] | undefined)[] = new Array<string[] | undefined>(count);
  const applied: AppliedOutcome[] = [];
  for (const candidate of chain) {
    const group = candidate.promotion.stackingGroup;
    const eligible = usableLines(candidate.eligible, candidate, group, locked, used, groups);
    const reward =
      candidate.reward.length === 0
        ? candidate.reward
        : usableLines(candidate.reward, candidate, group, locked, used, groups);
    const outcome = applyRule(
      candidate.promotion,
      { eligible, reward },
      net,
      input.ctx,
      allowanceFor(candidate.promotion, input),
    );
    if (outcome === null) continue;
    outcome.lineIndexes.forEach((line, k) => {
      net[line] = (net[line] ?? 0) - (outcome.amounts[k] ?? 0);
    });
    for (const line of outcome.touched) {
      used[line] = 1;
      if (candidate.exclusive) locked[line] = 1;
      else if (group !== null) (groups[line] ??= []).push(group);
    }
    applied.push({ candidate, outcome });
  }
  let total = 0;
  for (const amount of net) total += amount;
  return { total, net, applied };
}

/** Negative when `a` is the better answer for the customer (and the tie-break). */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  if (a.total !== b.total) return a.total - b.total;
  const keysA = a.applied.map((x) => x.candidate.promotion).sort(byPriorityThenId);
  const keysB = b.applied.map((x) => x.candidate.promotion).sort(byPriorityThenId);
  for (let k = 0; k < Math.min(keysA.length, keysB.length); k += 1) {
    const order = byPriorityThenId(keysA[k] as Promotion, keysB[k] as Promotion);
    if (order !== 0) return order;
  }
  return keysA.length - keysB.length;
}

/** Sets of exclusive candidates with no line in common, or null when there are more than `limit`. */
function exclusiveSets(exclusives: readonly Candidate[], limit: number): Candidate[][] | null {
  const sets: Candidate[][] = [];
  const chosen: Candidate[] = [];
  let overflow = false;
  const walk = (k: number): void => {
    if (overflow) return;
    const next = exclusives[k];
    if (next === undefined) {
      if (sets.length >= limit) overflow = true;
      else sets.push([...chosen]);
      return;
    }
    if (chosen.every((c) => !overlaps(c, next))) {
      chosen.push(next);
      walk(k + 1);
      chosen.pop();
    }
    walk(k + 1);
  };
  walk(0);
  return overflow ? null : sets;
}

/** When the exhaustive search would be too large: none, each alone, and largest savings first. */
function cappedExclusiveSets(exclusives: readonly Candidate[]): Candidate[][] {
  const greedy: Candidate[] = [];
  const bySaving = [...exclusives].sort(
    (a, b) => b.soloSaved - a.soloSaved || byPriorityThenId(a.promotion, b.promotion),
  );
  for (const c of bySaving) if (greedy.every((g) => !overlaps(g, c))) greedy.push(c);
  return [[], ...exclusives.map((c) => [c]), greedy];
}

export interface PromotionChoice {
  readonly evaluation: Evaluation;
  readonly candidates: readonly Candidate[];
  readonly report: SearchReport;
}

export function choosePromotions(input: ChooseInput): PromotionChoice {
  const candidates = findCandidates(input);
  const exclusives = candidates
    .filter((c) => c.exclusive)
    .sort((a, b) => byPriorityThenId(a.promotion, b.promotion));
  const stackables = candidates.filter((c) => !c.exclusive).sort(stackingOrder);
  const budget = Math.max(2, input.maxEvaluations);

  const sets = exclusiveSets(exclusives, Math.max(1, Math.floor(budget / 2)));
  let capped = sets === null;
  let evaluations = 0;
  let best: Evaluation | null = null;
  for (const set of sets ?? cappedExclusiveSets(exclusives)) {
    const evaluation = evaluate([...set, ...stackables], input);
    evaluations += 1;
    if (best === null || compareEvaluations(evaluation, best) < 0) best = evaluation;
  }
  // There is always at least the empty set, so `best` is set; this keeps the compiler sure.
  if (best === null) best = evaluate(stackables, input);

  // Improvement pass: a stackable promotion that gave nothing may have been crowded out.
  const appliedCandidates = best.applied.map((a) => a.candidate);
  const missed = stackables.filter((c) => !appliedCandidates.includes(c));
  const crowders = new Set(missed.flatMap((m) => crowdersOf(m, appliedCandidates, stackables)));
  if (crowders.size > 0) {
    const chosenExclusives = appliedCandidates.filter((c) => c.exclusive);
    let chain: readonly Candidate[] = stackables;
    for (const candidate of appliedCandidates) {
      if (!crowders.has(candidate)) continue;
      if (evaluations >= budget) {
        capped = true;
        break;
      }
      const without = chain.filter((c) => c !== candidate);
      const evaluation = evaluate([...chosenExclusives, ...without], input);
      evaluations += 1;
      if (compareEvaluations(evaluation, best) < 0) {
        best = evaluation;
        chain = without;
      }
    }
  }
  return {
    evaluation: best,
    candidates,
    report: { strategy: capped ? 'capped' : 'exhaustive', evaluations },
  };
}
