// Store stock with locks: the record, the moves and their log rows, low-stock alerts, version
// checks, the offline sale that may go negative, and stocktake variance.
export * from './stock-level';
export * from './stock-moves';
export * from './low-stock';
export * from './version-check';
export * from './offline-deduct';
export * from './stocktake';
