/**
 * Which operations read snapshots (src/server/http/read-only.ts): a lone query over HTTP does; a mutation, and every
 * operation of a batch (they share one EntityManager and one set of loaders), do not. A harness resolver reports
 * what its context says.
 */
import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { DomainModule } from '../../src/common/module';
import type { Context } from '../../src/common/request/context';
import { loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../helpers/server';

@Resolver()
class ReadOnlyProbeResolver {
  @Query(() => Boolean, { description: 'test harness: whether this operation reads snapshots' })
  readOnlyProbe(@Ctx() ctx: Context): boolean {
    return ctx.readOnly;
  }

  @Mutation(() => Boolean, { description: 'test harness: whether this operation reads snapshots' })
  readOnlyProbeWrite(@Ctx() ctx: Context): boolean {
    return ctx.readOnly;
  }
}

const probeModule: DomainModule = {
  name: 'read-only-probe',
  entities: [],
  resolvers: [ReadOnlyProbeResolver],
  harness: true,
};

describe('read-only operations', () => {
  let server: TestServer;

  beforeAll(async () => {
    const limits = { ...loadConfig({ JWT_SECRET: 'x'.repeat(32) }).limits, maxBatchSize: 5 };
    server = await startTestServer({
      db: 'sqlite',
      seed: false,
      extraModules: [probeModule],
      config: { limits },
    });
  });
  afterAll(() => server?.close());

  const post = async (body: unknown) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  };

  it('a lone query reads snapshots; a mutation does not', async () => {
    expect(await post({ query: '{ readOnlyProbe }' })).toEqual({ data: { readOnlyProbe: true } });
    expect(await post({ query: 'mutation { readOnlyProbeWrite }' })).toEqual({
      data: { readOnlyProbeWrite: false },
    });
  });

  it('no operation of a batch does, not even its queries', async () => {
    const answers = await post([
      { query: '{ readOnlyProbe }' },
      { query: 'mutation { readOnlyProbeWrite }' },
      { query: '{ again: readOnlyProbe }' },
    ]);
    expect(answers).toEqual([
      { data: { readOnlyProbe: false } },
      { data: { readOnlyProbeWrite: false } },
      { data: { again: false } },
    ]);
  });
});
