import { ApolloServer } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import type { QueryLimits } from '../../../src/config';
import { complexityKey, complexityPlugin, variablesScoredIn } from '../../../src/server/http/limits';

const schema = buildSchema(`
  type Item { a: Int, b: Int }
  type Query { items(first: Int, tag: Int): [Item!]!, one(tag: Int): Item }
`);

describe('which variables a complexity score can read', () => {
  it('takes those in `first` and in directives, not the others', () => {
    const document = parse(`query Q($first: Int, $tag: Int, $show: Boolean!, $unused: Int) {
      items(first: $first, tag: $tag) { a b @include(if: $show) }
      ...F
    }
    fragment F on Query { one(tag: $tag) { a } }`);
    expect(variablesScoredIn(document)).toEqual(['first', 'show']);
  });

  it('keeps one key for values a score cannot see, and a new one for values it can', () => {
    const document = parse('query Q($first: Int, $tag: Int) { items(first: $first, tag: $tag) { a } }');
    const key = (variables?: Record<string, unknown>) => complexityKey(schema, document, 'h', 'Q', variables);
    expect(key({ first: 2, tag: 1 })).toBe(key({ first: 2, tag: 99 }));
    expect(key({ first: 2, tag: 1 })).not.toBe(key({ first: 3, tag: 1 }));
    // absent (the default applies) is not the same as null
    expect(key({ tag: 1 })).not.toBe(key({ first: null, tag: 1 }));
    expect(key(undefined)).toBe(key({ tag: 5 }));
  });

  it('keys on every variable when a field scores itself', () => {
    const own = buildSchema('type Query { items(first: Int, tag: Int): [Int] }');
    own.getQueryType()!.getFields().items.extensions = { complexity: 5 };
    const document = parse('query Q($tag: Int) { items(tag: $tag) }');
    expect(complexityKey(own, document, 'h', 'Q', { tag: 1 })).not.toBe(
      complexityKey(own, document, 'h', 'Q', { tag: 2 }),
    );
  });
});

describe('the complexity plugin', () => {
  const limits: QueryLimits = {
    maxDepth: 10,
    maxComplexity: 100,
    maxAliases: 10,
    maxRootFields: 10,
    maxFields: 100,
    maxTokens: 1000,
    maxBodyBytes: 100_000,
    maxBatchSize: 0,
  };
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = new ApolloServer({
      schema,
      rootValue: { items: () => [{ a: 1, b: 2 }] },
      plugins: [complexityPlugin(limits)],
    });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  const query = 'query Q($first: Int, $tag: Int) { items(first: $first, tag: $tag) { a b } }';
  const codes = async (variables: Record<string, unknown>) => {
    const response = await apollo.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('incremental');
    return (response.body.singleResult.errors ?? []).map((e) => e.extensions?.code);
  };

  it('refuses a page that is too large, whatever came before', async () => {
    expect(await codes({ first: 2, tag: 1 })).toEqual([]);
    expect(await codes({ first: 2, tag: 7 })).toEqual([]);
    expect(await codes({ first: 1000, tag: 1 })).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('does not let variables that fail to coerce stand for the next request', async () => {
    // the tag does not coerce: execution reports it, and nothing is kept for first = 500
    expect(await codes({ first: 500, tag: 'not a number' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ first: 500, tag: 1 })).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
