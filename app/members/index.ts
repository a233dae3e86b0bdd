// Members and their points: levels, status rules, earning, lots with a one-year expiry, spending,
// claw-backs, redemption value and the offline redemption limit.
export * from './earn';
export * from './levels';
export * from './member';
export * from './points-lot';
export * from './points-ledger';
export * from './redemption-value';
export * from './offline-redemption';
export * from './member-points';
