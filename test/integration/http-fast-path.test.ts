/**
 * POST /graphql with a JSON body of known length is answered ahead of Express (src/server/http/graphql-post.ts);
 * the same request sent chunked (no Content-Length) goes through Express. Both must answer alike: status,
 * media type, body, the request id, the cache header — for answers and for every refusal on the way.
 */
import { request as httpRequest } from 'node:http';
import { loadConfig } from '../../src/config';
import { persistedOperationIds } from '../../packages/client/src/persisted-operations';
import { startTestServer, type TestServer } from '../helpers/server';

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
        trustedDocuments: {
          mode: 'enforce',
          manifestFile: `${__dirname}/../../packages/client/persisted-operations.json`,
        },
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
