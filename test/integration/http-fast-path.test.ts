/**
 * POST /graphql with a JSON body of known length is answered ahead of Express (src/server/http/graphql-post.ts);
 * the same request sent chunked (no Content-Length) goes through Express. Both must answer alike: status,
 * media type, body, the request id, the cache header — for answers and for every refusal on the way.
 */
import { request as httpRequest } from 'node:http';
import { loadConfig } from '../../src/config';
import { persistedOperationIds } from '../../packages/client/src/persisted-operations';
import { clientTrustedDocuments, startTestServer, type TestServer } from '../helpers/server';

interface Answer {
  status: number;
  type: string | undefined;
  cache: string | undefined;
  requestId: string | undefined;
  body: unknown;
  /** Express's ETag: set by Express's res.send only, so it tells the two paths apart (compared apart) */
  etag?: string;
}

/** one POST, with a Content-Length (the fast path) or chunked (Express) */
function post(server: TestServer, body: string, headers: Record<string, string>, chunked: boolean) {
  return new Promise<Answer>((resolve, reject) => {
    const url = new URL(server.url);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: chunked ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const requestId = res.headers['x-request-id'] as string | undefined;
          resolve({
            status: res.statusCode!,
            type: res.headers['content-type'],
            cache: res.headers['cache-control'] as string | undefined,
            // each request has its own id; it must be the one in the errors too
            requestId: requestId && /^[0-9a-f-]{36}$/.test(requestId) ? 'uuid' : requestId,
            etag: res.headers.etag,
            body: JSON.parse(requestId ? text.split(requestId).join('<id>') : text) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    if (chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.write(body.slice(half));
    } else req.write(body);
    req.end();
  });
}

async function alike(server: TestServer, body: string, headers: Record<string, string> = {}) {
  const all = { 'content-type': 'application/json', ...headers };
  const { etag: fastTag, ...fast } = await post(server, body, all, false);
  const { etag: expressTag, ...express } = await post(server, body, all, true);
  expect(fast).toEqual(express);
  return { ...fast, paths: { fast: fastTag === undefined, express: expressTag !== undefined } };
}

const defaults = loadConfig({}).limits;

describe('POST /graphql ahead of Express answers as Express does', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      db: 'sqlite',
      seed: false,
      config: { limits: { ...defaults, maxBatchSize: 2 } },
    });
  });
  afterAll(() => server?.close());

  it('answers a query, an error of a resolver and a refused token alike', async () => {
    const ok = await alike(server, JSON.stringify({ query: '{ viewer { roles } }' }));
    expect(ok).toMatchObject({
      status: 200,
      cache: 'no-store',
      requestId: 'uuid',
      body: { data: { viewer: { roles: [] } } },
    });
    const missing = await alike(server, JSON.stringify({ query: '{ auction(id: "QXVjdGlvbjox") { id } }' }));
    expect(missing.status).toBe(200);
    const badToken = await alike(server, JSON.stringify({ query: '{ viewer { roles } }' }), {
      authorization: 'Bearer nonsense',
    });
    expect(badToken).toMatchObject({ status: 401 });
    // a caller's own request id is kept
    const own = await alike(server, JSON.stringify({ query: '{ nope }' }), {
      'x-request-id': 'proxy-id-12345',
    });
    expect(own).toMatchObject({ status: 200, requestId: 'proxy-id-12345' });
  });

  it('refuses bodies that are not JSON objects or arrays alike', async () => {
    for (const body of ['{"query":', '"a string"', '42', 'null']) {
      const refused = await alike(server, body);
      expect(refused).toMatchObject({
        status: 400,
        body: {
          errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        },
      });
    }
    expect((await alike(server, '')).status).toBe(400); // an empty body is {}: Apollo asks for a query
    expect((await alike(server, '\ufeff{"query":"{ viewer { roles } }"}')).status).toBe(200);
  });

  it('refuses oversized batches and documents over the limits alike', async () => {
    const batch = await alike(
      server,
      JSON.stringify([1, 2, 3].map(() => ({ query: '{ viewer { roles } }' }))),
    );
    expect(batch).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'a batch may hold at most 2 operations' }] },
    });
    const deep = `{ ${'viewer { '.repeat(1)}${Array.from({ length: defaults.maxFields + 1 }, () => 'subject').join(' ')} } }`;
    const tooBig = await alike(server, JSON.stringify({ query: deep }), {
      accept: 'application/graphql-response+json',
    });
    expect(tooBig).toMatchObject({ status: 400, type: 'application/graphql-response+json; charset=utf-8' });
    expect(await alike(server, JSON.stringify({ query: deep }))).toMatchObject({ status: 200 });
  });
});

describe('POST /graphql ahead of Express with trusted documents enforced', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      db: 'sqlite',
      seed: false,
      config: {
        trustedDocuments: clientTrustedDocuments('enforce'),
      },
    });
  });
  afterAll(() => server?.close());

  it('runs documents by id and refuses unknown ids and ad-hoc documents alike', async () => {
    const byId = await alike(
      server,
      JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperationIds.CurrentViewer } },
      }),
    );
    expect(byId).toMatchObject({ status: 200, body: { data: { viewer: { roles: [] } } } });
    const unknown = await alike(server, JSON.stringify({ documentId: `sha256:${'0'.repeat(64)}` }));
    expect(unknown).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
    const adHoc = await alike(server, JSON.stringify({ query: '{ serverTime }' }));
    expect(adHoc).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
  });
});

/**
 * A query seen before is answered without Apollo's pipeline (src/server/http/direct-query.ts). The same body with
 * an `extensions` member, which that path leaves to Apollo, must be answered alike: status, media type, cache
 * header, request id and body — answers, errors of resolvers, refusals and rate limits. Which path answered is
 * read from the server's own counts.
 */
describe('a query answered without Apollo, as Apollo answers it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      db: 'sqlite',
      config: {
        rateLimits: {
          signIn: { perSubject: 0, perIp: 0, windowSeconds: 60 },
          placeBid: { perSubject: 0, perIp: 0, windowSeconds: 60 },
          analytics: { perSubject: 100, perIp: 4, windowSeconds: 3600 },
        },
      },
    });
  });
  afterAll(() => server?.close());

  const direct = () => server.app.graphqlStats().direct!;

  /** the request as the direct path gets it, then through Apollo; answers the first, and which path took it */
  async function bothWays(request: Record<string, unknown>, headers: Record<string, string> = {}) {
    const all = { 'content-type': 'application/json', ...headers };
    const before = direct();
    const { etag: _d, ...first } = await post(server, JSON.stringify(request), all, false);
    const after = direct();
    const { etag: _a, ...viaApollo } = await post(
      server,
      JSON.stringify({ ...request, extensions: {} }),
      all,
      false,
    );
    expect(direct().passed).toBe(after.passed + 1);
    expect(first).toEqual(viaApollo);
    return { ...first, direct: after.answered === before.answered + 1 };
  }

  it('answers queries, variables and named operations as Apollo does', async () => {
    const list = await bothWays({
      query: '{ auctions(first: 2) { totalCount edges { node { id code status } } } }',
    });
    expect(list).toMatchObject({
      status: 200,
      type: 'application/json; charset=utf-8',
      cache: 'no-store',
      direct: true,
    });
    const id = (list.body as { data: { auctions: { edges: { node: { id: string } }[] } } }).data.auctions
      .edges[0].node.id;
    const detail = await bothWays({
      query: 'query A($id: ID!) { auction(id: $id) { id code } } query B { viewer { roles } }',
      operationName: 'A',
      variables: { id },
    });
    expect(detail).toMatchObject({ status: 200, direct: true, body: { data: { auction: { id } } } });
    const spec = await bothWays(
      { query: '{ viewer { roles } }' },
      { accept: 'application/graphql-response+json, application/json;q=0.9' },
    );
    expect(spec).toMatchObject({ type: 'application/graphql-response+json; charset=utf-8', direct: true });
  });

  it('formats the errors of resolvers as Apollo does, request id and all', async () => {
    const forbidden = await bothWays({
      query: '{ viewer { roles } organizations(first: 1) { totalCount } }',
    });
    expect(forbidden.direct).toBe(true);
    expect(forbidden.body).toMatchObject({
      errors: [{ path: ['organizations'], extensions: { code: expect.any(String), requestId: '<id>' } }],
    });
    const badPage = await bothWays({ query: '{ auctions(first: -1) { totalCount } }' });
    expect(badPage).toMatchObject({
      status: 200,
      direct: true,
      body: { errors: [{ path: ['auctions'], extensions: { code: 'BAD_USER_INPUT' } }] },
    });
  });

  it('answers 429 with Retry-After for a rate-limited query, as Apollo does', async () => {
    const summary = { query: 'query S { auctionSummary { auctions } }' };
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) seen.push((await bothWays(summary)).status);
    expect(seen.slice(0, 2)).toEqual([200, 200]);
    const limited = await bothWays(summary);
    expect(limited).toMatchObject({
      status: 429,
      direct: true,
      body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] },
    });
  });

  it('leaves to Apollo what it does not take, answered as before', async () => {
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ query: '{ nope }' }, {}], // does not validate
      [{ query: '{ viewer { roles' }, {}], // does not parse
      [{ query: 'query A { viewer { roles } } query B { serverTime }' }, {}], // no operation chosen
      [{ query: 'query A($id: ID!) { auction(id: $id) { id } }', variables: { id: 3.5 } }, {}], // do not coerce
      [
        {
          query:
            'mutation { endMobility(input: { mobilityRecordId: "x", endedOn: "2024-11-01", reason: OTHER }) { id } }',
        },
        {},
      ],
      [{ query: '{ viewer { roles } }' }, { authorization: 'Bearer nonsense' }],
      [{ query: '{ viewer { roles } }' }, { accept: 'text/html' }],
    ];
    for (const [request, headers] of cases) {
      const answered = await bothWays(request, headers);
      expect(answered.direct).toBe(false);
    }
  });
});
