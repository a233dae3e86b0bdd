// Runs a command that may need a supervisor's or manager's approval. When the signed-in role is
// known to be too low the dialog is asked first (no refused attempt in the audit log); when the
// core still answers `auth.approvalRequired` (roles changed, a stale session) it is asked then.
// Either way the approval id goes with the one command that needed it and is used up there.
import type { Answer, ArgsOf, RegisterCommands } from '../../app/commands';
import { approvalNeeded } from '../../app/auth';
import type { StaffRole } from '../../app/catalog';

/** The permissions `auth.approve` grants: the ones the dialog can ask for. */
export type ApprovalPermission = ArgsOf<RegisterCommands, 'auth.approve'>['permission'];

export interface ApprovalAsker {
  /** The signed-in staff's role; null when unknown (then the core decides). */
  readonly role: StaffRole | null;
  /** Shows the dialog; undefined when the cashier cancels it. */
  readonly ask: (permission: ApprovalPermission) => Promise<string | undefined>;
}

/** The answer, or `cancelled` when the cashier closed the approval dialog. */
export type ApprovedAnswer<T> = Answer<T> | { readonly ok: 'cancelled' };

export async function sendApproved<T>(
  asker: ApprovalAsker,
  permission: ApprovalPermission,
  attempt: (approvalId: string | undefined) => Promise<Answer<T>>,
): Promise<ApprovedAnswer<T>> {
  const needsOne = asker.role !== null && approvalNeeded(asker.role, permission) !== undefined;
  if (!needsOne) {
    const answer = await attempt(undefined);
    if (answer.ok || answer.error.code !== 'auth.approvalRequired') return answer;
  }
  const approvalId = await asker.ask(permission);
  if (approvalId === undefined) return { ok: 'cancelled' };
  return attempt(approvalId);
}
