// Who may do a sensitive action: the logged-in staff alone when their role allows it, otherwise
// with a supervisor's or manager's single-use approval (auth.approve), used up with the action.
import type { Permission } from '../../app/auth';
import { approvalNeeded } from '../../app/auth';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { AuthService } from './auth-service';

export interface ActingStaff {
  readonly staffId: string;
  /** Who approved; null when the staff's own role allows the action. */
  readonly approverId: string | null;
}

/**
 * Checks the session and the approval. Call it inside the transaction that does the action and
 * before writing anything: the approval is marked used there, so a refused action rolls it back
 * and a done one cannot be approved twice.
 */
export function approvedAction(
  auth: AuthService,
  permission: Permission,
  approvalId: string | undefined,
): Result<ActingStaff> {
  const session = auth.requireSession();
  if (!session.ok) return session;
  const needed = approvalNeeded(session.value.role, permission);
  if (needed === undefined) return ok({ staffId: session.value.staffId, approverId: null });
  if (approvalId === undefined) {
    return err('auth.approvalRequired', `A ${needed} must approve this`, { permission });
  }
  const used = auth.useApproval(approvalId, permission);
  if (!used.ok) return used;
  return ok({ staffId: session.value.staffId, approverId: used.value.approverId });
}
