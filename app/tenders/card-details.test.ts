import { describe, expect, it } from 'vitest';
import type { AuthCode, TerminalRef } from './card-details';
import { parseAuthCode, parseTerminalRef } from './card-details';

describe('parseAuthCode', () => {
  it('accepts 1 to 6 letters or digits', () => {
    for (const code of ['1', 'A1B2C3', '000000', 'abc']) {
      expect(parseAuthCode(code)).toEqual({ ok: true, value: code });
    }
  });

  it('refuses empty, 7 characters, punctuation, spaces and a card number', () => {
    for (const code of ['', '1234567', 'AB-12', 'A B', '6228480012345678']) {
      const parsed = parseAuthCode(code);
      expect(parsed.ok ? undefined : parsed.error.code).toBe('card.authCodeInvalid');
    }
  });
});

describe('parseTerminalRef', () => {
  it('accepts references and tokens, including a 12-digit retrieval reference', () => {
    for (const ref of [
      'T-1',
      '123456789012',
      'tok_9f8e7d6c5b4a',
      '12345678901234567890',
      'x'.repeat(64),
    ]) {
      expect(parseTerminalRef(ref).ok).toBe(true);
    }
  });

  it('refuses anything holding a 13–19 digit run, without echoing it', () => {
    for (const ref of [
      '6228480012345678',
      '1234567890123',
      '1234567890123456789',
      'pan=4111111111111111;',
    ]) {
      const parsed = parseTerminalRef(ref);
      expect(parsed.ok ? undefined : parsed.error.code).toBe('card.terminalRefInvalid');
      expect(JSON.stringify(parsed)).not.toContain(ref);
    }
  });

  it('refuses empty, over 64 characters, spaces and control characters', () => {
    for (const ref of ['', 'x'.repeat(65), 'T 1', 'T\n1', 'T\u00e91']) {
      expect(parseTerminalRef(ref).ok).toBe(false);
    }
  });

  it('cannot be built from a plain string', () => {
    // @ts-expect-error a string is not a TerminalRef
    const ref: TerminalRef = '6228480012345678';
    // @ts-expect-error a string is not an AuthCode
    const code: AuthCode = 'A1';
    expect([ref, code]).toHaveLength(2);
  });
});
