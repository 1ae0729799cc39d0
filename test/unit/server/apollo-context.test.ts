import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { lazyThroughApolloCopy } from '../../../src/server/app';

/** A context shaped like common/request/context.ts's: plain values and a getter that makes its value once. */
function countingContext() {
  const made = { forks: 0 };
  let fork: { id: number } | undefined;
  const context = {
    viewer: 'someone',
    readOnly: false,
    get em() {
      return (fork ??= { id: ++made.forks });
    },
  };
  return { context, made };
}

describe('the HTTP context through Apollo', () => {
  const schema = buildSchema('type Query { viewer: String, fork: Int }');
  const rootValue = {
    viewer: (_: unknown, ctx: { viewer: string }) => ctx.viewer,
    fork: (_: unknown, ctx: { em: { id: number } }) => ctx.em.id,
  };
  let apollo: ApolloServer<ReturnType<typeof countingContext>['context']>;
  beforeAll(async () => {
    apollo = new ApolloServer({ schema, rootValue });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  it('Apollo’s copy of a plain context runs its getters (why the helper exists)', async () => {
    const { context, made } = countingContext();
    await apollo.executeOperation({ query: '{ viewer }' }, { contextValue: context });
    expect(made.forks).toBe(1);
  });

  it('keeps the getters lazy: a request that does not use them makes nothing', async () => {
    const { context, made } = countingContext();
    const response = await apollo.executeOperation(
      { query: '{ viewer }' },
      { contextValue: lazyThroughApolloCopy(context) },
    );
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ viewer: 'someone' });
    expect(made.forks).toBe(0);
  });

  it('makes the value once when used, shared by the copy and the original', async () => {
    const { context, made } = countingContext();
    const lazy = lazyThroughApolloCopy(context);
    const response = await apollo.executeOperation({ query: '{ fork viewer }' }, { contextValue: lazy });
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({
      fork: 1,
      viewer: 'someone',
    });
    expect(made.forks).toBe(1);
    expect(lazy.em.id).toBe(1);
    expect(made.forks).toBe(1);
  });

  it('keeps plain values writable on the copy (the read-only plugin sets readOnly)', () => {
    const lazy = lazyThroughApolloCopy(countingContext().context);
    lazy.readOnly = true;
    expect(lazy.readOnly).toBe(true);
    expect(Object.keys(lazy)).toEqual(['viewer', 'readOnly']);
  });
});
