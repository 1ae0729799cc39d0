/** The audit trail: every mutation by a signed-in viewer and every sign-in attempt, append-only, read by scope. */
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { createStaffAccount } from '../../src/auth/staff-account.service';
import { AuditEntry } from '../../src/server/audit/audit-entry.entity';
import { LAND_MUTATIONS, PARTY_MUTATIONS, SIGN_IN_MUTATIONS } from '../../src/server/audit/audit.domains';
import { exactScopeResolver, provideScopeResolver } from '../../src/common/request/audit.scope';
import { buildGraphQLSchema } from '../../src/server/schema';
import { testDatabases } from '../helpers/environment';
import { codes, startTestServer, type TestServer } from '../helpers/server';
import {
  AuditTrailDocument,
  CreateParcelDocument,
  SignInDocument,
  type AuditEntryFilter,
  type CreateParcelInput,
} from '../operations/generated';

const PASSWORD = 'a long enough password';
const MONTH = 30 * 86400;
const parcel = (code: string, overrides: Partial<CreateParcelInput> = {}): CreateParcelInput => ({
  code,
  city: '西宁市',
  district: '城北区',
  location: '测试路',
  areaSqm: '1200.5',
  landUses: ['INDUSTRIAL'],
  planning: { floorAreaRatioMax: '1.5' },
  leaseTerms: [{ landUse: 'INDUSTRIAL', years: 50 }],
  ...overrides,
});

it('classifies every Mutation field of the schema as land, party or sign-in', () => {
  const fields = Object.keys(buildGraphQLSchema().getMutationType()!.getFields());
  const unclassified = fields.filter(
    (f) => !LAND_MUTATIONS.has(f) && !PARTY_MUTATIONS.has(f) && !SIGN_IN_MUTATIONS.has(f),
  );
  expect(unclassified).toEqual([]);
});

describe.each(testDatabases())('audit trail on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let centre: string;
  let unscopedDept: string;

  const trail = async (token: string, filter?: AuditEntryFilter, first = 100) =>
    (await server.data(AuditTrailDocument, { filter, first }, { token })).auditTrail;

  beforeAll(async () => {
    clock = new ManualClock('2024-11-01T09:00:00+08:00');
    server = await startTestServer({ db, clock, seed: false });
    centre = server.token({ roles: [Role.TRADING_CENTER], sub: 'staff:centre' }, MONTH);
    unscopedDept = server.token({ roles: [Role.ORG_DEPARTMENT], sub: 'staff:dept' }, MONTH);
    const em = server.app.orm.em.fork();
    await createStaffAccount(em, clock, { username: 'bank.teller', password: PASSWORD, roles: [Role.BANK] });
    await createStaffAccount(em, clock, {
      username: 'dept.a',
      password: PASSWORD,
      roles: [Role.ORG_DEPARTMENT],
      scopeOrganizationId: 'org-A',
    });
    await createStaffAccount(em, clock, {
      username: 'dept.b',
      password: PASSWORD,
      roles: [Role.ORG_DEPARTMENT],
      scopeOrganizationId: 'org-B',
    });
  });
  afterAll(() => server?.close());

  it('records a mutation with who, what, when, the arguments in their GraphQL form, and OK', async () => {
    clock.set('2024-11-02T10:00:00+08:00');
    await server.request(CreateParcelDocument, { input: parcel('A-1') }, { token: centre });
    const { edges } = await trail(centre, { field: 'createParcel', subject: 'staff:centre' });
    expect(edges).toHaveLength(1);
    const entry = edges[0].node;
    expect(entry).toMatchObject({
      subject: 'staff:centre',
      roles: ['TRADING_CENTER'],
      field: 'createParcel',
      operationName: 'CreateParcel',
      domain: 'LAND',
      outcome: 'OK',
    });
    expect(Date.parse(entry.occurredAt)).toBe(Date.parse('2024-11-02T10:00:00+08:00'));
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.parse(entry.arguments)).toMatchObject({
      input: { code: 'A-1', areaSqm: '1200.5', landUses: ['INDUSTRIAL'], leaseTerms: [{ years: 50 }] },
    });
  });

  it('records failed mutations with their error code, in an entry the failure cannot roll back', async () => {
    const bidder = server.token({ roles: [Role.BIDDER], bidderId: 'b-1', sub: 'bidder:b-1' }, MONTH);
    expect(
      codes(await server.request(CreateParcelDocument, { input: parcel('A-1') }, { token: centre })),
    ).toEqual(['CONFLICT']);
    expect(
      codes(await server.request(CreateParcelDocument, { input: parcel('A-2') }, { token: bidder })),
    ).toEqual(['FORBIDDEN']);
    const rule = await server.request(
      CreateParcelDocument,
      { input: parcel('A-3', { leaseTerms: [{ landUse: 'INDUSTRIAL', years: 99 }] }) },
      { token: centre },
    );
    expect(codes(rule)).toEqual(['BAD_USER_INPUT']);
    const outcomes = (await trail(centre, { field: 'createParcel' })).edges.map((e) => [
      e.node.subject,
      e.node.outcome,
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ['staff:centre', 'CONFLICT'],
        ['bidder:b-1', 'FORBIDDEN'],
        ['staff:centre', 'BAD_USER_INPUT'],
      ]),
    );
  });

  it('records a mutation refused before it ran (variables that do not coerce)', async () => {
    const refused = await server.request(
      CreateParcelDocument,
      { input: parcel('A-4', { areaSqm: '1e9' }) },
      { token: centre },
    );
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    const entry = (await trail(centre, { field: 'createParcel', outcome: 'BAD_USER_INPUT' })).edges
      .map((e) => JSON.parse(e.node.arguments))
      .find((a) => a.notExecuted);
    expect(entry).toMatchObject({ notExecuted: true, variables: { input: { code: 'A-4', areaSqm: '1e9' } } });
  });

  it('leaves out anonymous mutations other than sign-ins', async () => {
    const before = (await trail(centre)).totalCount;
    expect(codes(await server.request(CreateParcelDocument, { input: parcel('A-5') }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect((await trail(centre)).totalCount).toBe(before);
  });

  it('records sign-ins, failed ones too, with the password redacted', async () => {
    await server.request(SignInDocument, { username: 'bank.teller', password: 'wrong guess' });
    await server.request(SignInDocument, { username: 'bank.teller', password: PASSWORD });
    await server.request(SignInDocument, { username: 'no.such.user', password: 'hunter2hunter2' });
    const entries = (await trail(centre, { field: 'signIn' })).edges.map((e) => e.node);
    expect(entries.map((e) => [e.subject, e.roles, e.domain, e.outcome])).toEqual(
      expect.arrayContaining([
        [null, ['BANK'], 'LAND', 'UNAUTHENTICATED'],
        ['staff:bank.teller', ['BANK'], 'LAND', 'OK'],
        [null, [], 'SIGN_IN', 'UNAUTHENTICATED'],
      ]),
    );
    for (const e of entries) expect(JSON.parse(e.arguments).password).toBe('[redacted]');
    const stored = await server.app.orm.em.fork().find(AuditEntry, {});
    const all = JSON.stringify(stored);
    for (const secret of ['wrong guess', PASSWORD, 'hunter2hunter2']) expect(all).not.toContain(secret);
  });

  it('records mutations made over WebSocket', async () => {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${centre}` },
    });
    try {
      await new Promise((resolve, reject) =>
        client.subscribe(
          {
            query:
              'mutation OverWs { createParcel(input: { code: "WS-1", city: "c", district: "d", location: "l", areaSqm: "5", landUses: [OTHER], planning: {}, leaseTerms: [] }) { id } }',
          },
          { next: resolve, error: reject, complete: () => undefined },
        ),
      );
    } finally {
      await client.dispose();
    }
    const [entry] = (await trail(centre, { field: 'createParcel', outcome: 'OK' })).edges
      .map((e) => e.node)
      .filter((e) => e.operationName === 'OverWs');
    expect(entry).toMatchObject({ subject: 'staff:centre', outcome: 'OK' });
  });

  it('shows the trading centre land and sign-in entries, and organization departments party entries by scope', async () => {
    await server.request(SignInDocument, { username: 'dept.a', password: PASSWORD });
    await server.request(SignInDocument, { username: 'dept.b', password: 'wrong' });
    const domains = (entries: { node: { domain: string } }[]) =>
      [...new Set(entries.map((e) => e.node.domain))].sort();
    expect(domains((await trail(centre)).edges)).toEqual(['LAND', 'SIGN_IN']);
    expect(domains((await trail(unscopedDept)).edges)).toEqual(['PARTY', 'SIGN_IN']);

    const scopedA = server.token({ roles: [Role.ORG_DEPARTMENT], scopeOrganizationId: 'org-A' }, MONTH);
    const seenByA = (await trail(scopedA)).edges.map((e) => e.node);
    expect(seenByA.map((e) => [e.domain, e.scopeOrganizationId, e.subject])).toEqual([
      ['PARTY', 'org-A', 'staff:dept.a'],
    ]);

    const root = server.token({ roles: [Role.ORG_DEPARTMENT], scopeOrganizationId: 'org-ROOT' }, MONTH);
    expect((await trail(root)).totalCount).toBe(0);
    provideScopeResolver({
      organizationsWithin: async (id) => (id === 'org-ROOT' ? [id, 'org-A', 'org-B'] : [id]),
    });
    try {
      expect((await trail(root)).edges.map((e) => e.node.scopeOrganizationId).sort()).toEqual([
        'org-A',
        'org-B',
      ]);
    } finally {
      provideScopeResolver(exactScopeResolver);
    }
  });

  it('refuses everyone else', async () => {
    expect(codes(await server.request(AuditTrailDocument, {}))).toEqual(['UNAUTHENTICATED']);
    for (const roles of [[Role.BIDDER], [Role.ANALYST], [Role.BANK], [Role.ORG_ADMIN], [Role.LAND_BUREAU]]) {
      const response = await server.request(
        AuditTrailDocument,
        {},
        { token: server.token({ roles }, MONTH) },
      );
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
  });

  it('filters by time and outcome and pages newest first', async () => {
    clock.set('2024-11-03T10:00:00+08:00');
    await server.request(CreateParcelDocument, { input: parcel('B-1') }, { token: centre });
    clock.set('2024-11-03T11:00:00+08:00');
    await server.request(CreateParcelDocument, { input: parcel('B-2') }, { token: centre });
    const day = await trail(centre, { from: '2024-11-03T00:00:00+08:00', to: '2024-11-04T00:00:00+08:00' });
    expect(day.edges.map((e) => JSON.parse(e.node.arguments).input.code)).toEqual(['B-2', 'B-1']);
    const first = (await server.data(AuditTrailDocument, { first: 1 }, { token: centre })).auditTrail;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await server.data(AuditTrailDocument, { first: 1, after: first.pageInfo.endCursor }, { token: centre })
    ).auditTrail;
    expect(second.edges[0].node.id).not.toBe(first.edges[0].node.id);
    expect(Date.parse(second.edges[0].node.occurredAt)).toBeLessThanOrEqual(
      Date.parse(first.edges[0].node.occurredAt),
    );
  });

  it('cannot be changed or deleted, even by SQL', async () => {
    const connection = server.app.orm.em.fork().getConnection();
    // the message, not toThrow: better-sqlite3's error class belongs to whichever test file loaded it first
    const failure = (statement: Promise<unknown>) =>
      statement.then(
        () => 'no error',
        (error: unknown) => String((error as { message?: unknown })?.message ?? error),
      );
    expect(await failure(connection.execute(`update audit_entry set outcome = 'OK'`))).toMatch(/append-only/);
    expect(await failure(connection.execute('delete from audit_entry'))).toMatch(/append-only/);
    expect(await server.app.orm.em.fork().count(AuditEntry, {})).toBeGreaterThan(5);
  });
});
