/** The audit trail's "within scope" for ORG_DEPARTMENT comes from the party organization tree. */
import { Role } from '../../src/common/viewer';
import { testDatabases } from '../helpers/environment';
import { startTestServer, type TestServer } from '../helpers/server';
import { AuditTrailDocument, CreateOrganizationDocument } from '../operations/generated';

describe.each(testDatabases())('party audit scope on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db, seed: false });
  });
  afterAll(() => server?.close());

  it('shows an ORG_DEPARTMENT the entries of actors anywhere below its scope, and nothing of a sibling', async () => {
    const root = server.token({ roles: [Role.ORG_DEPARTMENT] });
    const create = async (
      token: string,
      name: string,
      level: string,
      regionCode: string,
      parentId?: string,
    ) =>
      (
        await server.data(
          CreateOrganizationDocument,
          { input: { name, type: 'COMMITTEE', level, regionCode, parentId } } as never,
          { token },
        )
      ).createOrganization.id;
    const province = await create(root, '审计测试省委', 'PROVINCE', '630000');
    const cityA = await create(root, '审计测试甲市委', 'CITY', '630100', province);
    const cityB = await create(root, '审计测试乙市委', 'CITY', '632100', province);
    const county = await create(root, '审计测试县委', 'COUNTY', '630102', cityA);

    const countyDepartment = server.token({
      sub: 'county-dept',
      roles: [Role.ORG_DEPARTMENT],
      scopeOrganizationId: county,
    });
    await create(countyDepartment, '审计测试街道党工委', 'TOWNSHIP', '630102', county);

    const entriesFor = async (scopeOrganizationId: string) => {
      const token = server.token({ roles: [Role.ORG_DEPARTMENT], scopeOrganizationId });
      const data = await server.data(AuditTrailDocument, { first: 100 } as never, { token });
      return data.auditTrail.edges.map((e) => e.node.subject);
    };
    expect(await entriesFor(cityA)).toContain('county-dept');
    expect(await entriesFor(county)).toContain('county-dept');
    expect(await entriesFor(cityB)).not.toContain('county-dept');
  });
});
