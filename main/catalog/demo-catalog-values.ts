// Moved to app/catalog so the central server derives the same demo values; re-exported here for
// the register's catalog code.
export * from '../../app/catalog/demo-catalog-values';
