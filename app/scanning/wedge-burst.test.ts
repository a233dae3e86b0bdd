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
        const expected = keys.map((k) => k.key).filter((k) => k !== 'Shift');
        const normalise = (list: string[]) =>
          list.map((k) => (k === 'Enter' || k === 'Tab' ? 'suffix' : k));
        expect(normalise(out)).toEqual(normalise(expected));
      }),
    );
  });
});
