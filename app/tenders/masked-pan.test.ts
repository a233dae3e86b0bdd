import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MaskedPan } from './masked-pan';
import { maskPan, panBin, panLastFour, parseMaskedPan } from './masked-pan';

const FULL_PAN = '6228480012345678';

describe('maskPan', () => {
  it('keeps the first 6 and last 4 digits of a 16-digit number', () => {
    expect(maskPan(FULL_PAN)).toEqual({ ok: true, value: '622848******5678' });
  });

  it('masks every length from 13 to 19 digits', () => {
    expect(maskPan('1234567890123')).toEqual({ ok: true, value: '123456***0123' });
    expect(maskPan('1234567890123456789')).toEqual({ ok: true, value: '123456*********6789' });
  });

  it('refuses 12 or 20 digits, letters, spaces and the empty string', () => {
    for (const bad of [
      '123456789012',
      '12345678901234567890',
      '',
      '6228 4800 1234 5678',
      '622848001234567A',
    ]) {
      const masked = maskPan(bad);
      expect(masked.ok ? undefined : masked.error.code).toBe('card.panInvalid');
    }
  });

  it('never repeats the digits it refused', () => {
    const refused = maskPan(`${FULL_PAN}0000`);
    expect(JSON.stringify(refused)).not.toMatch(/\d{7,}/);
  });

  it('hides every digit but the first 6 and last 4 (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13,19}$/), (digits) => {
        const masked = maskPan(digits);
        if (!masked.ok) throw new Error('a 13–19 digit number must mask');
        expect(masked.value).toHaveLength(digits.length);
        expect(masked.value).not.toContain(digits);
        expect(masked.value.replace(/\*/g, '')).toHaveLength(10);
        expect(panBin(masked.value)).toBe(digits.slice(0, 6));
        expect(panLastFour(masked.value)).toBe(digits.slice(-4));
        // A masked number is accepted back as masked, and masking it is idempotent in shape.
        expect(parseMaskedPan(masked.value)).toEqual({ ok: true, value: masked.value });
      }),
    );
  });
});

describe('parseMaskedPan', () => {
  it('accepts an already-masked number', () => {
    expect(parseMaskedPan('622848******1234')).toEqual({ ok: true, value: '622848******1234' });
    expect(parseMaskedPan('123456***0123').ok).toBe(true);
    expect(parseMaskedPan('123456**9012').ok).toBe(false); // 12 long
  });

  it('rejects a 16-digit unmasked number', () => {
    const parsed = parseMaskedPan(FULL_PAN);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.error.code).toBe('card.panNotMasked');
    expect(JSON.stringify(parsed)).not.toContain(FULL_PAN);
  });

  it('rejects numbers that show more than 6 + 4 digits or use another mask', () => {
    for (const bad of [
      '6228480*****1234', // 7 first digits
      '622848*****01234', // 5 last digits
      '622848**1*******1234',
      '622848XXXXXX1234',
      '622848 ****** 1234',
      '622848*1234', // 11 long
      '622848**1234', // 12 long
      '622848**1234', // 12 long
      '622848**********1234', // 20 long
      '****************',
      '',
    ]) {
      expect(parseMaskedPan(bad).ok).toBe(false);
    }
  });

  it('rejects every unmasked 13–19 digit number (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13,19}$/), (digits) => {
        expect(parseMaskedPan(digits).ok).toBe(false);
      }),
    );
  });
});

describe('MaskedPan type', () => {
  it('cannot be given a plain string without a masking function', () => {
    // @ts-expect-error a string, even a masked-looking one, is not a MaskedPan
    const fromString: MaskedPan = FULL_PAN;
    expect(parseMaskedPan(fromString).ok).toBe(false);
  });
});
