// Moved to app/catalog so the central server seeds the same categories and tax classes;
// re-exported here for the register's catalog code.
export * from '../../app/catalog/store-categories';
