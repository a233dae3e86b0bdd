// The register side of sync: the push client, its transport and the outbox it reads.
export * from './backoff';
export * from './outbox-source';
export * from './push-transport';
export * from './http-push-transport';
export * from './push-client';
export * from './register-token';
export * from './pull-transport';
export * from './pull-client';
export * from './wallet-client';
export * from './lease-transport';
