/** What one request may ask for: depth, complexity, aliases, root fields, tokens, body size and batches. */
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig, type QueryLimits } from '../../src/config';
import { codes, startTestServer, type TestServer } from '../helpers/server';

const defaults = loadConfig({}).limits;
const withLimits = (limits: Partial<QueryLimits>) => ({ limits: { ...defaults, ...limits } });

const post = (server: TestServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const aliases = (n: number) =>
  `{ viewer { ${Array.from({ length: n }, (_, i) => `a${i}: subject`).join(' ')} } }`;

describe('query limits with the defaults', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db: 'sqlite' });
  });
  afterAll(() => server?.close());

  it('serves the full introspection query GraphiQL sends', async () => {
    const response = await server.request(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it(`refuses more than ${defaults.maxAliases} aliases, counting aliases inside fragments once per spread`, async () => {
    expect((await server.request(aliases(defaults.maxAliases))).errors).toBeUndefined();
    const tooMany = await server.request(aliases(defaults.maxAliases + 1));
    expect(tooMany.status).toBe(400);
    expect(codes(tooMany)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ limit: 'aliases', maximum: defaults.maxAliases });
    const half = Math.ceil((defaults.maxAliases + 1) / 2);
    const viaFragments = await server.request(
      `query { ...F viewer { ...V } } fragment F on Query { ${Array.from({ length: half }, (_, i) => `f${i}: serverTime`).join(' ')} }
       fragment V on Viewer { ${Array.from({ length: half }, (_, i) => `v${i}: subject`).join(' ')} }`,
    );
    expect(codes(viaFragments)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it(`refuses more than ${defaults.maxRootFields} root fields`, async () => {
    const fields = (n: number) => `{ ${Array.from({ length: n }, () => 'serverTime').join(' ')} }`;
    expect((await server.request(fields(defaults.maxRootFields))).errors).toBeUndefined();
    expect(codes(await server.request(fields(defaults.maxRootFields + 1)))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it(`refuses more than ${defaults.maxFields} fields before validating the document`, async () => {
    const fields = (n: number) =>
      `{ viewer { ${Array.from({ length: n - 1 }, () => 'subject').join(' ')} } }`;
    expect((await server.request(fields(defaults.maxFields))).errors).toBeUndefined();
    const started = Date.now();
    const tooMany = await server.request(fields(defaults.maxFields * 8));
    expect(codes(tooMany)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ limit: 'fields', maximum: defaults.maxFields });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('scores connections by their page size, including page sizes given in variables', async () => {
    const page = `parcels(first: $n) { edges { node { code leaseTerms { years } obligations { kind } notes } } }`;
    const query = `query Big($n: Int) { a: ${page} b: ${page} c: ${page} d: ${page} }`;
    expect((await server.request(query, { n: 5 })).errors).toBeUndefined();
    const big = await server.request(query, { n: 100 });
    expect(codes(big)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(big.errors?.[0].extensions).toMatchObject({
      limit: 'complexity',
      maximum: defaults.maxComplexity,
    });
    expect(big.errors?.[0].extensions?.complexity).toBeGreaterThan(defaults.maxComplexity);
    expect(big.data ?? null).toBeNull();
  });

  it('answers a legacy application/json client with 200 and the same error', async () => {
    const response = await post(
      server,
      { query: aliases(defaults.maxAliases + 1) },
      { accept: 'application/json' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
  });

  it(`refuses documents of more than ${defaults.maxTokens} tokens before validating them`, async () => {
    const huge = `{ viewer { ${Array.from({ length: defaults.maxTokens }, () => 'subject').join(' ')} } }`;
    const response = await server.request(huge);
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('answers a body over the size limit with 413 and a GraphQL error', async () => {
    const response = await post(server, {
      query: '{ serverTime }',
      variables: { pad: 'x'.repeat(defaults.maxBodyBytes) },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('json');
    expect(await response.json()).toEqual({
      errors: [{ message: 'the request body is too large', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers a GET longer than the header limit with 431 and a GraphQL error', async () => {
    const url = new URL(server.url);
    url.searchParams.set('query', `{ serverTime } # ${'x'.repeat(20_000)}`);
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers a body that is not JSON with 400 and a GraphQL error', async () => {
    const response = await post(server, '{"query": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('refuses batched requests by default', async () => {
    const response = await post(server, [{ query: '{ serverTime }' }, { query: '{ serverTime }' }]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('applies the same limits to operations over WebSocket', async () => {
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: aliases(defaults.maxAliases + 1) },
          { next: resolve, error: resolve, complete: () => undefined },
        );
      });
      expect(result).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});

describe('query limits as configured', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      db: 'sqlite',
      seed: false,
      config: { ...withLimits({ maxDepth: 3, maxBatchSize: 2 }), introspection: false, graphiql: false },
    });
  });
  afterAll(() => server?.close());

  it('refuses operations nested deeper than MAX_QUERY_DEPTH, through fragments too', async () => {
    expect((await server.request('{ parcels { edges { cursor } } }')).errors).toBeUndefined();
    const deep = await server.request('{ parcels { edges { node { code } } } }');
    expect(codes(deep)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(deep.errors?.[0].extensions).toMatchObject({ limit: 'depth', maximum: 3 });
    const viaFragment = await server.request(
      'query { parcels { ...C } } fragment C on LandParcelConnection { edges { ... on LandParcelEdge { node { id } } } }',
    );
    expect(codes(viaFragment)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('caps batches at MAX_BATCH_SIZE operations', async () => {
    const ok = await post(server, [{ query: '{ serverTime }' }, { query: '{ viewer { roles } }' }]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(2);
    const tooMany = await post(
      server,
      Array.from({ length: 3 }, () => ({ query: '{ serverTime }' })),
    );
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('turns introspection off on HTTP and WebSocket, and GraphiQL off', async () => {
    expect(codes(await server.request('{ __schema { queryType { name } } }'))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: '{ __type(name: "Money") { name } }' },
          { next: resolve, error: resolve, complete: () => undefined },
        );
      });
      expect(JSON.stringify(result)).toMatch(/introspection/i);
    } finally {
      await client.dispose();
    }
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
  });
});
