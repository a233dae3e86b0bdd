// Sending with approval: asked first when the role is known to be too low, asked after the core's
// refusal otherwise, never asked when not needed, and a cancelled dialog sends nothing more.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../app/commands';
import type { ApprovalPermission } from './approved-send';
import { sendApproved } from './approved-send';

const REQUIRED: Answer<string> = {
  ok: false,
  error: { code: 'auth.approvalRequired', message: 'A manager must approve this' },
};

/** A core that needs an approval id for the action and records what it was sent. */
function fakeCore(needsApproval: boolean) {
  const sent: (string | undefined)[] = [];
  return {
    sent,
    attempt: (approvalId: string | undefined): Promise<Answer<string>> => {
      sent.push(approvalId);
      if (needsApproval && approvalId === undefined) return Promise.resolve(REQUIRED);
      return Promise.resolve({ ok: true, value: `done with ${approvalId ?? 'no approval'}` });
    },
  };
}

function asker(role: 'cashier' | 'manager' | null, answer: string | undefined) {
  const asked: ApprovalPermission[] = [];
  return {
    asked,
    role,
    ask: (permission: ApprovalPermission) => {
      asked.push(permission);
      return Promise.resolve(answer);
    },
  };
}

describe('sendApproved', () => {
  it('asks first when the cashier may not do it alone, and sends once with the id', async () => {
    const core = fakeCore(true);
    const dialog = asker('cashier', 'a-1');
    const answer = await sendApproved(dialog, 'stocktake.post', core.attempt);
    expect(answer).toEqual({ ok: true, value: 'done with a-1' });
    expect(dialog.asked).toEqual(['stocktake.post']);
    expect(core.sent).toEqual(['a-1']);
  });

  it('does not ask a manager', async () => {
    const core = fakeCore(false);
    const dialog = asker('manager', 'a-1');
    expect(await sendApproved(dialog, 'shift.zReport', core.attempt)).toEqual({
      ok: true,
      value: 'done with no approval',
    });
    expect(dialog.asked).toEqual([]);
  });

  it('asks after the core refuses when the role was unknown', async () => {
    const core = fakeCore(true);
    const dialog = asker(null, 'a-2');
    const answer = await sendApproved(dialog, 'return.blind', core.attempt);
    expect(answer).toEqual({ ok: true, value: 'done with a-2' });
    expect(core.sent).toEqual([undefined, 'a-2']);
  });

  it('sends nothing more when the dialog is cancelled', async () => {
    const core = fakeCore(true);
    const answer = await sendApproved(asker('cashier', undefined), 'shift.cashInOut', core.attempt);
    expect(answer).toEqual({ ok: 'cancelled' });
    expect(core.sent).toEqual([]);
  });

  it('passes other refusals through without asking', async () => {
    const dialog = asker(null, 'a-3');
    const refusal: Answer<string> = {
      ok: false,
      error: { code: 'stocktake.closed', message: 'This stocktake was already posted' },
    };
    const answer = await sendApproved(dialog, 'stocktake.post', () => Promise.resolve(refusal));
    expect(answer).toBe(refusal);
    expect(dialog.asked).toEqual([]);
  });
});
