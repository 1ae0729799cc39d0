/**
 * "Within scope" for party audit entries. The party domain knows the organization tree and provides the real
 * resolver with provideScopeResolver() (e.g. from src/party/index.ts); until then a scoped ORG_DEPARTMENT sees
 * the entries of actors whose scope is exactly its own, and an unscoped one sees every party entry.
 */
import type { Context } from './context';

export interface ScopeResolver {
  /** the organization and every organization below it: the scopes whose actors' entries the viewer may read */
  organizationsWithin(scopeOrganizationId: string, ctx: Context): Promise<string[]>;
}

export const exactScopeResolver: ScopeResolver = {
  organizationsWithin: async (scopeOrganizationId) => [scopeOrganizationId],
};

let current: ScopeResolver = exactScopeResolver;

export function provideScopeResolver(resolver: ScopeResolver): void {
  current = resolver;
}

export const scopeResolver = (): ScopeResolver => current;
