// The manager approval dialog's request: a screen asks for an approval of one permission and
// waits; the dialog answers with the single-use approval id, or with nothing when cancelled.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ApprovalPermission } from '../client/approved-send';

export interface ApprovalRequest {
  readonly permission: ApprovalPermission;
}

export interface ApprovalState {
  readonly request: ApprovalRequest | null;
  /** Opens the dialog; resolves with the approval id, or undefined if the cashier cancels. */
  ask: (permission: ApprovalPermission) => Promise<string | undefined>;
  /** The dialog's answer. */
  settle: (approvalId: string | undefined) => void;
}

export function createApprovalStore(): StoreApi<ApprovalState> {
  let resolve: ((approvalId: string | undefined) => void) | undefined;
  return createStore<ApprovalState>()((set) => ({
    request: null,
    ask(permission) {
      // One dialog at a time: a second request replaces the first, which is then cancelled.
      resolve?.(undefined);
      set({ request: { permission } });
      return new Promise((done) => {
        resolve = done;
      });
    },
    settle(approvalId) {
      const done = resolve;
      resolve = undefined;
      set({ request: null });
      done?.(approvalId);
    },
  }));
}

export const approvalStore = createApprovalStore();

export function useApproval(): ApprovalState {
  return useStore(approvalStore);
}
