// The typed command map between the UI and the register core, and the views it answers with.
export * from './command';
export * from './views';
export * from './register-commands';
export * from './returns-commands';
export * from './members-commands';
export * from './shift-commands';
export * from './stocktake-commands';
export * from './inventory-commands';
export * from './settings-commands';
export * from './reports-commands';
export * from './devices-commands';
export * from './recs-commands';
