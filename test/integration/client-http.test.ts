/**
 * GET queries and CSRF prevention (a refusal that names the header), and trusted documents: the SDK's
 * manifest ids over POST, GET and WebSocket; with TRUSTED_DOCUMENTS=enforce, ad-hoc documents are refused
 * for anonymous viewers and bidders while analysts keep them.
 */
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CurrentViewerDocument, persistedOperationIds } from '../../packages/client/src/index';
import { Role } from '../../src/common/viewer';
import { LIVE_PAGE_SERVER_TIME, LIVE_PAGE_SUBSCRIPTION } from '../../src/server/http/live-page';
import { testDatabases } from '../helpers/environment';
import { clientTrustedDocuments, startTestServer, type TestServer } from '../helpers/server';

const SERVER_TIME = '{ serverTime }';

async function post(server: TestServer, body: unknown, token?: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function get(server: TestServer, params: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}?${new URLSearchParams(params)}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const codeOf = (body: Record<string, unknown>) =>
  (body.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code;

function subscribeOnce(server: TestServer, payload: Record<string, unknown>): Promise<unknown[]> {
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  return new Promise<unknown[]>((resolve) => {
    const got: unknown[] = [];
    client.subscribe(payload as never, {
      next: (r) => got.push(r),
      error: (e) => {
        got.push(e);
        resolve(got);
      },
      complete: () => resolve(got),
    });
  }).finally(() => client.dispose());
}

describe.each(testDatabases())('GET and CSRF on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ db, seed: false })));
  afterAll(() => server?.close());

  it('refuses a GET without a preflight-forcing header with a message that names the header', async () => {
    const refused = await get(server, { query: SERVER_TIME });
    expect(refused.status).toBe(400);
    const error = (refused.body.errors as { message: string; extensions: Record<string, string> }[])[0];
    expect(error.message).toContain('apollo-require-preflight: true');
    expect(error.message).toContain('preferGetMethod: false');
    expect(error.extensions).toEqual({ code: 'BAD_REQUEST', requiredHeader: 'apollo-require-preflight' });
    const answered = await get(server, { query: SERVER_TIME }, { 'apollo-require-preflight': 'true' });
    expect(answered.status).toBe(200);
    expect(answered.body.data).toEqual({ serverTime: expect.any(String) });
  });

  it('urql: the default GET is refused; the header or preferGetMethod: false make it work', async () => {
    const query = (options: Partial<ConstructorParameters<typeof UrqlClient>[0]>) =>
      new UrqlClient({ url: server.url, exchanges: [fetchExchange], ...options })
        .query(CurrentViewerDocument, {})
        .toPromise();
    const byDefault = await query({});
    expect(byDefault.error?.message).toContain('apollo-require-preflight');
    const withHeader = await query({ fetchOptions: { headers: { 'apollo-require-preflight': 'true' } } });
    expect(withHeader.error).toBeUndefined();
    expect(withHeader.data?.viewer.roles).toEqual([]);
    const byPost = await query({ preferGetMethod: false });
    expect(byPost.error).toBeUndefined();
  });
});

describe.each(testDatabases())('trusted documents (enforce) on %s', (db) => {
  let server: TestServer;
  const viewerId = persistedOperationIds.CurrentViewer;
  const eventsId = persistedOperationIds.AuctionEvents;
  beforeAll(
    async () =>
      (server = await startTestServer({
        db,
        seed: false,
        config: {
          trustedDocuments: clientTrustedDocuments('enforce'),
        },
      })),
  );
  afterAll(() => server?.close());

  it('runs the SDK operations by id over POST and GET', async () => {
    const byExtension = await post(server, {
      extensions: { persistedQuery: { version: 1, sha256Hash: viewerId } },
    });
    expect(byExtension.status).toBe(200);
    expect(byExtension.body.data).toMatchObject({ viewer: { roles: [], __typename: 'Viewer' } });
    const byDocumentId = await get(
      server,
      { documentId: `sha256:${viewerId}` },
      { 'apollo-require-preflight': 'true' },
    );
    expect(byDocumentId.body.data).toMatchObject({ viewer: { roles: [] } });
    const unknown = await post(server, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(codeOf(unknown.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses ad-hoc documents for anonymous viewers and bidders, not for analysts', async () => {
    const anonymous = await post(server, { query: SERVER_TIME });
    expect(anonymous.status).toBe(403);
    expect(codeOf(anonymous.body)).toBe('FORBIDDEN');
    const bidder = await post(server, { query: SERVER_TIME }, server.token({ roles: [Role.BIDDER] }));
    expect(codeOf(bidder.body)).toBe('FORBIDDEN');
    const analyst = await post(server, { query: SERVER_TIME }, server.token({ roles: [Role.ANALYST] }));
    expect(analyst.status).toBe(200);
    expect(analyst.body.data).toEqual({ serverTime: expect.any(String) });
    // the live page's own documents are trusted too
    expect((await post(server, { query: LIVE_PAGE_SERVER_TIME })).status).toBe(200);
  });

  it('over WebSocket: an id runs, an ad-hoc subscription is refused for an anonymous viewer', async () => {
    const variables = { auctionId: '00000000-0000-4000-8000-000000000000', afterSequence: 0 };
    const byId = await subscribeOnce(server, {
      query: '',
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: eventsId } },
    });
    expect(JSON.stringify(byId)).toContain('NOT_FOUND'); // it ran: the auction does not exist
    const adHoc = await subscribeOnce(server, {
      query: 'subscription { auctionEvents(auctionId: "x") { sequence } }',
    });
    expect(JSON.stringify(adHoc)).toContain('FORBIDDEN');
    const livePage = await subscribeOnce(server, { query: LIVE_PAGE_SUBSCRIPTION, variables });
    expect(JSON.stringify(livePage)).toContain('NOT_FOUND');
  });
});
