// A JSON value described as its difference from an earlier one, place by place: what is the same
// is one `0`, what changed is carried whole. A cart that gained one line is sent as that line and
// a `0` for each line it already had.
//
// Every level of a delta is tagged, and the data it carries sits only under `v`, so no value in the
// data (a key named "v" or "o", a 0 in a list) can be mistaken for part of the delta:
//   0                 the same as the earlier value at this place
//   { v: value }      this value, whole
//   { o: { k: d } }   an object with exactly these keys, each described by its own delta
//   { a: [d, …] }     an array of exactly these elements, each against the earlier one at its index

export type StructuralDelta =
  | 0
  | { readonly v: unknown }
  | { readonly o: { readonly [key: string]: StructuralDelta } }
  | { readonly a: readonly StructuralDelta[] };

/** Thrown when a delta does not fit the value it is applied to: the two ends lost step. */
export class DeltaMismatchError extends Error {
  constructor(where: string) {
    super(`The delta does not fit the earlier value at ${where}`);
    this.name = 'DeltaMismatchError';
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `next` against `prev`, for values that are JSON (what JSON.stringify keeps: keys whose value is
 * undefined are left out, as the wire leaves them out).
 */
export function deltaOf(prev: unknown, next: unknown): StructuralDelta {
  // The producer's unchanged parts are usually the very same objects: no walk needed.
  if (prev === next) return 0;
  if (Array.isArray(next) && Array.isArray(prev)) {
    const elements = next.map((value: unknown, i) =>
      i < prev.length ? deltaOf(prev[i], value) : { v: value },
    );
    if (prev.length === next.length && elements.every((d) => d === 0)) return 0;
    return { a: elements };
  }
  if (isRecord(next) && isRecord(prev)) {
    const keys = Object.keys(next).filter((key) => next[key] !== undefined);
    // No prototype: a key named __proto__ is a field like any other.
    const fields = Object.create(null) as Record<string, StructuralDelta>;
    let same = keys.length === Object.keys(prev).filter((key) => prev[key] !== undefined).length;
    for (const key of keys) {
      const field = Object.hasOwn(prev, key) ? deltaOf(prev[key], next[key]) : { v: next[key] };
      fields[key] = field;
      if (field !== 0) same = false;
    }
    return same ? 0 : { o: fields };
  }
  // Numbers, strings, booleans and null equal by value; anything else changed shape. An undefined
  // array element is what JSON writes as null.
  return { v: next === undefined ? null : next };
}

/** The value `delta` describes against `prev`; unchanged parts are `prev`'s own objects. */
export function applyDelta(prev: unknown, delta: StructuralDelta, where = '$'): unknown {
  if (delta === 0) {
    if (prev === undefined) throw new DeltaMismatchError(where);
    return prev;
  }
  // Read off a socket: anything but the four forms is refused, not guessed at.
  if (typeof delta !== 'object' || delta === null) throw new DeltaMismatchError(where);
  if ('v' in delta) return delta.v;
  if ('a' in delta) {
    const elements: unknown = delta.a;
    if (!Array.isArray(elements)) throw new DeltaMismatchError(where);
    const earlier: readonly unknown[] = Array.isArray(prev) ? prev : [];
    // Each element is checked as it is applied.
    return (elements as readonly StructuralDelta[]).map((element, i) =>
      applyDelta(earlier[i], element, `${where}[${i}]`),
    );
  }
  if ('o' in delta && isRecord(delta.o)) {
    const earlier = isRecord(prev) ? prev : {};
    // fromEntries defines each key as data, so a key named __proto__ stays a key.
    return Object.fromEntries(
      Object.entries(delta.o).map(([key, field]) => [
        key,
        applyDelta(
          Object.hasOwn(earlier, key) ? earlier[key] : undefined,
          field,
          `${where}.${key}`,
        ),
      ]),
    );
  }
  throw new DeltaMismatchError(where);
}
