import { describe, expect, it } from 'vitest';
import { tillFlashAllowance } from './till-allowance';

describe('tillFlashAllowance', () => {
  it('needs a member: without one no unit gets the flash price', () => {
    expect(tillFlashAllowance({ leaseLeft: 5, perMemberLimit: 2, member: null })).toEqual({
      units: 0,
      memberLeft: null,
      reason: 'needsMember',
    });
  });

  it('is the smaller of the member limit left and the lease left', () => {
    const member = { alreadyBought: 1 };
    expect(tillFlashAllowance({ leaseLeft: 5, perMemberLimit: 3, member })).toEqual({
      units: 2,
      memberLeft: 2,
      reason: 'none',
    });
    expect(tillFlashAllowance({ leaseLeft: 1, perMemberLimit: 3, member })).toEqual({
      units: 1,
      memberLeft: 2,
      reason: 'none',
    });
    expect(tillFlashAllowance({ leaseLeft: 0, perMemberLimit: 3, member })).toEqual({
      units: 0,
      memberLeft: 2,
      reason: 'leaseExhausted',
    });
    expect(
      tillFlashAllowance({ leaseLeft: 5, perMemberLimit: 3, member: { alreadyBought: 3 } }),
    ).toEqual({ units: 0, memberLeft: 0, reason: 'memberLimit' });
  });
});
