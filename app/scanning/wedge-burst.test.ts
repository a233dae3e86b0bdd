// The wedge detector against recorded human typing and scanner bursts, and mixes of the two.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEDGE_OPTIONS,
  EMPTY_WEDGE_STATE,
  feedWedgeKey,
  replayWedge,
  settleWedge,
  type KeyStroke,
  type WedgeOutput,
} from './index';

type Recordings = {
  human: Record<string, KeyStroke[]>;
  scanner: Record<string, KeyStroke[]>;
};
const recordings = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures', 'wedge-recordings.json'), 'utf8'),
) as Recordings;

function scans(outputs: readonly WedgeOutput[]): string[] {
  return outputs.flatMap((o) => (o.kind === 'scan' ? [o.text] : []));
}
function typed(outputs: readonly WedgeOutput[]): string {
  return outputs.flatMap((o) => (o.kind === 'typed' ? o.keys.map((k) => k.key) : [])).join('|');
}

describe('keyboard-wedge burst detector', () => {
  it.each(Object.entries(recordings.human))('passes human typing through: %s', (_name, keys) => {
    const outputs = replayWedge(keys);
    expect(scans(outputs)).toEqual([]);
    expect(typed(outputs)).toBe(keys.map((k) => k.key).join('|'));
  });

  it('recognises each recorded scanner burst as one scan', () => {
    const expected: Record<string, string> = {
      usbEan13: '6901234567892',
      bluetoothWechatPay: '134567890123456789',
      usbCode128Shift: 'AB-1234x',
      tabSuffixEan8: '96385074',
    };
    for (const [name, keys] of Object.entries(recordings.scanner)) {
      const outputs = replayWedge(keys);
      expect(scans(outputs), name).toEqual([expected[name]]);
      expect(typed(outputs), name).toBe('');
    }
  });

  it('separates a scan fired while the cashier is typing into a field', () => {
    const phone = recordings.human['phoneSearch'] ?? [];
    const scan = recordings.scanner['usbEan13'] ?? [];
    const typing = phone.slice(0, 5);
    const lastTyped = typing[typing.length - 1]?.at ?? 0;
    const offset = lastTyped + 200 - (scan[0]?.at ?? 0);
    const burst = scan.map((k) => ({ key: k.key, at: k.at + offset }));
    const outputs = replayWedge([...typing, ...burst]);
    expect(scans(outputs)).toEqual(['6901234567892']);
    expect(typed(outputs)).toBe('1|3|8|1|2');
  });

  it('keeps a short fast burst with Enter as typing (a PIN, a double press)', () => {
    const keys: KeyStroke[] = [
      { key: '1', at: 0 },
      { key: '2', at: 5 },
      { key: '3', at: 10 },
      { key: 'Enter', at: 15 },
    ];
    expect(scans(replayWedge(keys))).toEqual([]);
    expect(typed(replayWedge(keys))).toBe('1|2|3|Enter');
  });

  it('takes exactly minLength keys as a scan and one fewer as typing', () => {
    const burst = (n: number): KeyStroke[] => [
      ...Array.from({ length: n }, (_, i) => ({ key: String(i % 10), at: i * 5 })),
      { key: 'Enter', at: n * 5 },
    ];
    const min = DEFAULT_WEDGE_OPTIONS.minLength;
    expect(scans(replayWedge(burst(min)))).toHaveLength(1);
    expect(scans(replayWedge(burst(min - 1)))).toHaveLength(0);
  });

  it('splits a burst at a gap just over the limit and keeps one at the limit', () => {
    const max = DEFAULT_WEDGE_OPTIONS.maxInterKeyMs;
    const keysWithGap = (gap: number): KeyStroke[] => [
      ...'690123'.split('').map((key, i) => ({ key, at: i * 4 })),
      ...'4567'.split('').map((key, i) => ({ key, at: 20 + gap + i * 4 })),
      { key: 'Enter', at: 20 + gap + 20 },
    ];
    expect(scans(replayWedge(keysWithGap(max)))).toEqual(['6901234567']);
    expect(scans(replayWedge(keysWithGap(max + 1)))).toEqual([]);
  });

  it('without a suffix, accepts a burst only when configured to', () => {
    const keys = '6901234567892'.split('').map((key, i) => ({ key, at: i * 4 }));
    expect(scans(replayWedge(keys))).toEqual([]);
    const lenient = { ...DEFAULT_WEDGE_OPTIONS, acceptWithoutSuffix: true };
    expect(scans(replayWedge(keys, lenient))).toEqual(['6901234567892']);
  });

  it('settles held keys only after the gap has passed', () => {
    const step = feedWedgeKey(EMPTY_WEDGE_STATE, { key: 'a', at: 100 });
    expect(step.outputs).toEqual([]);
    expect(settleWedge(step.state, 100 + DEFAULT_WEDGE_OPTIONS.maxInterKeyMs).outputs).toEqual([]);
    const settled = settleWedge(step.state, 101 + DEFAULT_WEDGE_OPTIONS.maxInterKeyMs);
    expect(typed(settled.outputs)).toBe('a');
    expect(settled.state.held).toEqual([]);
  });

  it('takes back keys the timer typed when the rest of the burst comes late', () => {
    const keys = [...'4006381333931'.split(''), 'Enter'].map((key, i) => ({
      key,
      at: 1000 + i * 4,
    }));
    let state = EMPTY_WEDGE_STATE;
    const outputs: WedgeOutput[] = [];
    keys.forEach((stroke, i) => {
      // The page gets nothing for 150 ms after the fifth key: its timer runs out.
      if (i === 5) {
        const settled = settleWedge(state, 1016 + 150);
        state = settled.state;
        outputs.push(...settled.outputs);
      }
      const step = feedWedgeKey(state, stroke);
      state = step.state;
      outputs.push(...step.outputs);
    });
    expect(outputs.map((o) => o.kind)).toEqual(['typed', 'untyped', 'scan']);
    expect(typed(outputs)).toBe('4|0|0|6|3');
    expect(outputs[1]).toEqual({ kind: 'untyped', keys: keys.slice(0, 5) });
    expect(scans(outputs)).toEqual(['4006381333931']);
    expect(state).toEqual(EMPTY_WEDGE_STATE);
  });

  it('leaves typed keys in the field when the next key is a person’s, or a key no scanner sends', () => {
    const settled = settleWedge(feedWedgeKey(EMPTY_WEDGE_STATE, { key: '1', at: 0 }).state, 500);
    expect(typed(settled.outputs)).toBe('1');
    const later = feedWedgeKey(settled.state, { key: '2', at: 36 });
    expect(later.outputs).toEqual([]);
    expect(later.state).toEqual({ held: [{ key: '2', at: 36 }], settled: [] });
    const arrow = feedWedgeKey(settled.state, { key: 'ArrowLeft', at: 10 });
    expect(arrow.outputs.map((o) => o.kind)).toEqual(['typed']);
    // Shift neither continues nor ends the late burst.
    const shift = feedWedgeKey(settled.state, { key: 'Shift', at: 10 });
    expect(shift.state).toBe(settled.state);
  });

  it('never loses or reorders a key (property)', () => {
    const stroke = fc.record({
      key: fc.constantFrom('1', '2', 'a', 'B', 'Enter', 'Tab', 'Shift', 'ArrowLeft'),
      gap: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(stroke, { maxLength: 80 }), (raw) => {
        let at = 0;
        const keys = raw.map((s) => ({ key: s.key, at: (at += s.gap) }));
        const outputs = replayWedge(keys);
        // Every key but Shift comes out once, as typing or in a scan (whose suffix is consumed).
        const out = outputs.flatMap((o) =>
          o.kind === 'scan' ? [...o.text, 'suffix'] : o.keys.map((k) => k.key),
        );
        expect(outputs.some((o) => o.kind === 'untyped')).toBe(false);
        const expected = keys.map((k) => k.key).filter((k) => k !== 'Shift');
        const normalise = (list: string[]) =>
          list.map((k) => (k === 'Enter' || k === 'Tab' ? 'suffix' : k));
        expect(normalise(out)).toEqual(normalise(expected));
      }),
    );
  });

  it('means the same whenever the page’s timer runs out between keys (property)', () => {
    const stroke = fc.record({
      key: fc.constantFrom('1', '2', '3', 'a', 'B', 'Enter', 'Shift', 'ArrowLeft'),
      // Mostly a scanner's pace, so bursts long enough to be scans are common.
      gap: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 35 }), weight: 6 },
        { arbitrary: fc.integer({ min: 36, max: 300 }), weight: 1 },
      ),
      late: fc.boolean(),
    });
    /** What the field and the scan handler end up with: a take-back removes what it names. */
    const net = (outputs: readonly WedgeOutput[]): string[] => {
      const seen: string[] = [];
      for (const o of outputs) {
        if (o.kind === 'scan') seen.push(`scan:${o.text}`);
        else if (o.kind === 'typed') seen.push(...o.keys.map((k) => k.key));
        else {
          const taken = seen.splice(seen.length - o.keys.length);
          expect(taken).toEqual(o.keys.map((k) => k.key));
        }
      }
      return seen;
    };
    fc.assert(
      fc.property(fc.array(stroke, { maxLength: 60 }), (raw) => {
        let at = 0;
        const keys = raw.map((s) => ({ key: s.key, at: (at += s.gap), late: s.late }));
        let state = EMPTY_WEDGE_STATE;
        const outputs: WedgeOutput[] = [];
        for (const { late, ...key } of keys) {
          // A key that reaches the page late: the timer ran out before it, whatever its stamp.
          if (late) {
            const last = state.held[state.held.length - 1];
            const settled = settleWedge(state, (last?.at ?? 0) + 1_000);
            state = settled.state;
            outputs.push(...settled.outputs);
          }
          const step = feedWedgeKey(state, key);
          state = step.state;
          outputs.push(...step.outputs);
        }
        const lastAt = keys[keys.length - 1]?.at ?? 0;
        outputs.push(...settleWedge(state, lastAt + 1_000).outputs);
        expect(net(outputs)).toEqual(net(replayWedge(keys.map(({ key, at }) => ({ key, at })))));
      }),
      { numRuns: 2_000 },
    );
  });
});
