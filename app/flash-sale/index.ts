// Flash sales: status by time window, purchase and per-member limit checks, the 15-minute payment
// deadline, and escrow leases that let registers sell offline without overselling the chain.
export * from './flash-sale';
export * from './purchase-check';
export * from './payment-deadline';
export * from './escrow-lease';
export * from './lease-book';
export * from './till-allowance';
