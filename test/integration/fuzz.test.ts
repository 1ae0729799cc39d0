/**
 * Hostile input against the live server: random documents built from the schema (random selections, aliases,
 * fragments, wrong argument types, huge numbers, unicode, deep nesting), random variables, truncated documents,
 * bodies that are not JSON or not GraphQL, wrong content types, batches, GET requests and bad tokens. Every
 * answer must be a GraphQL-shaped JSON response with a 2xx/4xx status — never a 500, an INTERNAL_SERVER_ERROR
 * or a stack trace — the server must still be up, and no stored row may have changed (the audit trail aside:
 * it records attempts by design).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { testDatabases } from '../helpers/environment';
import { startTestServer, type TestServer } from '../helpers/server';

type Gen = fc.GeneratorValue;

// 405: a mutation by GET; 406: an Accept header no JSON fits; 431: a GET longer than Node's 16 KB header limit
const ALLOWED_STATUS = new Set([200, 400, 401, 405, 406, 413, 415, 429, 431]);
const RUNS = { documents: 500, raw: 200 };

const pick = <T>(g: Gen, items: readonly T[]): T => items[g(fc.integer, { min: 0, max: items.length - 1 })];
const chance = (g: Gen, percent: number) => g(fc.integer, { min: 1, max: 100 }) <= percent;

const weirdString = (g: Gen): string =>
  pick(g, [
    () => g(fc.string, { maxLength: 40 }),
    () => g(fc.string, { unit: 'binary', maxLength: 40 }),
    () => '2024C-5',
    () => '754180000.00',
    () => '1e309',
    () => '-0',
    () => '2024-02-30',
    () => '2024-12-12T14:30:00+08:00',
    () => '00000000-0000-4000-8000-000000000000',
    () => '%_\\\'"; drop table land_parcel; --',
    () => 'x'.repeat(g(fc.integer, { min: 100, max: 5000 })),
  ])();

/** A value of a scalar type, often at an edge (and for the string-based scalars, sometimes not one at all). */
function scalarSample(g: Gen, scalar: string): unknown {
  switch (scalar) {
    case 'Int':
      return pick(g, [0, 1, 20, 100, 101, -1, 2147483647, g(fc.integer, { min: -1000, max: 1000 })]);
    case 'Float':
      return 1.5;
    case 'Boolean':
      return g(fc.boolean);
    case 'Money':
      return pick(g, ['0', '754180000.00', '1.5', '1.999', '99999999999999999', weirdString(g)]);
    case 'Decimal':
      return pick(g, ['0', '86788.68', '2.3', '-1', '1.12345678901', weirdString(g)]);
    case 'Date':
      return pick(g, ['2024-12-12', '2024-02-29', '2024-02-30', weirdString(g)]);
    case 'DateTime':
      return pick(g, [
        '2024-12-12T14:30:00+08:00',
        '2024-11-01T00:00:00Z',
        '2024-12-12T14:30:00',
        weirdString(g),
      ]);
    default:
      return weirdString(g);
  }
}

/** A GraphQL literal: of the argument's type, or (hostile) often not. */
function literal(g: Gen, type: GraphQLInputType, depth: number, hostile: boolean): string {
  const named = getNamedType(type);
  const wrong = (hostile && chance(g, 35)) || depth > 4;
  if (wrong)
    return pick(g, [
      () => String(g(fc.integer)),
      () => '99999999999999999999999',
      () => String(g(fc.double, { noNaN: true, noDefaultInfinity: true })),
      () => JSON.stringify(weirdString(g)),
      () => 'true',
      () => 'null',
      () => 'SOME_ENUM',
      () => '[]',
      () => '{}',
      () => `[${JSON.stringify(weirdString(g))}, 1, null]`,
    ])();
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const n = g(fc.integer, { min: 0, max: 3 });
    return `[${Array.from({ length: n }, () => literal(g, nullable.ofType, depth + 1, hostile)).join(', ')}]`;
  }
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter((f) => isNonNullType(f.type) || chance(g, 60));
    return `{ ${fields.map((f) => `${f.name}: ${literal(g, f.type, depth + 1, hostile)}`).join(', ')} }`;
  }
  if (isEnumType(named)) return pick(g, named.getValues()).name;
  const sample = scalarSample(g, named.name);
  return typeof sample === 'string' ? JSON.stringify(sample) : String(sample);
}

/** A variable's value: of its type (with awkward edges), or (hostile) any JSON. */
function value(g: Gen, type: GraphQLInputType, depth: number, hostile: boolean): unknown {
  if ((hostile && chance(g, 35)) || depth > 4)
    return chance(g, 50) ? g(fc.jsonValue, { maxDepth: 3 }) : weirdString(g);
  const nullable = getNullableType(type);
  if (!isNonNullType(type) && chance(g, 10)) return null;
  if (isListType(nullable))
    return Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () =>
      value(g, nullable.ofType, depth + 1, hostile),
    );
  const named = getNamedType(type);
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type) || chance(g, 60))
        .map((f) => [f.name, value(g, f.type, depth + 1, hostile)]),
    );
  if (isEnumType(named)) return pick(g, named.getValues()).name;
  return scalarSample(g, named.name);
}

interface Built {
  query: string;
  variables: Record<string, unknown>;
}

function selection(
  g: Gen,
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  depth: number,
  vars: { defs: string[]; values: Record<string, unknown> },
  hostile: boolean,
): string {
  if (isAbstractType(type)) {
    const concrete = pick(g, schema.getPossibleTypes(type));
    return `{ __typename ... on ${concrete.name} ${selection(g, schema, concrete, depth, vars, hostile)} }`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values((type as GraphQLObjectType).getFields());
  const count = g(fc.integer, { min: 1, max: 4 });
  const parts: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (hostile && chance(g, 8)) {
      parts.push(pick(g, ['nope', '__typename', '__schema { types { name } }', '...Missing']));
      continue;
    }
    const field = pick(g, fields);
    // well-typed documents give a repeated field a fresh alias, so selections never conflict
    const repeated = used.has(field.name);
    used.add(field.name);
    const alias = hostile
      ? chance(g, 20)
        ? `a${g(fc.nat, 9)}: `
        : ''
      : repeated || chance(g, 10)
        ? `a${used.size}_${i}: `
        : '';
    const args = field.args
      .filter((a: GraphQLArgument) => (isNonNullType(a.type) && !(hostile && chance(g, 10))) || chance(g, 50))
      .map((a: GraphQLArgument) => {
        if (chance(g, 40)) {
          const name = `v${vars.defs.length}`;
          vars.defs.push(`$${name}: ${hostile && chance(g, 20) ? 'String' : String(a.type)}`);
          vars.values[name] = value(g, a.type, 0, hostile);
          return `${a.name}: $${name}`;
        }
        return `${a.name}: ${literal(g, a.type, 0, hostile)}`;
      });
    const named = getNamedType(field.type);
    const sub = isLeafType(named)
      ? hostile && chance(g, 5)
        ? ' { id }'
        : ''
      : depth >= 6
        ? ' { __typename }'
        : ` ${selection(g, schema, named, depth + 1, vars, hostile)}`;
    parts.push(`${alias}${field.name}${args.length ? `(${args.join(', ')})` : ''}${sub}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function randomDocument(g: Gen, schema: GraphQLSchema): Built {
  const hostile = chance(g, 50);
  const kind = pick(g, [
    'query',
    'query',
    'query',
    'query',
    'mutation',
    'mutation',
    'mutation',
    'subscription',
  ] as const);
  const root =
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const vars = { defs: [] as string[], values: {} as Record<string, unknown> };
  const body = selection(g, schema, root ?? schema.getQueryType()!, 0, vars, hostile);
  let query = `${kind} Fuzz${vars.defs.length ? `(${vars.defs.join(', ')})` : ''} ${body}`;
  if (hostile && chance(g, 20)) query = query.slice(0, g(fc.integer, { min: 0, max: query.length }));
  if (hostile && chance(g, 10)) query = `${query} fragment Unused on Query { serverTime }`;
  return {
    query,
    variables: hostile && chance(g, 15) ? (g(fc.jsonValue) as Record<string, unknown>) : vars.values,
  };
}

interface Sent {
  status: number;
  contentType: string;
  text: string;
  description: string;
}

function checkResponse(sent: Sent): void {
  const where = `${sent.description} → ${sent.status} ${sent.text.slice(0, 300)}`;
  expect(ALLOWED_STATUS.has(sent.status) ? 'ok' : where).toBe('ok');
  expect(sent.contentType.includes('json') ? 'ok' : where).toBe('ok');
  expect(/INTERNAL_SERVER_ERROR|\n\s+at |\.ts:\d+/.test(sent.text) ? where : 'ok').toBe('ok');
  let body: unknown;
  try {
    body = JSON.parse(sent.text);
  } catch {
    body = undefined;
  }
  const isResult = (v: unknown) =>
    !!v && typeof v === 'object' && !Array.isArray(v) && ('data' in v || 'errors' in v);
  const shaped = Array.isArray(body) ? body.length > 0 && body.every(isResult) : isResult(body);
  expect(shaped ? 'ok' : where).toBe('ok');
}

/** No request may take long: a slow or hanging answer is a failure that names the request. */
const REQUEST_TIMEOUT_MS = 10_000;

async function send(url: string, init: RequestInit, description: string): Promise<Sent> {
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(
      `no answer within ${Date.now() - started} ms (${(error as Error).name}): ${description.slice(0, 500)}`,
    );
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
    description,
  };
}

/**
 * Rows per table and a digest of their contents (the audit trail aside, and certificate challenge nonces: handing
 * them to anyone who asks is certificateChallenge's job).
 */
const UNWATCHED = new Set(['audit_entry', 'certificate_challenge']);
async function snapshot(server: TestServer): Promise<Record<string, string>> {
  const em = server.app.orm.em.fork();
  const out: Record<string, string> = {};
  for (const meta of Object.values(server.app.orm.getMetadata().getAll())) {
    if (!meta.tableName || UNWATCHED.has(meta.tableName) || meta.embeddable || meta.virtual) continue;
    const rows = (await em.getConnection().execute(`select * from "${meta.tableName}"`)) as unknown[];
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    out[meta.tableName] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
  }
  return out;
}

describe.each(testDatabases())('hostile input against the live server on %s', (db) => {
  let server: TestServer;
  let tokens: (string | undefined)[];
  let before: Record<string, string>;

  beforeAll(async () => {
    // the production limits, rate limits included
    server = await startTestServer({ db, config: { rateLimits: loadConfig({}).rateLimits } });
    // no role that may create anything: every change to stored data would be a failure
    tokens = [
      undefined,
      `Bearer ${server.token({ roles: [Role.BIDDER], bidderId: '00000000-0000-4000-8000-000000000001' })}`,
      `Bearer ${server.token({ roles: [Role.ANALYST] })}`,
      'Bearer not.a.token',
      'Basic dXNlcjpwYXNz',
    ];
    before = await snapshot(server);
    expect(Object.keys(before)).toContain('land_parcel');
  });
  afterAll(() => server?.close());

  it('answers random documents and variables with GraphQL errors, never a crash', async () => {
    const schema = server.app.schema;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const { query, variables } = randomDocument(g, schema);
        const authorization = pick(g, [...tokens, tokens[1], tokens[2], undefined]);
        const accept = pick(g, [
          'application/graphql-response+json',
          'application/json',
          '*/*',
          undefined,
          'application/graphql-response+json, application/json;q=0.9',
        ]);
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        if (accept) headers.accept = accept;
        let sent: Sent;
        if (chance(g, 20)) {
          const url = new URL(server.url);
          url.searchParams.set('query', query);
          if (chance(g, 70)) url.searchParams.set('variables', JSON.stringify(variables));
          if (chance(g, 70)) headers['apollo-require-preflight'] = 'true';
          sent = await send(url.toString(), { headers }, `GET ${query}`);
        } else {
          headers['content-type'] = 'application/json';
          sent = await send(
            server.url,
            {
              method: 'POST',
              headers,
              body: JSON.stringify({ query, variables, operationName: chance(g, 10) ? 'Other' : undefined }),
            },
            `POST ${query} ${JSON.stringify(variables).slice(0, 200)}`,
          );
        }
        checkResponse(sent);
      }),
      { numRuns: RUNS.documents, endOnFailure: true },
    );
  });

  it('answers malformed requests with GraphQL-shaped errors', async () => {
    const valid = JSON.stringify({ query: '{ serverTime }' });
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
      fc.constantFrom(
        '[]',
        '[{}]',
        'null',
        '"query"',
        '{"query": null}',
        '{"query": "{ serverTime }", "variables": "{}"}',
        '{"query": "{ serverTime }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
        '{"query": "{ serverTime }", "operationName": 5}',
        `{"query": "{ serverTime }", "variables": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
        `{"query": "${'{ viewer '.repeat(2000)}${'}'.repeat(2000)}"}`,
        `{"query": "${'{'.repeat(2400)}${'}'.repeat(2400)}"}`,
        JSON.stringify({
          query: `query($a: [[[[String]]]]) { parcels(first: 1) { totalCount } }`,
          variables: { a: [[[[[[1]]]]]] },
        }),
        JSON.stringify(Array.from({ length: 20 }, () => ({ query: '{ serverTime }' }))),
      ),
    );
    const contentTypes = fc.constantFrom(
      'application/json',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/graphql',
      undefined,
    );
    await fc.assert(
      fc.asyncProperty(
        bodies,
        contentTypes,
        fc.constantFrom(...tokens),
        fc.boolean(),
        async (body, contentType, authorization, preflight) => {
          const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
          if (contentType) headers['content-type'] = contentType;
          if (authorization) headers.authorization = authorization;
          if (preflight) headers['apollo-require-preflight'] = 'true';
          checkResponse(
            await send(
              server.url,
              { method: 'POST', headers, body },
              `POST ${contentType} ${body.slice(0, 200)}`,
            ),
          );
        },
      ),
      { numRuns: RUNS.raw, endOnFailure: true },
    );
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const sent = await send(
        server.url,
        { method, headers: { 'content-type': 'application/json' }, body: valid },
        method,
      );
      expect(sent.status).toBeLessThan(500);
    }
  });

  it('is still up, and has changed no stored data', async () => {
    const base = server.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await snapshot(server)).toEqual(before);
  });
});
