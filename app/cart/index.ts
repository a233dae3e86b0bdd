// The cart at the counter: an immutable value and pure operations on it (add, weigh, change,
// void, override, discounts, approvals, member, coupons, park and recall), and its totals.
export * from './cart';
export * from './cart-errors';
export * from './cart-policy';
export { addLine, addOpenPriceLine } from './add-line';
export type { AddLineInput, AddOpenPriceLineInput } from './add-line';
export * from './change-line';
export * from './manual-discount';
export * from './approvals';
export * from './member-and-coupons';
export * from './cart-totals';
export * from './park-cart';
