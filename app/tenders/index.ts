// How a sale is paid: tender kinds (cash, card, points, voucher, wallet), split tender against the
// amount due, and refunds back to the tenders a sale was paid with.
export * from './masked-pan';
export * from './card-swipe';
export * from './card-details';
export * from './card-scheme';
export * from './payment-code';
export * from './payment-code-scan';
export * from './points-rate';
export * from './tender';
export * from './split-tender';
export * from './refund-to-original';
export * from './wallet-payment';
