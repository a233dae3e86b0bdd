// The wallet client of a register with no central server: every call is "offline", so nothing
// is ever charged and an attempt left by an earlier life stays unsettled until a link returns.
import type { WalletCallOutcome, WalletClient } from '../../sync/client';

const OFFLINE: WalletCallOutcome = {
  kind: 'offline',
  message: 'This register has no link to a central server.',
};

export const unlinkedWalletClient: WalletClient = {
  pay: () => Promise.resolve(OFFLINE),
  showQr: () => Promise.resolve(OFFLINE),
  status: () => Promise.resolve(OFFLINE),
  cancel: () => Promise.resolve(OFFLINE),
  refund: () => Promise.resolve(OFFLINE),
};
