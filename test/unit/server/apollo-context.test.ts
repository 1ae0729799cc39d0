import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { createContext, type AppServices, type Context } from '../../../src/common/request/context';
import type { Viewer } from '../../../src/common/viewer';

/** The request context of common/request/context.ts over an ORM whose forks are counted. */
function countingContext() {
  const made = { forks: 0 };
  const orm = { em: { fork: () => ({ id: ++made.forks }) } };
  const viewer = { subject: 'someone', roles: [] } as unknown as Viewer;
  const context = createContext({ orm } as unknown as AppServices, viewer);
  return { context, made };
}

describe('the HTTP context through Apollo', () => {
  const schema = buildSchema('type Query { viewer: String, fork: Int }');
  const rootValue = {
    viewer: (_: unknown, ctx: Context) => ctx.viewer.subject,
    fork: (_: unknown, ctx: Context) => (ctx.em as unknown as { id: number }).id,
  };
  let apollo: ApolloServer<Context>;
  beforeAll(async () => {
    apollo = new ApolloServer({ schema, rootValue });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  it('Apollo’s copy of a context with own getters runs them (why em and loaders are prototype getters)', async () => {
    const made = { forks: 0 };
    const plain = {
      get em() {
        return { id: ++made.forks };
      },
    };
    await apollo.executeOperation({ query: '{ viewer }' }, { contextValue: plain as unknown as Context });
    expect(made.forks).toBe(1);
  });

  it('keeps em lazy: a request that does not use it forks nothing', async () => {
    const { context, made } = countingContext();
    const response = await apollo.executeOperation({ query: '{ viewer }' }, { contextValue: context });
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ viewer: 'someone' });
    expect(made.forks).toBe(0);
  });

  it('forks once per operation when used, however often the resolvers ask', async () => {
    const { context, made } = countingContext();
    const response = await apollo.executeOperation(
      { query: '{ a: fork b: fork viewer }' },
      { contextValue: context },
    );
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({
      a: 1,
      b: 1,
      viewer: 'someone',
    });
    expect(made.forks).toBe(1);
  });

  it('shares the one fork between the copies Apollo makes (the operations of a batch)', () => {
    const { context, made } = countingContext();
    const copy = Object.assign(Object.create(Object.getPrototypeOf(context) as object) as Context, context);
    expect(copy.em).toBe(context.em);
    expect(copy.loaders).toBe(context.loaders);
    expect(made.forks).toBe(1);
  });

  it('keeps plain values writable (the read-only plugin sets readOnly)', () => {
    const { context } = countingContext();
    context.readOnly = true;
    expect(context.readOnly).toBe(true);
  });
});
