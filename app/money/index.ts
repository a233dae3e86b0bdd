// Money in integer minor units: currencies, exact arithmetic, rounding modes, proportional
// allocation and cash rounding.
export * from './currency';
export * from './rounding';
export * from './allocate';
export * from './cash-rounding';
export * from './money';
export * from './decimal';
