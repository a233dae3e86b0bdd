// The store settings: kept in the register's store, changed by a manager, read live by checkout.
export * from './settings-service';
export * from './settings-store';
export * from './scale-labels';
