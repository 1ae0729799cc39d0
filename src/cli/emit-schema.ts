/** npm run schema: writes schema/schema.graphql from the code. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraphQLSchema, printContractSchema } from '../server/schema';

const target = join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
writeFileSync(target, printContractSchema(buildGraphQLSchema()));
console.log(`wrote ${target}`);
