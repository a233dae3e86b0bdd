// The register ↔ server wire protocol: versions, push messages, mutation payloads, upgrades.
export * from './schema-version';
export * from './push-messages';
export * from './mutation-payloads';
export * from './upgrade-mutation';
export * from './pull-messages';
export * from './lease-messages';
export * from './conflict-policy';
