import { describe, expect, it } from 'vitest';
import { expandUpcE, isValidGtin } from './index';

describe('expandUpcE', () => {
  // One row per placement rule of the last data digit, both number systems, and real packs.
  it.each([
    ['01234505', '012000003455', 'last digit 0: manufacturer ends 000'],
    ['01234514', '012100003454', 'last digit 1'],
    ['01234523', '012200003453', 'last digit 2'],
    ['01234531', '012300000451', 'last digit 3: manufacturer ends 00'],
    ['01234543', '012340000053', 'last digit 4: manufacturer ends 0'],
    ['01234565', '012345000065', 'last digit 6: item 0000x'],
    ['01234572', '012345000072', 'last digit 7'],
    ['11234562', '112345000062', 'number system 1'],
    ['04252614', '042100005264', 'the classic textbook example'],
    ['04963406', '049000006346', 'a 12 oz soft-drink can'],
  ])('%s → %s (%s)', (upcE, upcA) => {
    const result = expandUpcE(upcE);
    expect(result).toEqual({ ok: true, value: upcA });
    expect(isValidGtin(upcA)).toBe(true);
  });

  it('expands 6 digits with number system 0 and computes the check digit', () => {
    expect(expandUpcE('425261')).toEqual({ ok: true, value: '042100005264' });
  });

  it('refuses a wrong check digit', () => {
    const result = expandUpcE('04252615');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('barcode.badCheckDigit');
      expect(result.error.details).toEqual({ expected: 4, found: 5 });
    }
  });

  it.each([
    ['24252614', 'barcode.badNumberSystem'],
    ['0425261', 'barcode.badLength'],
    ['042526144', 'barcode.badLength'],
    ['0425261X', 'barcode.notDigits'],
  ])('refuses %s with %s', (code, errorCode) => {
    const result = expandUpcE(code);
    expect(result.ok ? undefined : result.error.code).toBe(errorCode);
  });
});
