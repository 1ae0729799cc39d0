/**
 * graphql-http's own audit of the GraphQL-over-HTTP spec, against the live server. Every MUST and SHOULD
 * passes; the MAY audits left unmet are the GET requests that carry no CSRF-preventing header (see README,
 * "Security and limits"), which Apollo's CSRF prevention refuses on purpose.
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/server';

/** GETs with neither a JSON content-type nor apollo-require-preflight: what a cross-site <img> could send */
const MAY_LEFT_UNMET = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
];

describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  let server: TestServer;
  let results: AuditResult[];

  beforeAll(async () => {
    server = await startTestServer({ db: 'sqlite', seed: false });
    results = [];
    for (const audit of serverAudits({ url: server.url, fetchFn: fetch })) results.push(await audit.fn());
  });
  afterAll(() => server?.close());

  const level = (r: AuditResult) => r.name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';
  const failures = (l: string) =>
    results
      .filter((r) => level(r) === l && r.status !== 'ok')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);

  it('passes every MUST', () => {
    expect(results.filter((r) => level(r) === 'MUST').length).toBeGreaterThanOrEqual(13);
    expect(failures('MUST')).toEqual([]);
  });

  it('passes every SHOULD', () => {
    expect(results.filter((r) => level(r) === 'SHOULD').length).toBeGreaterThanOrEqual(20);
    expect(failures('SHOULD')).toEqual([]);
  });

  it('leaves unmet only the MAY audits that CSRF prevention refuses', () => {
    const unmet = results.filter((r) => level(r) === 'MAY' && r.status !== 'ok').map((r) => r.name);
    expect(unmet.sort()).toEqual([...MAY_LEFT_UNMET].sort());
    const count = (l: string, ok?: boolean) =>
      results.filter((r) => level(r) === l && (ok === undefined || (r.status === 'ok') === ok)).length;
    // the counts the README quotes
    console.log(
      `graphql-http audit: MUST ${count('MUST', true)}/${count('MUST')}, SHOULD ${count('SHOULD', true)}/${count('SHOULD')}, MAY ${count('MAY', true)}/${count('MAY')}`,
    );
  });

  it('answers those GET queries once they carry a preflight header, and still refuses them without', async () => {
    const url = new URL(server.url);
    url.searchParams.set('query', 'query Type($name: String!) { __type(name: $name) { name } }');
    url.searchParams.set('variables', JSON.stringify({ name: 'Money' }));
    const plain = await fetch(url, { headers: { accept: 'application/json' } });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const preflighted = await fetch(url, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __type: { name: 'Money' } } });
  });

  it('keeps 400 for document errors when the client accepts application/graphql-response+json', async () => {
    const response = await server.request('{ nope }');
    expect(response.status).toBe(400);
    const legacy = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
  });
});
