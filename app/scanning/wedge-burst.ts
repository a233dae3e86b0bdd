// Tells a keyboard-wedge scanner's burst from a person typing, so a scan never lands in a text field.

/** A key as the UI saw it: `key` as in KeyboardEvent.key, `at` in epoch ms (event time stamp). */
export type KeyStroke = Readonly<{ key: string; at: number }>;

export type WedgeOptions = Readonly<{
  /**
   * Longest gap between two keys of one scan. USB wedge scanners send a key every 1–16 ms and
   * Bluetooth ones up to ~30 ms; even fast typists rarely keep under 50 ms for long.
   */
  maxInterKeyMs: number;
  /** Shortest scan (store codes have 6+, EAN-8 has 8): shorter bursts are fast typing. */
  minLength: number;
  /** Keys that end a scan as configured on the scanner: Enter by factory default, Tab on some. */
  suffixKeys: readonly string[];
  /**
   * A burst without a suffix counts as a scan when the keys stop coming: for scanners set to
   * send no suffix. Off by default, since a suffix is the surest tell.
   */
  acceptWithoutSuffix: boolean;
}>;

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxInterKeyMs: 35,
  minLength: 6,
  suffixKeys: ['Enter', 'Tab'],
  acceptWithoutSuffix: false,
};

/** What the UI does with what it has fed so far. */
export type WedgeOutput =
  | Readonly<{ kind: 'scan'; text: string; at: number }>
  /** Keys to hand to the focused field, in order: a person typed them. */
  | Readonly<{ kind: 'typed'; keys: readonly KeyStroke[] }>
  /**
   * Keys the last `typed` handed to the field when the UI timer ran out, to take back out of it:
   * a key stamped within the burst's gap came after all, so they were a scan's, only late.
   */
  | Readonly<{ kind: 'untyped'; keys: readonly KeyStroke[] }>;

export type WedgeState = Readonly<{
  /** Keys held back while it is not yet clear who sent them. */
  held: readonly KeyStroke[];
  /**
   * Keys `settleWedge` last released as typed. The UI timer runs on the clock the keys reach the
   * page by; a machine too busy to pass keys on can hold the rest of a burst back past it, while
   * the stamps (when the keys were pressed) still say one burst. Kept until the next key.
   */
  settled: readonly KeyStroke[];
}>;

export const EMPTY_WEDGE_STATE: WedgeState = { held: [], settled: [] };

export type WedgeStep = Readonly<{ state: WedgeState; outputs: readonly WedgeOutput[] }>;

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

/** Keys that carry no character (Shift the scanner presses for capitals, etc.) are not timed. */
function isCharacter(key: string): boolean {
  return [...key].length === 1;
}

/**
 * Feeds one key. The UI holds keys back while they may be a scan and releases them as typed
 * when the burst breaks; `settleWedge` does the same when the keys just stop.
 */
export function feedWedgeKey(
  state: WedgeState,
  stroke: KeyStroke,
  options: WedgeOptions = DEFAULT_WEDGE_OPTIONS,
): WedgeStep {
  const outputs: WedgeOutput[] = [];
  let held = state.held;
  // The scanner's modifiers are not timed, so they neither continue nor end a late burst.
  if (MODIFIER_KEYS.has(stroke.key)) return { state, outputs };
  const settledLast = state.settled[state.settled.length - 1];
  if (
    settledLast !== undefined &&
    (isCharacter(stroke.key) || options.suffixKeys.includes(stroke.key)) &&
    stroke.at - settledLast.at <= options.maxInterKeyMs
  ) {
    outputs.push({ kind: 'untyped', keys: state.settled });
    held = state.settled;
  }
  const last = held[held.length - 1];
  // A gap too long for a scanner: what was held came from a person.
  if (last !== undefined && stroke.at - last.at > options.maxInterKeyMs) {
    outputs.push(...releaseHeld(held, options));
    held = [];
  }
  if (options.suffixKeys.includes(stroke.key)) {
    if (held.length >= options.minLength) {
      outputs.push({ kind: 'scan', text: held.map((k) => k.key).join(''), at: stroke.at });
      return { state: EMPTY_WEDGE_STATE, outputs };
    }
    // Enter after a short burst or after typing: it belongs to the field (submit a PIN, etc.).
    if (held.length > 0) outputs.push({ kind: 'typed', keys: held });
    outputs.push({ kind: 'typed', keys: [stroke] });
    return { state: EMPTY_WEDGE_STATE, outputs };
  }
  if (!isCharacter(stroke.key)) {
    // Arrows, Backspace: scanners never send them, so a person is typing: release all in order.
    if (held.length > 0) outputs.push({ kind: 'typed', keys: held });
    outputs.push({ kind: 'typed', keys: [stroke] });
    return { state: EMPTY_WEDGE_STATE, outputs };
  }
  return { state: { held: [...held, stroke], settled: [] }, outputs };
}

/** Call when no key came for `maxInterKeyMs` (a UI timer): held keys are decided then. */
export function settleWedge(
  state: WedgeState,
  now: number,
  options: WedgeOptions = DEFAULT_WEDGE_OPTIONS,
): WedgeStep {
  const last = state.held[state.held.length - 1];
  if (last === undefined || now - last.at <= options.maxInterKeyMs) return { state, outputs: [] };
  const outputs = releaseHeld(state.held, options);
  const typed = outputs.every((o) => o.kind === 'typed');
  return { state: { held: [], settled: typed ? state.held : [] }, outputs };
}

function releaseHeld(held: readonly KeyStroke[], options: WedgeOptions): WedgeOutput[] {
  if (held.length === 0) return [];
  const last = held[held.length - 1];
  if (options.acceptWithoutSuffix && held.length >= options.minLength && last !== undefined) {
    return [{ kind: 'scan', text: held.map((k) => k.key).join(''), at: last.at }];
  }
  return [{ kind: 'typed', keys: held }];
}

/** Feeds a whole recording, settling at the end: for tests and for replaying a captured session. */
export function replayWedge(
  strokes: readonly KeyStroke[],
  options: WedgeOptions = DEFAULT_WEDGE_OPTIONS,
): readonly WedgeOutput[] {
  let state = EMPTY_WEDGE_STATE;
  const outputs: WedgeOutput[] = [];
  for (const stroke of strokes) {
    const step = feedWedgeKey(state, stroke, options);
    state = step.state;
    outputs.push(...step.outputs);
  }
  const lastAt = strokes[strokes.length - 1]?.at ?? 0;
  outputs.push(...settleWedge(state, lastAt + options.maxInterKeyMs + 1, options).outputs);
  return outputs;
}
