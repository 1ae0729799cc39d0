/**
 * Cache identities for normalized client caches, derived from the schema (src/cache-identities.ts):
 * every object type with an `id` is keyed by it (both caches' default); AuctionResult is keyed by its
 * auction (`auctionId`: an auction has at most one result) and AuctionEvent by (auctionId, sequence); every
 * other type without an id (connections, edges, PageInfo, schedules …) lives inside its parent and is merged
 * on write, so two operations that select different fields of it complete each other instead of replacing
 * each other (Apollo's "Cache data may be lost" warning).
 *
 * Apollo Client:  new InMemoryCache({ typePolicies })
 * urql Graphcache: cacheExchange({ keys: graphcacheKeys })
 */
import { embeddedTypes, keyedTypes } from './cache-identities.js';

/** The shape of an Apollo Client `TypePolicy` used here (no dependency on @apollo/client). */
export interface TypePolicyLike {
  keyFields?: readonly string[] | false;
  merge?: boolean;
}

/** Apollo Client InMemoryCache `typePolicies`. */
export const typePolicies: Readonly<Record<string, TypePolicyLike>> = Object.freeze({
  ...Object.fromEntries(Object.entries(keyedTypes).map(([type, keyFields]) => [type, { keyFields }])),
  ...Object.fromEntries(embeddedTypes.map((type) => [type, { merge: true }])),
});

type Data = Record<string, unknown>;

/** urql Graphcache `keys`: a key for the keyed types, null (embedded) for the others. */
export const graphcacheKeys: Readonly<Record<string, (data: Data) => string | null>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(keyedTypes).map(([type, fields]) => [
      type,
      (data: Data) =>
        fields.every((f) => data[f] != null) ? fields.map((f) => String(data[f])).join(':') : null,
    ]),
  ),
  ...Object.fromEntries(embeddedTypes.map((type) => [type, () => null])),
});

export { embeddedTypes, keyedTypes };
