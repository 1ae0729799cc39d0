import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  execute,
  getOperationAST,
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  valueFromASTUntyped,
  type ExecutionResult,
} from 'graphql';
import { compiledExecutor } from '../../../src/server/http/executor';

class Refused extends Error {
  extensions = { code: 'BID_TOO_LOW', nextMinimumBid: '120' };
}

const Json = new GraphQLScalarType({
  name: 'JSON',
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: new GraphQLNonNull(GraphQLString) },
    price: {
      type: GraphQLString,
      resolve: (item: { id: string }) => {
        if (item.id === '2') throw new Refused('too low');
        if (item.id === '1') throw new Error('Connection terminated unexpectedly'); // a driver's error: no extensions
        return `${item.id}00`;
      },
    },
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLList(Item),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, { first }: { first: number }, ctx: { names: string[] }) =>
          ctx.names.slice(0, first).map((name, i) => ({ id: String(i + 1), name: i === 2 ? null : name })),
      },
      echo: {
        type: Json,
        args: { value: { type: Json } },
        resolve: (_root, { value }: { value: unknown }) => value,
      },
    },
  }),
});

async function executorOf(capacity?: number) {
  const compiled = compiledExecutor(schema, capacity);
  let loaded: GatewayExecutor | null = null;
  compiled.gateway.onSchemaLoadOrUpdate(({ apiSchema }) => expect(apiSchema).toBe(schema));
  loaded = (await compiled.gateway.load({ apollo: {} })).executor;
  const run = (
    query: string,
    variables?: Record<string, unknown>,
    context: object = { names: ['a', 'b', 'c'] },
  ) => {
    const document = parse(query);
    return loaded!({
      request: { query, variables },
      document,
      operation: getOperationAST(document)!,
      operationName: null,
      queryHash: query,
      context,
      schema,
    } as unknown as GatewayGraphQLRequestContext) as Promise<ExecutionResult>;
  };
  return { run, stats: compiled.stats };
}

/** what graphql-js answers, as JSON (message, locations, path, extensions) */
const interpreted = (query: string, variables?: Record<string, unknown>) =>
  JSON.parse(
    JSON.stringify(
      execute({
        schema,
        document: parse(query),
        variableValues: variables,
        contextValue: { names: ['a', 'b', 'c'] },
      }),
    ),
  ) as unknown;

describe('the compiled executor behind Apollo Server', () => {
  const query = '{ items(first: 3) { id name price } }';

  it('compiles a document once and answers as graphql-js does, errors, paths and extensions included', async () => {
    const { run, stats } = await executorOf();
    const first = await run(query);
    const second = await run(query);
    expect(stats()).toMatchObject({ compiled: 1, interpreted: 0, hits: 1, kept: 1 });
    expect(JSON.parse(JSON.stringify(first))).toEqual(interpreted(query));
    expect(JSON.parse(JSON.stringify(second))).toEqual(interpreted(query));
    // a resolver's error keeps its original error (the formatter reads the code from it) and its path
    const refusal = first.errors!.find((e) => e.path?.[1] === 1)!;
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect(refusal.originalError).toBeInstanceOf(Refused);
    expect(refusal.path).toEqual(['items', 1, 'price']);
    expect(refusal.extensions).toEqual({ code: 'BID_TOO_LOW', nextMinimumBid: '120' });
    // an error without extensions gets graphql-js's empty object (Apollo reads extensions.code before formatting)
    const failure = first.errors!.find((e) => e.path?.[1] === 0)!;
    expect(failure).toBeInstanceOf(GraphQLError);
    expect(failure.extensions).toEqual({});
    expect(failure.originalError?.message).toBe('Connection terminated unexpectedly');
    expect(failure.path).toEqual(['items', 0, 'price']);
  });

  it('leaves to graphql-js variables that do not coerce, so that Apollo reads them as BAD_USER_INPUT', async () => {
    const { run } = await executorOf();
    const q = 'query Q($n: Int!) { items(first: $n) { id } }';
    const result = await run(q, { n: 'many' });
    expect(result.data).toBeUndefined();
    expect(result.errors![0].nodes?.[0].kind).toBe('VariableDefinition');
    expect(JSON.parse(JSON.stringify(result))).toEqual(interpreted(q, { n: 'many' }));
  });

  it('runs on graphql-js a document with a variable inside a scalar literal', async () => {
    const { run, stats } = await executorOf();
    const q = 'query Q($id: ID!) { echo(value: { scopeId: $id, list: [$id] }) }';
    const result = await run(q, { id: '7' });
    expect(result).toEqual({ data: { echo: { scopeId: '7', list: ['7'] } } });
    expect(stats()).toMatchObject({ compiled: 0, interpreted: 1 });
  });

  it('keeps at most its capacity of compiled documents', async () => {
    const { run, stats } = await executorOf(2);
    for (const n of [1, 2, 3, 1]) await run(`{ items(first: ${n}) { id } }`);
    expect(stats()).toMatchObject({ compiled: 4, hits: 0, kept: 2 });
  });
});
