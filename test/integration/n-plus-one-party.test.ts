/**
 * No N+1 in the party domain: representative nested reads issue as many SQL statements for a large page (or an
 * organization with many children) as for a small one, for an unscoped and for scoped viewers. Requests run one
 * at a time, so every statement the ORM's connection issues in between belongs to that request.
 */
import { encodeCursor } from '../../src/common/pagination';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { testDatabases } from '../helpers/environment';
import {
  BULK_ACTIVITIES,
  BULK_REPORTED,
  OUTFLOW_RECORDS,
  OUTFLOW_REPORTED,
  seedBulkParty,
  type BulkParty,
} from '../helpers/party-bulk';
import { startTestServer, type TestServer } from '../helpers/server';
import { countStatements } from '../helpers/sql-count';
import {
  DeepMemberPageDocument,
  DeepMobilityPageDocument,
  DeepFeeAllocationsDocument,
  DeepOrgLifePageDocument,
  DeepTransfersDocument,
  MembersDocument,
  OrganizationChildrenCountsDocument,
  OrganizationChildrenMembersDocument,
  OrganizationMembersPageDocument,
} from '../operations/generated';

/** SQL_COUNT_LOG=1 prints the counts (for reports); SQL_COUNT_LOG=sql also the statements of both runs. */
const report = (
  name: string,
  small: { statements: number; sql: string[] },
  large: { statements: number; sql: string[] },
) => {
  if (!process.env.SQL_COUNT_LOG) return;
  console.log(`${name}: ${small.statements} statements small, ${large.statements} large`);
  if (process.env.SQL_COUNT_LOG === 'sql')
    console.log(['SMALL', ...small.sql, 'LARGE', ...large.sql].join('\n'));
};

describe.each(testDatabases())('party SQL statements per request on %s', (db) => {
  /**
   * The large page must issue no more statements than the small one. On PostgreSQL the pool runs independent
   * reads at once and whichever answers first decides whether two loads of one loader (an organization's own
   * count and its children's) share a batch: one statement more or fewer, either way, from run to run. A read per
   * row would add 45–90 statements; one either way is the pool's timing, so PostgreSQL allows it.
   */
  const slack = db === 'postgresql' ? 1 : 0;
  const expectSameStatements = (small: { statements: number }, large: { statements: number }) => {
    expect(Math.abs(large.statements - small.statements)).toBeLessThanOrEqual(slack);
  };
  let server: TestServer;
  let bulk: BulkParty;
  let viewers: Record<'department' | 'adminOutflow' | 'adminInflow', string>;

  /** Runs `read` at the small and the large size (after a warm-up) and returns both results with their counts. */
  async function compare<T>(read: (size: 'small' | 'large') => Promise<T>) {
    const run = (size: 'small' | 'large') => countStatements(server.app.orm, () => read(size));
    await run('small');
    return { small: await run('small'), large: await run('large') };
  }

  beforeAll(async () => {
    // deep pages of 100 score far above the default complexity limit
    const limits = { ...loadConfig({ JWT_SECRET: 'x'.repeat(32) }).limits, maxComplexity: 1_000_000 };
    server = await startTestServer({ db, workers: false, seed: false, config: { limits } });
    bulk = await seedBulkParty(server.app.orm.em.fork());
    const scoped = (scopeOrganizationId: string, sub: string) =>
      server.token({ roles: [Role.ORG_ADMIN], scopeOrganizationId, sub });
    viewers = {
      department: server.token({ roles: [Role.ORG_DEPARTMENT], sub: 'dept' }),
      adminOutflow: scoped(bulk.outflowCounty, 'admin-outflow'),
      adminInflow: scoped(bulk.inflowCounty, 'admin-inflow'),
    };
  });
  afterAll(() => server?.close());

  it.each(['department', 'adminOutflow', 'adminInflow'] as const)(
    'reads 10 or 100 mobility records with member, both organizations, contacts and duties in the same statements (%s)',
    async (viewer) => {
      const { small, large } = await compare((size) =>
        server.data(
          DeepMobilityPageDocument,
          { first: size === 'small' ? 10 : 100, filter: { withinId: bulk.root } },
          { token: viewers[viewer] },
        ),
      );
      expect(small.result.mobilityRecords.edges).toHaveLength(10);
      const records = large.result.mobilityRecords.edges.map((e) => e.node);
      expect(records).toHaveLength(100);
      for (const r of records) {
        expect(r.member.formalOrganization.id).toBe(r.outflowOrganization.id);
        expect([bulk.outflowCounty, bulk.smallCounty]).toContain(r.outflowOrganization.parent?.id);
        expect(r.outflowContact?.name).toBe('流出联系人');
        expect(r.dutyRecords.map((d) => d.duty.code)).toEqual(
          r.inflowOrganization ? ['OUTFLOW_1', 'MEMBER_2'] : ['OUTFLOW_1'],
        );
        expect(r.overdueDuties.length).toBeGreaterThan(0);
      }
      // every viewer here administers one side of each record it reads: contact phones in clear
      expect(records.every((r) => r.outflowContact?.phone === '13900000001')).toBe(true);
      if (viewer === 'adminInflow') {
        expect(records.every((r) => r.inflowOrganization !== null)).toBe(true);
        expect(large.result.mobilityRecords.totalCount).toBe(BULK_REPORTED);
      }
      report(`mobility records deep (${viewer})`, small, large);
      expectSameStatements(small, large);
    },
  );

  it.each(['department', 'adminInflow'] as const)(
    'reads an organization with 5 or 50 children and their counts in the same statements (%s)',
    async (viewer) => {
      const { small, large } = await compare((size) =>
        server.data(
          OrganizationChildrenCountsDocument,
          { id: size === 'small' ? bulk.smallCounty : bulk.outflowCounty },
          { token: viewers[viewer] },
        ),
      );
      expect(small.result.organization?.children).toHaveLength(5);
      const children = large.result.organization!.children;
      expect(children).toHaveLength(50);
      expect(children.every((c) => c.parent?.id === bulk.outflowCounty && c.children.length === 0)).toBe(
        true,
      );
      const members = children.map((c) => c.memberCount);
      const outflow = children.map((c) => c.outflowCount);
      expect(children.every((c) => c.inflowCount === 0)).toBe(true);
      if (viewer === 'department') {
        expect(members.every((n) => n === 3)).toBe(true);
        expect(outflow.reduce((a, b) => a + b, 0)).toBe(OUTFLOW_RECORDS);
        expect(small.result.organization!.children.map((c) => c.outflowCount)).toEqual([3, 3, 3, 3, 3]);
      } else {
        // the inflow county's administrator counts below the outflow county only what it may read
        expect(members.reduce((a, b) => a + b, 0)).toBe(OUTFLOW_REPORTED);
        expect(outflow.reduce((a, b) => a + b, 0)).toBe(OUTFLOW_REPORTED);
      }
      report(`organization children counts (${viewer})`, small, large);
      expectSameStatements(small, large);
    },
  );

  it('reads the first members of 5 or 50 child organizations, with their current mobility, in the same statements', async () => {
    const { small, large } = await compare((size) =>
      server.data(
        OrganizationChildrenMembersDocument,
        { id: size === 'small' ? bulk.smallCounty : bulk.outflowCounty, members: 2 },
        { token: viewers.department },
      ),
    );
    expect(small.result.organization?.children.every((c) => c.members.totalCount === 3)).toBe(true);
    const children = large.result.organization!.children;
    expect(children).toHaveLength(50);
    for (const c of children) {
      expect(c.members.totalCount).toBe(3);
      expect(c.members.pageInfo.hasNextPage).toBe(true);
      expect(c.members.edges).toHaveLength(2);
    }
    expect(children[0].members.edges[0].node.currentMobility?.inflowOrganization?.id).toBe(
      bulk.inflowBranches[0],
    );
    report('organization children members', small, large);
    expectSameStatements(small, large);
  });

  it.each([
    ['department', null],
    ['adminInflow', null],
    ['adminInflow', 0],
  ] as const)(
    'pages the members of each child organization as the members query does (%s, after %s)',
    async (viewer, afterOffset) => {
      const token = viewers[viewer];
      const after = afterOffset === null ? null : encodeCursor(afterOffset);
      const { organization } = await server.data(
        OrganizationChildrenMembersDocument,
        { id: bulk.outflowCounty, members: 2, after },
        { token },
      );
      let seen = 0;
      for (const child of organization!.children) {
        const { members } = await server.data(
          MembersDocument,
          { first: 2, after, filter: { withinId: child.id } },
          { token },
        );
        expect(child.members.totalCount).toBe(members.totalCount);
        expect(child.members.pageInfo).toEqual(members.pageInfo);
        expect(child.members.edges.map((e) => e.node.id)).toEqual(members.edges.map((e) => e.node.id));
        seen += child.members.edges.length;
      }
      expect(seen).toBeGreaterThan(0);
    },
  );

  it.each(['department', 'adminInflow'] as const)(
    'pages the members of a whole subtree as the members query does, walked in list order or read by path range (%s)',
    async (viewer) => {
      const token = viewers[viewer];
      // [first, after]: pages deep inside the subtree (walked in list order on SQLite), one near its end (read by
      // path range), one past it (no statement), an empty one
      const pages: [number, number | null][] = [
        [5, null],
        [10, 19],
        [20, 119],
        [5, 400],
        [0, null],
      ];
      const sqlOf = new Map<string, string[]>();
      for (const [first, afterOffset] of pages) {
        const after = afterOffset === null ? null : encodeCursor(afterOffset);
        const { result, sql } = await countStatements(server.app.orm, () =>
          server.data(OrganizationMembersPageDocument, { id: bulk.root, first, after }, { token }),
        );
        const { members } = await server.data(
          MembersDocument,
          { first, after, filter: { withinId: bulk.root } },
          { token },
        );
        const page = result.organization!.members;
        expect(page.totalCount).toBe(members.totalCount);
        expect(page.edges.map((e) => e.node.id)).toEqual(members.edges.map((e) => e.node.id));
        expect(page.pageInfo.hasNextPage).toBe(members.pageInfo.hasNextPage);
        expect(page.pageInfo.endCursor).toBe(members.pageInfo.endCursor);
        expect(page.pageInfo.hasPreviousPage).toBe(afterOffset !== null);
        expect(page.edges.map((e) => e.cursor)).toEqual(
          page.edges.map((_, i) => encodeCursor((afterOffset ?? -1) + 1 + i)),
        );
        sqlOf.set(`${first}:${afterOffset}`, sql);
      }
      const total = (
        await server.data(OrganizationMembersPageDocument, { id: bulk.root, first: 0 }, { token })
      ).organization!.members.totalCount;
      expect(total).toBeGreaterThan(120);
      expect(total).toBeLessThan(400);
      const pageStatements = (key: string) =>
        sqlOf.get(key)!.filter((s) => s.includes('from party_member x') && s.includes('limit'));
      expect(pageStatements('5:400')).toEqual([]);
      expect(pageStatements('0:null')).toEqual([]);
      expect(pageStatements('5:null')).toHaveLength(1);
      // SQLite walks the (name, id, formal_path) index for a page deep inside a large subtree, and reads a small
      // remainder by its path range; PostgreSQL chooses by its statistics from the same plain statement
      const walks = (key: string) => pageStatements(key).some((s) => s.includes('likelihood('));
      if (db === 'sqlite') {
        expect(walks('5:null')).toBe(total >= 4 * 5);
        expect(walks('20:119')).toBe(total >= 4 * 140);
      } else {
        expect(walks('5:null') || walks('20:119')).toBe(false);
      }
    },
  );

  it.each(['department', 'adminInflow'] as const)(
    'reads 10 or 100 members with mobility, care, evaluations and role models in the same statements (%s)',
    async (viewer) => {
      const { small, large } = await compare((size) =>
        server.data(
          DeepMemberPageDocument,
          { first: size === 'small' ? 10 : 100, filter: { withinId: bulk.outflowCounty } },
          { token: viewers[viewer] },
        ),
      );
      expect(small.result.members.edges).toHaveLength(10);
      const members = large.result.members.edges.map((e) => e.node);
      expect(members).toHaveLength(100);
      for (const m of members) {
        expect(m.careRecords).toHaveLength(1);
        expect(m.roleModelRecords).toHaveLength(1);
        expect(m.mobilityHistory.map((r) => r.id)).toEqual([m.currentMobility!.id]);
      }
      if (viewer === 'adminInflow') {
        expect(members.every((m) => m.currentMobility?.status === 'REPORTED')).toBe(true);
        expect(members.every((m) => m.evaluations.length === 1)).toBe(true);
      }
      report(`members deep (${viewer})`, small, large);
      expectSameStatements(small, large);
    },
  );

  it('reads 3 or 30 organizational-life activities with their attendees in the same statements', async () => {
    const { small, large } = await compare((size) =>
      server.data(
        DeepOrgLifePageDocument,
        { organizationId: bulk.activityBranch, first: size === 'small' ? 3 : BULK_ACTIVITIES },
        { token: viewers.department },
      ),
    );
    expect(small.result.orgLifeActivities).toHaveLength(3);
    expect(large.result.orgLifeActivities).toHaveLength(BULK_ACTIVITIES);
    expect(large.result.orgLifeActivities.every((a) => a.attendeeCount === 3)).toBe(true);
    report('org-life activities', small, large);
    expectSameStatements(small, large);
  });

  const county = (size: 'small' | 'large') => (size === 'small' ? bulk.smallCounty : bulk.outflowCounty);

  it.each(['department', 'adminInflow'] as const)(
    'reads the transfers of 5 or 50 branches with member and organizations in the same statements (%s)',
    async (viewer) => {
      const { small, large } = await compare((size) =>
        server.data(DeepTransfersDocument, { organizationId: county(size) }, { token: viewers[viewer] }),
      );
      expect(small.result.transfers).toHaveLength(5);
      expect(large.result.transfers).toHaveLength(50);
      expect(
        large.result.transfers.every((t) => t.member.formalOrganization.id === t.fromOrganization.id),
      ).toBe(true);
      report(`transfers (${viewer})`, small, large);
      expectSameStatements(small, large);
    },
  );

  it('reads the fee allocations to 5 or 50 branches with organizations and expenses in the same statements', async () => {
    const { small, large } = await compare((size) =>
      server.data(
        DeepFeeAllocationsDocument,
        { organizationId: county(size) },
        { token: viewers.department },
      ),
    );
    expect(small.result.feeAllocations).toHaveLength(5);
    expect(large.result.feeAllocations).toHaveLength(50);
    for (const a of large.result.feeAllocations) {
      expect(a.toOrganization.parent?.id).toBe(bulk.outflowCounty);
      expect(a.expenses.map((e) => e.spentOn)).toEqual(['2024-07-10', '2024-08-10']);
    }
    report('fee allocations', small, large);
    expectSameStatements(small, large);
  });
});
