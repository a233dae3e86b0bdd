import { describe, expect, it } from 'vitest';
import { MEMBER_LEVELS, detectLevelChange, levelForPoints } from './levels';

describe('levelForPoints', () => {
  it.each([
    [0, 'bronze'],
    [999, 'bronze'],
    [1_000, 'silver'],
    [4_999, 'silver'],
    [5_000, 'gold'],
    [19_999, 'gold'],
    [20_000, 'platinum'],
    [1_000_000, 'platinum'],
    [-50, 'bronze'],
  ])('%i points is %s', (points, level) => {
    expect(levelForPoints(points)).toBe(level);
  });

  it('lists the levels lowest first', () => {
    expect(MEMBER_LEVELS).toEqual(['bronze', 'silver', 'gold', 'platinum']);
  });

  it('refuses NaN', () => {
    expect(() => levelForPoints(Number.NaN)).toThrow(RangeError);
  });
});

describe('detectLevelChange', () => {
  it('999 → 1000 is a level-up to silver', () => {
    expect(detectLevelChange('m', 999, 1_000, 5)).toEqual({
      type: 'memberLevelUp',
      memberId: 'm',
      from: 'bronze',
      to: 'silver',
      at: 5,
    });
  });

  it('20000 → 19999 is a level-down to gold; a jump can skip levels', () => {
    expect(detectLevelChange('m', 20_000, 19_999, 5)).toMatchObject({
      type: 'memberLevelDown',
      from: 'platinum',
      to: 'gold',
    });
    expect(detectLevelChange('m', 0, 20_000, 5)).toMatchObject({ from: 'bronze', to: 'platinum' });
  });

  it('no event within a level', () => {
    expect(detectLevelChange('m', 5_000, 19_999, 5)).toBeUndefined();
  });
});
