// The catalog's lookup key for a scanned or typed GTIN. Pure, so it lives in app/catalog where the
// central server uses it too; re-exported here for the register's catalog code.
export { gtin14Key } from '../../app/catalog/catalog-csv';
