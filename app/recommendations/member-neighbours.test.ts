import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setCosine } from './cosine';
import type { Neighbour } from './member-neighbours';
import { buildNeighbourIndex, createNeighbourSearch } from './member-neighbours';

function compressed(sets: readonly (readonly number[])[]) {
  const memberStart = new Int32Array(sets.length + 1);
  const items: number[] = [];
  sets.forEach((s, m) => {
    memberStart[m] = items.length;
    items.push(...[...s].sort((a, b) => a - b));
  });
  memberStart[sets.length] = items.length;
  return { memberStart, memberItems: Int32Array.from(items) };
}

/** Every other member compared with u: the definition the index must reproduce. */
function bruteForce(sets: readonly (readonly number[])[], u: number, k: number): Neighbour[] {
  const mine = new Set(sets[u]);
  const all: Neighbour[] = [];
  sets.forEach((s, v) => {
    if (v === u) return;
    const overlap = s.filter((p) => mine.has(p)).length;
    const similarity = setCosine(overlap, mine.size, s.length);
    if (similarity > 0) all.push({ member: v, similarity });
  });
  return all.sort((a, b) => b.similarity - a.similarity || a.member - b.member).slice(0, k);
}

const PRODUCTS = 12;
const memberSets = fc.array(
  fc.uniqueArray(fc.integer({ min: 0, max: PRODUCTS - 1 }), { maxLength: 6 }),
  {
    minLength: 1,
    maxLength: 40,
  },
);

describe('neighbours through the inverted index', () => {
  it('equal a brute-force search over all members when the candidate cap is not reached', () => {
    fc.assert(
      fc.property(memberSets, fc.integer({ min: 1, max: 8 }), fc.nat(), (sets, k, seed) => {
        const { memberStart, memberItems } = compressed(sets);
        const index = buildNeighbourIndex(memberStart, memberItems, PRODUCTS, seed);
        const search = createNeighbourSearch(index, sets.length);
        for (let u = 0; u < sets.length; u += 1) {
          expect(search(u, k)).toEqual(bruteForce(sets, u, k));
        }
      }),
    );
  });

  it('with a small cap, still returns exact cosines of real neighbours, best first', () => {
    fc.assert(
      fc.property(memberSets, fc.integer({ min: 1, max: 5 }), (sets, cap) => {
        const { memberStart, memberItems } = compressed(sets);
        const search = createNeighbourSearch(
          buildNeighbourIndex(memberStart, memberItems, PRODUCTS, 3),
          cap,
        );
        for (let u = 0; u < sets.length; u += 1) {
          const found = search(u, 10);
          expect(found.length).toBeLessThanOrEqual(cap);
          const exact = new Map(
            bruteForce(sets, u, sets.length).map((n) => [n.member, n.similarity]),
          );
          for (const n of found) expect(exact.get(n.member)).toBe(n.similarity);
          for (let i = 1; i < found.length; i += 1) {
            expect((found[i - 1] as Neighbour).similarity).toBeGreaterThanOrEqual(
              (found[i] as Neighbour).similarity,
            );
          }
        }
      }),
    );
  });

  it('answers the same when asked twice (scratch space is reset)', () => {
    const sets = [[0, 1], [1, 2], [0, 2], [3]];
    const { memberStart, memberItems } = compressed(sets);
    const search = createNeighbourSearch(buildNeighbourIndex(memberStart, memberItems, 4, 1), 10);
    const first = search(0, 50);
    expect(search(1, 50).length).toBeGreaterThan(0);
    expect(search(0, 50)).toEqual(first);
    expect(first.map((n) => n.member)).toEqual([1, 2]);
    expect(search(3, 50)).toEqual([]);
  });
});
