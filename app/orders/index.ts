// The order state machine: states, allowed moves, creation, transitions with their effects as
// data, chains of transitions (counter sales) and the 15-minute unpaid rule.
export * from './order-status';
export * from './order-effects';
export * from './order';
export * from './transition';
export * from './transition-chain';
export * from './payment-deadline';
