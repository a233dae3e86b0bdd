// Telling a swipe typed by a keyboard-mode card reader from a barcode, and Luhn.
import { describe, expect, it } from 'vitest';
import { looksLikeSwipe, passesLuhn, readSwipe } from './card-swipe';

describe('keyboard swipes', () => {
  it('knows a stripe’s tracks from a barcode', () => {
    expect(looksLikeSwipe('%M990086000001^CHEN/JING^99120000000000?;990086000001=9912000?')).toBe(
      true,
    );
    expect(looksLikeSwipe(';990086000001=9912000?')).toBe(true);
    expect(looksLikeSwipe('6901234567892')).toBe(false);
    expect(looksLikeSwipe('%not closed')).toBe(false);
    expect(looksLikeSwipe('https://example.com/?q=1')).toBe(false);
  });

  it('reads a member card by the store’s prefixes and refuses a bank card without its number', () => {
    const prefixes = { memberPrefixes: ['9900'] };
    expect(readSwipe(';990086000001=9912000?', prefixes)).toEqual({
      kind: 'member',
      memberNumber: '990086000001',
    });
    const bank = readSwipe(';4111111111111111=28121010000000000000?', prefixes);
    expect(bank).toEqual({ kind: 'bankCardRefused' });
    expect(JSON.stringify(bank)).not.toContain('4111');
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});
