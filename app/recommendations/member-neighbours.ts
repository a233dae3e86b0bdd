// User-based collaborative filtering's neighbour search (SPEC §5: cosine of purchase sets, top 50
// neighbours). Neighbours are found through an inverted index product → members, so a member is
// compared only with members who share a product — never with every member — and the number of
// members compared per search is capped.
import { setCosine } from './cosine';
import { hashIndex } from './seeded-random';

/** The purchase sets in compressed rows, and the inverted index built from them. */
export interface NeighbourIndex {
  readonly memberCount: number;
  readonly productCount: number;
  /** Member m's distinct products: memberItems[memberStart[m] … memberStart[m + 1]). */
  readonly memberStart: Int32Array;
  readonly memberItems: Int32Array;
  /**
   * Product p's buyers: postingMembers[postingStart[p] … postingStart[p + 1]), in a seeded
   * pseudo-random order, so any prefix is a fair sample of that product's buyers.
   */
  readonly postingStart: Int32Array;
  readonly postingMembers: Int32Array;
}

export interface Neighbour {
  readonly member: number;
  readonly similarity: number;
}

export function buildNeighbourIndex(
  memberStart: Int32Array,
  memberItems: Int32Array,
  productCount: number,
  seed: number,
): NeighbourIndex {
  const memberCount = memberStart.length - 1;
  const postingStart = new Int32Array(productCount + 1);
  for (const p of memberItems) postingStart[p + 1] = (postingStart[p + 1] ?? 0) + 1;
  for (let p = 0; p < productCount; p += 1) {
    postingStart[p + 1] = (postingStart[p + 1] ?? 0) + (postingStart[p] ?? 0);
  }
  const fill = postingStart.slice(0, productCount);
  const postingMembers = new Int32Array(memberItems.length);
  for (let m = 0; m < memberCount; m += 1) {
    for (let i = memberStart[m] ?? 0; i < (memberStart[m + 1] ?? 0); i += 1) {
      const p = memberItems[i] as number;
      postingMembers[fill[p] as number] = m;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  for (let p = 0; p < productCount; p += 1) {
    const from = postingStart[p] as number;
    const to = postingStart[p + 1] as number;
    postingMembers
      .subarray(from, to)
      .sort((a, b) => hashIndex(a, seed) - hashIndex(b, seed) || a - b);
  }
  return { memberCount, productCount, memberStart, memberItems, postingStart, postingMembers };
}

/** Finds a member's neighbours; reuses its scratch space, so one search at a time. */
export type NeighbourSearch = (member: number, k: number) => readonly Neighbour[];

/**
 * Returns a search over `index` that compares a member with at most `maxCandidates` other
 * members: candidates are gathered from the member's products rarest first (a shared rare product
 * says more than shared milk), taking a sampled prefix of a product's buyers once the cap is
 * near. Every candidate's cosine is then exact. When the cap is not reached the result equals a
 * brute-force search over all members; ties go to the lower member index.
 */
export function createNeighbourSearch(
  index: NeighbourIndex,
  maxCandidates: number,
): NeighbourSearch {
  // Stamps instead of clearing: an entry equal to the current query's stamp is set.
  const seen = new Int32Array(index.memberCount);
  const mark = new Int32Array(index.productCount);
  let stamp = 0;
  const candidates = new Int32Array(Math.max(1, Math.min(maxCandidates, index.memberCount)));
  const { memberStart, memberItems, postingStart, postingMembers } = index;

  return (member, k) => {
    const from = memberStart[member] as number;
    const to = memberStart[member + 1] as number;
    const size = to - from;
    if (size === 0 || k <= 0) return [];
    const items = Array.from(memberItems.subarray(from, to)).sort(
      (a, b) =>
        (postingStart[a + 1] as number) -
          (postingStart[a] as number) -
          ((postingStart[b + 1] as number) - (postingStart[b] as number)) || a - b,
    );
    stamp += 1;
    let count = 0;
    seen[member] = stamp;
    gather: for (const p of items) {
      for (let i = postingStart[p] as number; i < (postingStart[p + 1] as number); i += 1) {
        const v = postingMembers[i] as number;
        if (seen[v] === stamp) continue;
        seen[v] = stamp;
        candidates[count] = v;
        count += 1;
        if (count >= candidates.length) break gather;
      }
    }
    for (const p of items) mark[p] = stamp;

    // The best k so far, best first; a candidate enters only if it beats the worst kept.
    const best: Neighbour[] = [];
    for (let c = 0; c < count; c += 1) {
      const v = candidates[c] as number;
      const vFrom = memberStart[v] as number;
      const vTo = memberStart[v + 1] as number;
      let overlap = 0;
      for (let i = vFrom; i < vTo; i += 1)
        if (mark[memberItems[i] as number] === stamp) overlap += 1;
      const similarity = setCosine(overlap, size, vTo - vFrom);
      if (similarity <= 0) continue;
      if (best.length === k) {
        const worst = best[k - 1] as Neighbour;
        if (similarity < worst.similarity || (similarity === worst.similarity && v > worst.member))
          continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0) {
        const above = best[at - 1] as Neighbour;
        if (above.similarity > similarity || (above.similarity === similarity && above.member < v))
          break;
        at -= 1;
      }
      best.splice(at, 0, { member: v, similarity });
    }
    return best;
  };
}
