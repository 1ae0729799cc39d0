/** The outside contract (../shared/contract/schema.graphql), when the checkout sits beside it (CI does). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';

export const CONTRACT_SCHEMA_PATH = join(__dirname, '..', '..', '..', 'shared', 'contract', 'schema.graphql');

export const contractAvailable = (): boolean => existsSync(CONTRACT_SCHEMA_PATH);

export function contractSchema(): GraphQLSchema {
  return buildSchema(readFileSync(CONTRACT_SCHEMA_PATH, 'utf8'));
}
