// A value sent as its difference from the one before must come out as exactly the value, through
// JSON as the socket carries it, and reuse the earlier value's own objects where nothing changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructuralDelta } from './structural-delta';
import { applyDelta, DeltaMismatchError, deltaOf } from './structural-delta';

const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What the screen holds after the host sent `next` as a delta against `prev`. */
function carried(prev: unknown, next: unknown): unknown {
  return applyDelta(overTheWire(prev), overTheWire(deltaOf(prev, next)));
}

const line = (n: number) => ({ lineId: `l${n}`, product: { name: `p${n}`, price: n * 100 } });

describe('structural delta', () => {
  it('sends a line added to a cart as that line and a 0 for each line kept', () => {
    const before = { cart: { lines: [line(1), line(2)] }, total: 300 };
    const after = { cart: { lines: [...before.cart.lines, line(3)] }, total: 600 };
    expect(deltaOf(before, after)).toEqual({
      o: { cart: { o: { lines: { a: [0, 0, { v: line(3) }] } } }, total: { v: 600 } },
    });
    const held = overTheWire(before);
    const next = applyDelta(held, overTheWire(deltaOf(before, after))) as typeof after;
    expect(next).toEqual(after);
    // The kept lines are the screen's own objects: its cache and memoised rows see no change.
    expect(next.cart.lines[0]).toBe(held.cart.lines[0]);
    expect(next.cart.lines[1]).toBe(held.cart.lines[1]);
  });

  it('is 0 for an equal value, even when rebuilt, and whole for a change of kind', () => {
    expect(deltaOf({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(0);
    expect(deltaOf([1, 2], { 0: 1, 1: 2 })).toEqual({ v: { 0: 1, 1: 2 } });
    expect(deltaOf({ a: 1 }, null)).toEqual({ v: null });
    expect(deltaOf('3', 3)).toEqual({ v: 3 });
  });

  it('drops keys and shortens lists that the new value no longer has', () => {
    expect(carried({ a: 1, b: 2, c: [1, 2, 3] }, { a: 1, c: [1] })).toEqual({ a: 1, c: [1] });
    // A key whose value is undefined is absent, as JSON makes it.
    expect(carried({ a: 1, b: 2 }, { a: 1, b: undefined })).toEqual({ a: 1 });
    expect(deltaOf({ a: 1 }, { a: 1, b: undefined })).toBe(0);
  });

  it('keeps data that looks like a delta as data', () => {
    const prev = { v: 0, o: { a: 0 }, list: [0, 0] };
    const next = { v: 0, o: { a: 1 }, list: [0, { v: 1 }, { a: [] }] };
    expect(carried(prev, next)).toEqual(next);
    expect(carried({}, { __proto__: 1 })).toEqual({});
    const hostile = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    const out = carried({ keep: 1 }, hostile) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('comes out as exactly the new value for any pair of JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (prev, next) => {
        expect(carried(prev, next)).toEqual(overTheWire(next));
      }),
      { numRuns: 2000 },
    );
  });

  it('comes out exactly for a value edited in place, the usual case', () => {
    const edit = fc
      .jsonValue()
      .chain((base) =>
        fc.tuple(fc.constant(base), fc.jsonValue(), fc.array(fc.nat(), { maxLength: 4 })),
      );
    fc.assert(
      fc.property(edit, ([base, insert, path]) => {
        // The new value: the old one with the value at a path replaced, other parts shared.
        const replace = (value: unknown, at: readonly number[]): unknown => {
          const [step, ...rest] = at;
          if (step === undefined) return insert;
          if (Array.isArray(value) && value.length > 0) {
            const i = step % value.length;
            return value.map((v: unknown, j) => (j === i ? replace(v, rest) : v));
          }
          if (typeof value === 'object' && value !== null) {
            const keys = Object.keys(value);
            if (keys.length === 0) return insert;
            const key = keys[step % keys.length] as string;
            return { ...value, [key]: replace((value as Record<string, unknown>)[key], rest) };
          }
          return insert;
        };
        const next = replace(base, path);
        expect(carried(base, next)).toEqual(overTheWire(next));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a delta that does not fit what the screen holds', () => {
    expect(() => applyDelta(undefined, 0)).toThrow(DeltaMismatchError);
    expect(() => applyDelta({}, { o: { a: 0 } })).toThrow(DeltaMismatchError);
    expect(() => applyDelta([1], { a: [0, 0] })).toThrow(DeltaMismatchError);
    for (const forged of ['x', 1, null, [], { x: 1 }, { a: 'no' }, { o: [] }]) {
      expect(() => applyDelta({}, forged as unknown as StructuralDelta)).toThrow(
        DeltaMismatchError,
      );
    }
  });
});
