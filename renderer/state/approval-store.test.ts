// The approval request: one at a time, answered with the approval id or nothing.
import { describe, expect, it } from 'vitest';
import { createApprovalStore } from './approval-store';

describe('approval store', () => {
  it('opens a request and resolves it with the approval id', async () => {
    const store = createApprovalStore();
    const asked = store.getState().ask('stocktake.post');
    expect(store.getState().request).toEqual({ permission: 'stocktake.post' });
    store.getState().settle('approval-1');
    await expect(asked).resolves.toBe('approval-1');
    expect(store.getState().request).toBeNull();
  });

  it('answers undefined when cancelled', async () => {
    const store = createApprovalStore();
    const asked = store.getState().ask('shift.zReport');
    store.getState().settle(undefined);
    await expect(asked).resolves.toBeUndefined();
  });

  it('cancels the first request when a second one replaces it', async () => {
    const store = createApprovalStore();
    const first = store.getState().ask('shift.xReport');
    const second = store.getState().ask('return.blind');
    await expect(first).resolves.toBeUndefined();
    expect(store.getState().request).toEqual({ permission: 'return.blind' });
    store.getState().settle('approval-2');
    await expect(second).resolves.toBe('approval-2');
  });

  it('ignores an answer when nothing was asked', () => {
    const store = createApprovalStore();
    store.getState().settle('stray');
    expect(store.getState().request).toBeNull();
  });
});
