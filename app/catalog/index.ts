// The catalog as the register holds it: products, stores, registers, staff, tax classes and the
// member levels prices are set for — types, zod schemas for records that cross a boundary, and
// small lookups.
export * from './member-level';
export * from './money-schema';
export * from './tax-class';
export * from './product';
export * from './store';
export * from './parse-catalog';
