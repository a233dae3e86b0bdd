// Staff roles, permissions and PIN lockout rules.
export * from './roles';
export * from './lockout';
