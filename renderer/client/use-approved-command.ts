// The hook screens use for actions that may need an approval: the dialog opens when it must, a
// refusal becomes the screen's notice, a cancelled dialog changes nothing.
import type { Answer } from '../../app/commands';
import { approvalStore } from '../state/approval-store';
import { useUiStore } from '../state/ui-store';
import type { ApprovalPermission } from './approved-send';
import { sendApproved } from './approved-send';

export function useApprovedCommand() {
  const role = useUiStore((s) => s.session?.role ?? null);
  const showNotice = useUiStore((s) => s.showNotice);
  const clearNotice = useUiStore((s) => s.clearNotice);
  return async <T>(
    permission: ApprovalPermission,
    attempt: (approvalId: string | undefined) => Promise<Answer<T>>,
  ): Promise<T | undefined> => {
    const answer = await sendApproved(
      { role, ask: (p) => approvalStore.getState().ask(p) },
      permission,
      attempt,
    );
    if (answer.ok === 'cancelled') return undefined;
    if (!answer.ok) {
      showNotice(answer.error);
      return undefined;
    }
    clearNotice();
    return answer.value;
  };
}
