// The register ↔ server wire protocol: versions, push messages, mutation payloads, upgrades.
export * from './schema-version';
export * from './push-messages';
export * from './mutation-payloads';
export * from './upgrade-mutation';
