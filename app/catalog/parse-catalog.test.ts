import { describe, expect, it } from 'vitest';
import { isMemberLevel, MEMBER_LEVELS } from './member-level';
import {
  parseProduct,
  parseRegister,
  parseStaffUser,
  parseStore,
  parseTaxClass,
} from './parse-catalog';

describe('parsing catalog records at the boundary', () => {
  it('turns a bad record into a refusal that names the field', () => {
    const result = parseProduct({ id: 'p1' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('catalog.invalidProduct');
      expect(result.error.message).toMatch(/^The product record is not valid at /);
    }
  });

  it('refuses each kind of record with its own code', () => {
    const codes = [parseStore(null), parseRegister(1), parseStaffUser('x'), parseTaxClass({})].map(
      (r) => (r.ok ? 'ok' : r.error.code),
    );
    expect(codes).toEqual([
      'catalog.invalidStore',
      'catalog.invalidRegister',
      'catalog.invalidStaffUser',
      'catalog.invalidTaxClass',
    ]);
  });

  it('passes a good record through', () => {
    expect(parseTaxClass({ id: 'vat13', name: 'VAT 13%', rateBasisPoints: 1300 })).toEqual({
      ok: true,
      value: { id: 'vat13', name: 'VAT 13%', rateBasisPoints: 1300 },
    });
  });
});

describe('member levels', () => {
  it('are the four SPEC levels in order', () => {
    expect(MEMBER_LEVELS).toEqual(['bronze', 'silver', 'gold', 'platinum']);
    expect(isMemberLevel('gold')).toBe(true);
    expect(isMemberLevel('diamond')).toBe(false);
    expect(isMemberLevel(3)).toBe(false);
  });
});
