/**
 * exportCsv and POST/GET /export.csv: any list a viewer may query, as CSV, under the same scope and role rules
 * as the query itself; only queries; RFC 4180 quoting and formula-injection guards; the download holds the same
 * text as the GraphQL field (after a UTF-8 byte order mark).
 */
import { ManualClock } from '../../src/common/clock';
import { partyModule } from '../../src/party';
import { testDatabases } from '../helpers/environment';
import { buildPartyWorld, createMember, registerOutflow, type PartyWorld } from '../helpers/party';
import { codes, startTestServer, type TestServer } from '../helpers/server';
import { ExportCsvDocument, MobilityBreakdownDocument } from '../operations/generated';

/** RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe(''); // every record ends in CRLF
  return records;
}

const MEMBERS = `query ScopedMembers {
  members(first: 100) {
    pageInfo { hasNextPage endCursor }
    edges { node { name gender formalOrganization { name } } }
  }
}`;
const BREAKDOWN = `query Breakdown($scopeId: ID!) {
  mobilityBreakdown(scopeId: $scopeId, by: OUTFLOW_ORGANIZATION) { key label count }
}`;

describe.each(testDatabases())('CSV export on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');
  const TRICKY = ['王五, "小五"\n第二行', '=HYPERLINK("http://x","点我")', '@SUM(1)', '+86 139', '-张三'];

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
    const t = w.tokens;
    for (const [i, name] of TRICKY.entries()) {
      const m = await createMember(server, t.adminA, i % 2 ? w.org.A1b : w.org.A1a, { name });
      await registerOutflow(server, t.adminA, m.id, { departedOn: '2024-10-01' });
    }
    for (const name of ['赵六', '孙七']) {
      const m = await createMember(server, t.adminB, w.org.B1a, { name });
      await registerOutflow(server, t.adminB, m.id, { departedOn: '2024-10-01' });
    }
  });
  afterAll(() => server?.close());

  const exportAs = (token: string | undefined, query: string, variables?: object, path?: string) =>
    server.request(ExportCsvDocument, { query, variables, path }, { token });
  const exported = async (token: string | undefined, query: string, variables?: object, path?: string) => {
    const response = await exportAs(token, query, variables, path);
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.exportCsv;
  };

  it('exports a party analytic with exactly the rows the same query gives the viewer', async () => {
    for (const [token, scopeId] of [
      [w.tokens.adminA, w.org.A],
      [w.tokens.adminB, w.org.B],
      [w.tokens.analystA, w.org.A],
    ]) {
      const json = (
        await server.data(MobilityBreakdownDocument, { scopeId, by: 'OUTFLOW_ORGANIZATION' }, { token })
      ).mobilityBreakdown;
      const file = await exported(token, BREAKDOWN, { scopeId });
      expect(file).toMatchObject({
        filename: 'mobilityBreakdown-2024-11-01.csv',
        contentType: 'text/csv; charset=utf-8',
        rowCount: json.length,
        columns: ['key', 'label', 'count'],
        hasNextPage: null,
      });
      expect(parseCsv(file.csv)).toEqual([
        ['key', 'label', 'count'],
        ...json.map((b) => [b.key, b.label, String(b.count)]),
      ]);
    }
    const a = await exported(w.tokens.adminA, BREAKDOWN, { scopeId: w.org.A });
    expect(
      parseCsv(a.csv)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([w.org.A1a, w.org.A1b].sort());
    const b = await exported(w.tokens.adminB, BREAKDOWN, { scopeId: w.org.B });
    expect(parseCsv(b.csv).slice(1)).toEqual([[w.org.B1a, '建设巷社区党支部', '2']]);
  });

  it('exports a connection as its nodes, nested objects as dotted columns, only within scope', async () => {
    const a = await exported(w.tokens.adminA, MEMBERS);
    expect(a.columns).toEqual(['name', 'gender', 'formalOrganization.name']);
    expect(a).toMatchObject({ rowCount: TRICKY.length, hasNextPage: false });
    const json = await server.data(MEMBERS, {}, { token: w.tokens.adminA });
    const nodes = (
      json as {
        members: {
          edges: { node: { name: string; gender: string; formalOrganization: { name: string } } }[];
        };
      }
    ).members.edges.map((e) => e.node);
    const guard = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);
    expect(parseCsv(a.csv).slice(1)).toEqual(
      nodes.map((n) => [guard(n.name), n.gender, n.formalOrganization.name]),
    );
    const b = await exported(w.tokens.adminB, MEMBERS);
    expect(
      parseCsv(b.csv)
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['孙七', '赵六']);
  });

  it('quotes commas, quotes and line breaks, keeps Chinese, and defuses formulas', async () => {
    const file = await exported(w.tokens.adminA, MEMBERS, undefined, 'members');
    expect(file.csv).toContain('"王五, ""小五""\n第二行"');
    expect(file.csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(file.csv).toContain("'@SUM(1)");
    expect(file.csv).toContain("'+86 139");
    expect(file.csv).toContain("'-张三");
    expect(file.csv.endsWith('\r\n')).toBe(true);
    expect(file.csv.split('\r\n')[0]).toBe('name,gender,formalOrganization.name');
  });

  it('fails with the code the query itself gets, and exports nothing', async () => {
    const cases: [string | undefined, string, string][] = [
      [undefined, w.org.A, 'UNAUTHENTICATED'], // anonymous
      [w.tokens.bidder, w.org.A, 'FORBIDDEN'], // wrong role
      [w.tokens.adminB, w.org.A, 'NOT_FOUND'], // another organization's subtree
      [w.tokens.adminA1, w.org.A, 'NOT_FOUND'], // above its own scope
    ];
    for (const [token, scopeId, code] of cases) {
      const direct = await server.request(BREAKDOWN, { scopeId }, { token });
      expect(codes(direct)).toEqual([code]);
      const response = await exportAs(token, BREAKDOWN, { scopeId });
      expect(response.data).toBeNull();
      expect(codes(response)).toEqual([codes(direct)[0]]);
      expect(JSON.stringify(response)).not.toContain(w.org.A1a);
    }
  });

  it('refuses mutations, subscriptions, nested exports and paths that are not lists, changing nothing', async () => {
    const before = await exported(w.tokens.adminA, MEMBERS);
    const refused = [
      exportAs(
        w.tokens.adminA,
        `mutation Add($org: ID!) { createMember(input: { name: "新人", gender: MALE, birthDate: "1990-01-01",
          status: FULL, joinedAt: "2015-07-01", formalOrganizationId: $org, idNumber: "630102199001010011",
          phone: "13912345678" }) { id name } }`,
        { org: w.org.A1a },
      ),
      exportAs(w.tokens.adminA, 'subscription { auctionEvents(auctionId: "x") { sequence } }'),
      exportAs(w.tokens.adminA, `{ exportCsv(query: "{ serverTime }") { csv } }`),
      exportAs(w.tokens.adminA, MEMBERS, undefined, 'members.pageInfo'),
      exportAs(w.tokens.adminA, MEMBERS, undefined, 'nothing.here'),
      exportAs(w.tokens.adminA, '{ serverTime }'),
      exportAs(w.tokens.adminA, '{ members(first: 1) { totalCount } organizations { totalCount }'),
      exportAs(w.tokens.adminA, `${BREAKDOWN} query Other { serverTime }`, { scopeId: w.org.A }),
      exportAs(w.tokens.adminA, BREAKDOWN, {}),
    ];
    const responses = await Promise.all(refused);
    for (const response of responses) {
      expect(response.data).toBeNull();
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    }
    expect(responses[0].errors![0].message).toBe('only a query can be exported, not a mutation');
    expect(responses[2].errors![0].message).toBe('an export cannot contain exportCsv');
    expect((await exported(w.tokens.adminA, MEMBERS)).csv).toBe(before.csv);
  });

  it('allows one export per operation: each may cost as much as a whole operation', async () => {
    const twice = await server.request(
      `query Twice($q: String!) { a: exportCsv(query: $q) { csv } b: exportCsv(query: $q) { csv } }`,
      { q: MEMBERS },
      { token: w.tokens.adminA },
    );
    expect(twice.data).toBeNull();
    expect(codes(twice)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('asks for a path when the result holds several lists', async () => {
    const query = `query Two($scopeId: ID!) {
      byStatus: mobilityBreakdown(scopeId: $scopeId, by: STATUS) { key count }
      byReason: mobilityBreakdown(scopeId: $scopeId, by: REASON) { key count }
    }`;
    const response = await exportAs(w.tokens.adminA, query, { scopeId: w.org.A });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toContain('byStatus, byReason');
    const file = await exported(w.tokens.adminA, query, { scopeId: w.org.A }, 'byReason');
    expect(file.filename).toBe('byReason-2024-11-01.csv');
    expect(parseCsv(file.csv)).toEqual([
      ['key', 'count'],
      ['WORK', '5'],
      ['RESIDENCE', '0'],
      ['STUDY', '0'],
    ]);
  });

  it('runs the GraphiQL tab that exports mobile members by destination', async () => {
    const tab = partyModule.exampleQueries!.find((q) => q.title.startsWith('导出 CSV'))!;
    const data = await server.data<{ exportCsv: { rowCount: number; columns: string[]; csv: string } }>(
      tab.query,
      { scopeId: w.org.A },
      { token: w.tokens.adminA },
    );
    expect(data.exportCsv).toMatchObject({ rowCount: 1, columns: ['key', 'label', 'count'] });
    expect(data.exportCsv.csv).toMatch(/^key,label,count\r\n630100,[^\r]*,5\r\n$/); // the test world's default destination
  });

  describe('the /export.csv download', () => {
    const downloadUrl = () => server.url.replace(/\/graphql$/, '/export.csv');

    it('answers text/csv as an attachment with the same text as exportCsv, by POST and GET', async () => {
      const variables = { scopeId: w.org.A };
      const file = await exported(w.tokens.adminA, MEMBERS);
      const post = await fetch(downloadUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.adminA}` },
        body: JSON.stringify({ query: MEMBERS }),
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(post.headers.get('content-disposition')).toBe(`attachment; filename="${file.filename}"`);
      const bytes = Buffer.from(await post.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(3).toString('utf8')).toBe(file.csv);

      const params = new URLSearchParams({ query: BREAKDOWN, variables: JSON.stringify(variables) });
      const get = await fetch(`${downloadUrl()}?${params}`, {
        headers: { authorization: `Bearer ${w.tokens.adminA}` },
      });
      expect(get.status).toBe(200);
      expect((await get.text()).replace(/^\uFEFF/, '')).toBe(
        (await exported(w.tokens.adminA, BREAKDOWN, variables)).csv,
      );
    });

    it('refuses like /graphql: 401 for a bad token, the query’s code otherwise, as JSON', async () => {
      const post = (body: object, authorization?: string) =>
        fetch(downloadUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify(body),
        });
      const expectError = async (response: Response, status: number, code: string) => {
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/json');
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
      };
      const variables = { scopeId: w.org.A };
      await expectError(
        await post({ query: BREAKDOWN, variables }, 'Bearer not.a.jwt'),
        401,
        'UNAUTHENTICATED',
      );
      await expectError(await post({ query: BREAKDOWN, variables }), 401, 'UNAUTHENTICATED');
      await expectError(
        await post({ query: BREAKDOWN, variables }, `Bearer ${w.tokens.bidder}`),
        403,
        'FORBIDDEN',
      );
      await expectError(
        await post({ query: 'mutation { signOut }' }, `Bearer ${w.tokens.adminA}`),
        400,
        'BAD_USER_INPUT',
      );
      await expectError(
        await post({ query: BREAKDOWN, variables }, `Bearer ${w.tokens.adminB}`),
        404,
        'NOT_FOUND',
      );
      await expectError(await post({ variables }, `Bearer ${w.tokens.adminA}`), 400, 'BAD_REQUEST');
    });
  });
});
