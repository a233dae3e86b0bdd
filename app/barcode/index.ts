// What a scan means: GTIN check digits, UPC-E, AIM symbology ids, GS1 element strings, store
// scale labels, member cards and coupons, and parseBarcode, which decides among them.
export * from './errors';
export * from './gtin';
export * from './upc-e';
export * from './symbology';
export * from './gs1-date';
export * from './gs1-ai-table';
export * from './gs1-element';
export * from './gs1-element-string';
export * from './gs1-format';
export * from './gs1-summary';
export * from './price-check-digit';
export * from './variable-measure';
export * from './store-codes';
export * from './parse-barcode';
