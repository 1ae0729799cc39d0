/**
 * @land-party/client — the typed SDK of the land-party platform for front ends:
 * - typed document nodes (and their result and variable types) for the documented operations, usable with
 *   any client that understands `TypedDocumentNode` (Apollo Client, urql, graphql-request, fetch + print);
 * - `typePolicies` (Apollo Client) and `graphcacheKeys` (urql Graphcache) matching the schema's identities;
 * - `followAuction()` and `liveClientOptions()`: a live auction that survives reconnects and token expiry;
 * - `persistedOperationIds`: the SDK's trusted documents (persisted-operations.json).
 * Scalars travel as strings: Money is yuan ("1234.50"), Decimal, Date ("YYYY-MM-DD"), DateTime (ISO 8601).
 */
export * from './generated.js';
export * from './cache.js';
export * from './live.js';
export * from './trusted.js';
export * from './verify.js';
