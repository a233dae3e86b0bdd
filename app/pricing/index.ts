// The pricing engine: promotions (types, schema, rules), the search for the best legal
// combination, manual discounts, VAT per rate (inclusive or exclusive), and explained totals.
export * from './promotion';
export * from './pricing-input';
export * from './priced-cart';
export * from './tax';
export * from './explain-promotion';
export { priceCart, grossAmount } from './price-cart';
