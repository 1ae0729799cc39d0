/** The organization tree: creation rules, subtree queries, counts that follow scope, mobile-member organizations. */
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { codes, startTestServer, type TestServer } from '../helpers/server';
import {
  CreateOrganizationDocument,
  EstablishMobileOrganizationDocument,
  OrganizationDocument,
  OrganizationsDocument,
  PartyViewerDocument,
} from '../operations/generated';

describe.each(testDatabases())('party organizations on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  it('lets only an unscoped organization department create a root, and a scoped one only inside its scope', async () => {
    const root = {
      name: '另一省委',
      type: 'COMMITTEE' as const,
      level: 'PROVINCE' as const,
      regionCode: '620000',
    };
    expect(
      codes(
        await server.request(CreateOrganizationDocument, { input: root }, { token: w.tokens.departmentA }),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await server.request(CreateOrganizationDocument, { input: root }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await server.request(CreateOrganizationDocument, { input: root }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const branch = {
      name: '新支部',
      type: 'BRANCH' as const,
      level: 'VILLAGE' as const,
      regionCode: '630103',
    };
    expect(
      codes(
        await server.request(
          CreateOrganizationDocument,
          { input: { ...branch, parentId: w.org.B1 } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const created = await server.data(
      CreateOrganizationDocument,
      { input: { ...branch, regionCode: '630102', parentId: w.org.A1 } },
      { token: w.tokens.departmentA },
    );
    expect(created.createOrganization).toMatchObject({ name: '新支部', depth: 4, parent: { id: w.org.A1 } });
    expect(
      codes(
        await server.request(
          CreateOrganizationDocument,
          { input: { ...branch, regionCode: '630102', parentId: w.org.A1 } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['CONFLICT']);
    expect(
      codes(
        await server.request(
          CreateOrganizationDocument,
          { input: { ...branch, level: 'CITY', parentId: w.org.A1 } },
          { token: w.tokens.department },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('answers subtree, type, region-prefix and name filters, in tree order', async () => {
    const within = await server.data(
      OrganizationsDocument,
      { filter: { withinId: w.org.A } },
      { token: w.tokens.analystB },
    );
    const names = within.organizations.edges.map((e) => e.node.name);
    expect(names.slice(0, 4)).toEqual([
      '城东区委',
      '东关大街街道党工委',
      '南小街社区党支部',
      '清真巷社区党支部',
    ]);
    expect(names).not.toContain('城中区委');
    const branchesOfB = await server.data(
      OrganizationsDocument,
      { filter: { regionCodePrefix: '630103', type: 'BRANCH' } },
      { token: w.tokens.adminA },
    );
    expect(branchesOfB.organizations.edges.map((e) => e.node.id)).toEqual([w.org.B1a]);
    const byName = await server.data(
      OrganizationsDocument,
      { filter: { nameContains: '南滩' } },
      { token: w.tokens.adminA },
    );
    expect(byName.organizations.edges.map((e) => e.node.id)).toEqual([w.org.B1]);
    expect(
      codes(
        await server.request(
          OrganizationsDocument,
          { filter: { regionCodePrefix: '63%' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const first = await server.data(OrganizationsDocument, { first: 2 }, { token: w.tokens.adminA });
    expect(first.organizations.pageInfo.hasNextPage).toBe(true);
    const next = await server.data(
      OrganizationsDocument,
      { first: 2, after: first.organizations.pageInfo.endCursor },
      { token: w.tokens.adminA },
    );
    expect(next.organizations.edges[0].node.id).toBe(w.org.A);
  });

  it('serves the directory to every party role and refuses others', async () => {
    for (const token of [
      w.tokens.adminB,
      w.tokens.analystA,
      w.memberToken('00000000-0000-4000-8000-000000000001'),
    ]) {
      const data = await server.data(OrganizationDocument, { id: w.org.A1 }, { token });
      expect(data.organization).toMatchObject({
        id: w.org.A1,
        parent: { id: w.org.A },
        type: 'WORKING_COMMITTEE',
      });
      expect(data.organization!.children.map((c) => c.id)).toEqual(
        expect.arrayContaining([w.org.A1a, w.org.A1b]),
      );
    }
    expect(
      codes(await server.request(OrganizationDocument, { id: w.org.A }, { token: w.tokens.bidder })),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await server.request(OrganizationDocument, { id: w.org.A }))).toEqual(['UNAUTHENTICATED']);
  });

  it('counts members and records below an organization, within the viewer’s scope only', async () => {
    const a = await createMember(server, w.tokens.adminA, w.org.A1a);
    await createMember(server, w.tokens.adminA, w.org.A1b);
    const b = await createMember(server, w.tokens.adminB, w.org.B1a);
    const outA = await registerOutflow(server, w.tokens.adminA, a.id);
    await registerOutflow(server, w.tokens.adminB, b.id);
    await reportToInflow(server, w.memberToken(a.id), outA.id, w.org.B1a);
    const counts = async (id: string, token: string) => {
      const o = (await server.data(OrganizationDocument, { id }, { token })).organization!;
      return [o.memberCount, o.outflowCount, o.inflowCount];
    };
    expect(await counts(w.org.C, w.tokens.department)).toEqual([3, 2, 1]);
    expect(await counts(w.org.A, w.tokens.department)).toEqual([2, 1, 0]);
    expect(await counts(w.org.B, w.tokens.department)).toEqual([1, 1, 1]);
    // B's administrator sees, below the city, its own member and the inflow member from A (not A's other member)
    expect(await counts(w.org.C, w.tokens.adminB)).toEqual([2, 2, 1]);
    expect(await counts(w.org.A, w.tokens.adminB)).toEqual([1, 1, 0]);
    expect(await counts(w.org.A, w.tokens.analystB)).toEqual([1, 1, 0]);
    expect(await counts(w.org.C, w.tokens.adminA)).toEqual([2, 1, 1]); // its own record, which flows into B
    expect(await counts(w.org.C, w.memberToken(b.id))).toEqual([1, 1, 0]);
    expect(await counts(w.org.C, w.tokens.adminNoScope)).toEqual([0, 0, 0]);
    const list = await server.data(
      OrganizationsDocument,
      { filter: { withinId: w.org.C } },
      { token: w.tokens.adminA },
    );
    expect(list.organizations.edges.find((e) => e.node.id === w.org.B)!.node.memberCount).toBe(0);
  });

  it('establishes mobile-member organizations only with a county-level committee’s approval', async () => {
    const input = {
      name: '城东区驻北京流动党员党支部',
      type: 'BRANCH' as const,
      regionCode: '110000',
      parentId: w.org.A,
      basis: 'OUTFLOW_BASED' as const,
      approverId: w.org.A,
      approvedAt: '2024-10-01',
    };
    expect(
      codes(
        await server.request(
          EstablishMobileOrganizationDocument,
          { input: { ...input, parentId: w.org.A1, approverId: w.org.A1 } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['APPROVER_LEVEL_TOO_LOW']);
    expect(
      codes(
        await server.request(
          EstablishMobileOrganizationDocument,
          { input: { ...input, approverId: w.org.B } },
          {
            token: w.tokens.departmentA,
          },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await server.request(EstablishMobileOrganizationDocument, { input }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          EstablishMobileOrganizationDocument,
          { input: { ...input, parentId: w.org.B } },
          {
            token: w.tokens.departmentA,
          },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const made = await server.data(
      EstablishMobileOrganizationDocument,
      { input },
      { token: w.tokens.departmentA },
    );
    expect(made.establishMobileOrganization).toMatchObject({
      isMobilePartyOrganization: true,
      mobileOrgBasis: 'OUTFLOW_BASED',
      approvedBy: { id: w.org.A },
      approvedAt: '2024-10-01',
      parent: { id: w.org.A },
      level: 'TOWNSHIP',
      regionCode: '110000',
    });
    const byCity = await server.data(
      EstablishMobileOrganizationDocument,
      {
        input: {
          ...input,
          name: '城中区流动党员党支部',
          parentId: w.org.B1,
          approverId: w.org.C,
          basis: 'INFLOW_BASED',
          regionCode: '630103',
        },
      },
      { token: w.tokens.department },
    );
    expect(byCity.establishMobileOrganization.approvedBy!.id).toBe(w.org.C);
    const mobile = await server.data(
      OrganizationsDocument,
      { filter: { mobileOnly: true } },
      { token: w.tokens.analyst },
    );
    expect(mobile.organizations.edges.map((e) => e.node.name)).toEqual([
      '城东区驻北京流动党员党支部',
      '城中区流动党员党支部',
    ]);
  });

  it('tells each viewer its scope organization and member', async () => {
    const m = await createMember(server, w.tokens.adminA, w.org.A1a, { name: '王自己' });
    const admin = await server.data(PartyViewerDocument, {}, { token: w.tokens.adminA });
    expect(admin.viewer).toMatchObject({
      scopeOrganization: { id: w.org.A, name: '城东区委' },
      member: null,
    });
    const self = await server.data(PartyViewerDocument, {}, { token: w.memberToken(m.id) });
    expect(self.viewer).toMatchObject({ scopeOrganization: null, member: { id: m.id, name: '王自己' } });
    expect(self.viewer.member!.idNumber).not.toContain('*');
    expect(
      (await server.data(PartyViewerDocument, {}, { token: w.tokens.analyst })).viewer.scopeOrganization,
    ).toBeNull();
  });
});
