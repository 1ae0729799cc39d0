/**
 * Trusted documents: the server can run in a mode (TRUSTED_DOCUMENTS=enforce) that runs only the SDK's own
 * operations for anonymous viewers and bidders. A client then sends an operation's id instead of its text:
 * `{ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": id } } }` (Apollo's persisted-queries
 * link and urql's persistedExchange both do) or `{ "documentId": "sha256:<id>" }`.
 */
import type { DocumentNode } from 'graphql';
import { persistedOperationIds } from './persisted-operations.js';

export { persistedOperationIds };

/** The trusted-document id of one of the SDK's operations (by its operation name), else undefined. */
export function persistedDocumentId(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) {
      const id = persistedOperationIds[definition.name.value];
      if (id) return id;
    }
  }
  return undefined;
}
