// Wallet payments by the store's QR (the merchant-presented code): when the customer's code cannot
// be scanned, the customer display shows a QR for the amount and the customer scans it. Such an
// attempt has no customer code, and carries the QR's content and the moment it stops being offered.
import type { Migration } from './migration';

export const walletQrMigration: Migration = {
  id: 12,
  name: 'wallet_qr',
  up: `
ALTER TABLE wallet_payment ADD COLUMN kind TEXT NOT NULL DEFAULT 'code' CHECK (kind IN ('code', 'qr'));
ALTER TABLE wallet_payment ALTER COLUMN masked_code DROP NOT NULL;
ALTER TABLE wallet_payment ADD COLUMN qr_content TEXT;
ALTER TABLE wallet_payment ADD COLUMN qr_expires_at BIGINT;
ALTER TABLE wallet_payment ADD CONSTRAINT wallet_payment_kind_fields CHECK (
  (kind = 'code' AND masked_code IS NOT NULL AND qr_expires_at IS NULL AND qr_content IS NULL)
  OR (kind = 'qr' AND masked_code IS NULL AND qr_expires_at IS NOT NULL)
);
`,
};
