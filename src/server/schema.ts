import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync, type NonEmptyArray } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from '@graphql-yoga/subscription';
import { DateScalar, DateTimeScalar, DecimalScalar, MoneyScalar } from '../common/scalars';
import type { DomainModule } from '../common/module';
import type { Topics } from '../common/pubsub';
import { modules } from './modules';
import { auditMutations } from './audit/audit.recorder';
import { registerNodeSources } from './node.registry';

/**
 * The whole GraphQL schema, from every domain's resolvers. `extraModules` are test and benchmark harnesses
 * (never part of the served contract).
 */
export function buildGraphQLSchema(
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
  // every Mutation root field leaves an entry in the audit trail
  return auditMutations(schema);
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
