// The versions both ends speak: of the push envelope, and of each mutation's payload.

/** Version of the push messages (batch, answer, gap). A newer register talks to an older server. */
export const PROTOCOL_SCHEMA_VERSION = 1;

/**
 * Version of the mutation payload shapes (the register's outbox `schema_version`). The server
 * upgrades older payloads step by step; a newer one than it knows is refused for the whole batch
 * (the register keeps its rows and is told to wait for the server), never dropped.
 */
export const MUTATION_SCHEMA_VERSION = 1;
