import {
  GraphQLObjectType,
  GraphQLSchema,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLFieldResolver,
} from 'graphql';
import { buildSchemaSync, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from '@graphql-yoga/subscription';
import { DateScalar, DateTimeScalar, DecimalScalar, MoneyScalar } from '../common/scalars';
import type { DomainModule } from '../common/module';
import type { Topics } from '../common/pubsub';
import { modules } from './modules';
import { auditMutations } from './audit/audit.recorder';
import { registerNodeSources } from './node.registry';
import { sortResolverParamsOnce } from './resolver-params';

/**
 * The whole GraphQL schema, from every domain's resolvers. `extraModules` are test and benchmark harnesses
 * (never part of the served contract).
 */
export function buildGraphQLSchema(
  pubSub: PubSub<Topics> = createPubSub<Topics>(),
  extraModules: DomainModule[] = [],
): GraphQLSchema {
  const schema = buildTypeGraphQLSchema(pubSub, extraModules);
  readPlainFieldsDirectly(schema);
  sortResolverParamsOnce();
  // every Mutation root field leaves an entry in the audit trail
  return auditMutations(schema);
}

/** The schema as type-graphql builds it, with the contract's scalars and the root types' descriptions. */
export function buildTypeGraphQLSchema(
  pubSub: PubSub<Topics> = createPubSub<Topics>(),
  extraModules: DomainModule[] = [],
): GraphQLSchema {
  const all = [...modules, ...extraModules];
  registerNodeSources(all.flatMap((m) => m.nodes ?? []));
  const built = buildSchemaSync({
    resolvers: all.flatMap((m) => m.resolvers) as unknown as NonEmptyArray<Function>,
    orphanedTypes: all.flatMap((m) => m.orphanedTypes ?? []),
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub,
    validate: false,
  });
  // the contract's scalars are part of the API even before a field uses them
  const config = built.toConfig();
  const scalars = [MoneyScalar, DecimalScalar, DateScalar, DateTimeScalar].filter(
    (s) => !built.getType(s.name),
  );
  const schema = scalars.length
    ? new GraphQLSchema({ ...config, types: [...config.types, ...scalars] })
    : built;
  describeRootTypes(schema);
  return schema;
}

export interface DirectRead {
  type: string;
  field: string;
  /** the class property the field reads */
  property: string;
  /** type-graphql's resolver it replaced */
  replaced: GraphQLFieldResolver<unknown, unknown>;
}

/**
 * type-graphql gives every plain `@Field` of a class without `simpleResolvers` a resolver that builds a
 * resolver-data object and runs the field's middleware chain around `source[property]`; a list of 20 auctions
 * pays that for every scalar of every row. Where the field has no resolver method, no middleware and no roles
 * (and the build has no global middleware: buildGraphQLSchema passes none), that chain is empty and the resolver
 * is exactly `source[property]`, which this puts in its place: no resolver at all where the property has the
 * field's name (the default resolver reads it, and graphql-jit reads it inline), else a one-line read. Fields
 * declared on a superclass or an interface keep type-graphql's resolver (they are copied, not found here).
 * Returns what it replaced.
 */
const directReads = new WeakSet<Function>();

export function readPlainFieldsDirectly(schema: GraphQLSchema): DirectRead[] {
  const storage = getMetadataStorage();
  // the class properties that have a resolver method or a middleware, by class
  const byClass = new Map<Function, Set<string>>();
  const add = (target: Function | undefined, name: string) => {
    if (!target) return;
    if (!byClass.has(target)) byClass.set(target, new Set());
    byClass.get(target)!.add(name);
  };
  for (const r of storage.fieldResolvers) add(r.getObjectType?.() as Function | undefined, r.methodName);
  for (const m of storage.middlewares) add(m.target, m.fieldName);
  const answered = (target: Function) => byClass.get(target);
  const done: DirectRead[] = [];
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const meta of objectType.fields ?? []) {
      const field = fields[meta.schemaName];
      if (!field?.resolve || directReads.has(field.resolve)) continue;
      if (meta.middlewares?.length || meta.roles !== undefined || meta.params?.length) continue;
      if (answered(meta.target)?.has(meta.name)) continue;
      const property = meta.name;
      done.push({ type: type.name, field: field.name, property, replaced: field.resolve });
      if (property === field.name) {
        // no resolver at all: graphql-jit then reads the property inline, in the code it compiles for the
        // selection, instead of deferring a resolver call (with its resolve info) for every field of every row
        field.resolve = undefined;
        continue;
      }
      field.resolve = (source: Record<string, unknown>) => source[property];
      directReads.add(field.resolve);
    }
  }
  return done;
}

/** GraphiQL shows these on the root types; type-graphql has no decorator for them. */
function describeRootTypes(schema: GraphQLSchema): void {
  const descriptions: [GraphQLObjectType | null | undefined, string][] = [
    [
      schema.getQueryType(),
      '查询 — every read: land auctions (public), bidders and applications, party organizations and members (by role and scope), analytics and the audit trail',
    ],
    [
      schema.getMutationType(),
      '操作 — every change; each is recorded in the audit trail. The description of each field names the role that may call it and its main error codes',
    ],
    [
      schema.getSubscriptionType(),
      '订阅 — live streams over WebSocket (graphql-ws): an auction’s event log and its bids, gapless from afterSequence',
    ],
  ];
  for (const [type, description] of descriptions)
    if (type && !type.description) type.description = description;
}

/** The schema as committed in schema/schema.graphql: sorted, so diffs are about meaning, not order. */
export function printContractSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;
}
