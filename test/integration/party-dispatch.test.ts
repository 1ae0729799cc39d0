/**
 * 工作调度 (issue #16 item 4): the roll-up by base committee (today and a past asOf, agreeing with dutyCompliance),
 * its CSV through exportCsv, the month report as PDF, and work items issued → answered → closed / overdue, with
 * every refusal's code and nothing changed by it.
 */
import { ManualClock } from '../../src/common/clock';
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { pdfText } from '../helpers/pdf-text';
import { startTestServer, type TestServer } from '../helpers/server';
import { DutyComplianceDocument, ExportCsvDocument } from '../operations/generated';

const ROLLUP = `query($scopeId: ID!, $asOf: Date) { committeeRollup(scopeId: $scopeId, asOf: $asOf) {
  committee { id name } isScope outflowActive inflowActive unreported lostContact
  overdueOutflowDuties overdueInflowDuties overdueMemberDuties conversionsDue shouldTransfer } }`;
const ITEM =
  'id title status dueOn answer answeredOn closedOn closingNote committee { id } issuingOrganization { id }';
const ISSUE = `mutation($input: IssueWorkItemInput!) { issueWorkItem(input: $input) { ${ITEM} } }`;
const ANSWER = `mutation($input: AnswerWorkItemInput!) { answerWorkItem(input: $input) { ${ITEM} } }`;
const CLOSE = `mutation($input: CloseWorkItemInput!) { closeWorkItem(input: $input) { ${ITEM} } }`;
const ITEMS = `query($status: WorkItemStatus, $committeeId: ID) { workItems(first: 100, status: $status, committeeId: $committeeId) {
  totalCount edges { node { ${ITEM} } } } }`;

interface Row {
  committee: { id: string; name: string };
  isScope: boolean;
  outflowActive: number;
  inflowActive: number;
  unreported: number;
  lostContact: number;
  overdueOutflowDuties: number;
  overdueInflowDuties: number;
  overdueMemberDuties: number;
  conversionsDue: number;
  shouldTransfer: number;
}
interface Item {
  id: string;
  title: string;
  status: string;
  dueOn: string;
  answer: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  closingNote: string | null;
}

describe.each(testDatabases())('county dispatch on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');

  const rollup = async (token: string, scopeId: string, asOf?: string) =>
    (await server.data<{ committeeRollup: Row[] }>(ROLLUP, { scopeId, asOf }, { token })).committeeRollup;
  const rowOf = (rows: Row[], id: string) => rows.find((r) => r.committee.id === id)!;
  const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
    r.errors?.[0]?.extensions?.code;
  const items = async (token: string, variables: Record<string, unknown> = {}) =>
    (
      await server.data<{ workItems: { totalCount: number; edges: { node: Item }[] } }>(ITEMS, variables, {
        token,
      })
    ).workItems;

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
    const t = w.tokens.department;
    // A1 (a street working committee of county A): two unreported outflows, one of them a probationary member
    // whose probation ended on 2024-10-01 with no decision; one outflow reported into B1a
    const m1 = await createMember(server, t, w.org.A1a);
    await registerOutflow(server, t, m1.id, { departedOn: '2024-09-01' });
    const m2 = await createMember(server, t, w.org.A1a, { status: 'PROBATIONARY', joinedAt: '2023-10-01' });
    await registerOutflow(server, t, m2.id, { departedOn: '2024-06-01' });
    const m4 = await createMember(server, t, w.org.A1b);
    const r4 = await registerOutflow(server, t, m4.id, { departedOn: '2024-10-01' });
    await reportToInflow(server, t, r4.id, w.org.B1a);
    // one member of B reported into A1a
    const m3 = await createMember(server, t, w.org.B1a);
    const r3 = await registerOutflow(server, t, m3.id, { departedOn: '2024-10-01' });
    await reportToInflow(server, t, r3.id, w.org.A1a);
  });
  afterAll(() => server?.close());

  it('rolls the county up by its base committees, with the scope’s own row for what lies under none', async () => {
    const rows = await rollup(w.tokens.departmentA, w.org.A);
    expect(rows.map((r) => [r.committee.id, r.isScope])).toEqual([
      [w.org.A, true],
      [w.org.A1, false],
    ]);
    expect(rowOf(rows, w.org.A1)).toMatchObject({
      outflowActive: 3,
      inflowActive: 1,
      unreported: 2,
      lostContact: 0,
      conversionsDue: 1,
      shouldTransfer: 0,
    });
    expect(rowOf(rows, w.org.A)).toMatchObject({ outflowActive: 0, inflowActive: 0, unreported: 0 });

    // the overdue duties by list agree with dutyCompliance over the same subtree
    const compliance = (
      await server.data(DutyComplianceDocument, { scopeId: w.org.A }, { token: w.tokens.departmentA })
    ).dutyCompliance;
    const overdue = (side: string) =>
      compliance.filter((c) => c.duty.code.startsWith(side)).reduce((sum, c) => sum + c.overdue, 0);
    const a1 = rowOf(rows, w.org.A1);
    expect(a1.overdueMemberDuties).toBeGreaterThan(0);
    expect([a1.overdueOutflowDuties, a1.overdueInflowDuties, a1.overdueMemberDuties]).toEqual([
      overdue('OUTFLOW'),
      overdue('INFLOW'),
      overdue('MEMBER'),
    ]);

    // a past day: nothing was registered yet
    const past = await rollup(w.tokens.departmentA, w.org.A, '2024-08-31');
    expect(rowOf(past, w.org.A1)).toMatchObject({ outflowActive: 0, inflowActive: 0, conversionsDue: 0 });

    // county B's roll-up counts its own side of the records only
    const b = await rollup(w.tokens.department, w.org.B);
    expect(b.reduce((s, r) => s + r.outflowActive, 0)).toBe(1);
    expect(b.reduce((s, r) => s + r.inflowActive, 0)).toBe(1);
  });

  it('refuses the roll-up outside the scope (NOT_FOUND) and to an anonymous caller (UNAUTHENTICATED)', async () => {
    const out = await server.request(ROLLUP, { scopeId: w.org.A }, { token: w.tokens.analystB });
    expect(code(out)).toBe('NOT_FOUND');
    const anonymous = await server.request(ROLLUP, { scopeId: w.org.A });
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('exports the roll-up as CSV through exportCsv', async () => {
    const response = await server.request(
      ExportCsvDocument,
      { query: ROLLUP, variables: { scopeId: w.org.A }, path: 'committeeRollup' },
      { token: w.tokens.departmentA },
    );
    const csv = response.data!.exportCsv;
    expect(csv.rowCount).toBe(2);
    expect(csv.columns).toEqual(
      expect.arrayContaining([
        'committee.name',
        'outflowActive',
        'unreported',
        'conversionsDue',
        'shouldTransfer',
      ]),
    );
    const line = csv.csv.split(/\r?\n/).find((l) => l.includes('东关大街街道党工委'))!;
    expect(line).toContain(`${w.org.A1},东关大街街道党工委,false,3,1,2,0`);
  });

  it('issues a work item, refuses what may not be done with codes and no change, and runs it to closed', async () => {
    const input = {
      issuingOrganizationId: w.org.A,
      committeeId: w.org.A1,
      title: '开展流动党员排查',
      content: '请于时限内完成辖区流动党员排查并报送情况。',
      dueOn: '2024-11-10',
    };
    const refusals: [string, string, Record<string, unknown>][] = [
      ['FORBIDDEN', w.tokens.adminA, input], // an ORG_ADMIN does not issue
      ['FORBIDDEN', w.tokens.analyst, input],
      [
        'FORBIDDEN',
        server.token({ roles: ['ORG_DEPARTMENT' as never], scopeOrganizationId: w.org.B }),
        input,
      ],
      ['BAD_USER_INPUT', w.tokens.departmentA, { ...input, committeeId: w.org.A1a }], // a branch
      ['BAD_USER_INPUT', w.tokens.departmentA, { ...input, committeeId: w.org.A }], // itself
      ['BAD_USER_INPUT', w.tokens.department, { ...input, committeeId: w.org.B }], // not below the issuer
      [
        'BAD_USER_INPUT',
        w.tokens.departmentA,
        { ...input, issuingOrganizationId: w.org.A1, committeeId: w.org.A1 },
      ],
      ['BAD_USER_INPUT', w.tokens.departmentA, { ...input, dueOn: '2024-10-31' }],
      ['BAD_USER_INPUT', w.tokens.departmentA, { ...input, title: '  ' }],
      ['NOT_FOUND', w.tokens.departmentA, { ...input, committeeId: '00000000-0000-4000-8000-000000000000' }],
    ];
    for (const [expected, token, vars] of refusals) {
      expect([expected, code(await server.request(ISSUE, { input: vars }, { token }))]).toEqual([
        expected,
        expected,
      ]);
    }
    expect((await items(w.tokens.department)).totalCount).toBe(0);

    const issued = (
      await server.data<{ issueWorkItem: Item }>(ISSUE, { input }, { token: w.tokens.departmentA })
    ).issueWorkItem;
    expect(issued).toMatchObject({ status: 'ISSUED', dueOn: '2024-11-10', answer: null });

    // closing before an answer, and answering by anyone but the committee's own administrators
    const closeEarly = await server.request(
      CLOSE,
      { input: { workItemId: issued.id } },
      { token: w.tokens.departmentA },
    );
    expect(code(closeEarly)).toBe('INVALID_TRANSITION');
    for (const token of [w.tokens.adminA, w.tokens.departmentA, w.tokens.adminB, w.tokens.analystA]) {
      const r = await server.request(
        ANSWER,
        { input: { workItemId: issued.id, answer: '已完成' } },
        { token },
      );
      expect(code(r)).toBe('FORBIDDEN');
    }
    const empty = await server.request(
      ANSWER,
      { input: { workItemId: issued.id, answer: ' ' } },
      { token: w.tokens.adminA1 },
    );
    expect(code(empty)).toBe('BAD_USER_INPUT');
    expect((await items(w.tokens.departmentA)).edges[0].node).toMatchObject({
      status: 'ISSUED',
      answer: null,
    });

    const answered = (
      await server.data<{ answerWorkItem: Item }>(
        ANSWER,
        { input: { workItemId: issued.id, answer: '已排查流动党员3名，均已登记。' } },
        { token: w.tokens.adminA1 },
      )
    ).answerWorkItem;
    expect(answered).toMatchObject({ status: 'ANSWERED', answeredOn: '2024-11-01' });
    const again = await server.request(
      ANSWER,
      { input: { workItemId: issued.id, answer: '再答' } },
      { token: w.tokens.adminA1 },
    );
    expect(code(again)).toBe('INVALID_TRANSITION');

    // only the issuer's department closes
    for (const token of [w.tokens.adminA1, w.tokens.adminA, w.tokens.analystA]) {
      expect(code(await server.request(CLOSE, { input: { workItemId: issued.id } }, { token }))).toBe(
        'FORBIDDEN',
      );
    }
    const closed = (
      await server.data<{ closeWorkItem: Item }>(
        CLOSE,
        { input: { workItemId: issued.id, note: '同意办结' } },
        { token: w.tokens.departmentA },
      )
    ).closeWorkItem;
    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2024-11-01', closingNote: '同意办结' });

    // scope: county B's viewers do not see A's items; A1's administrators see theirs
    expect((await items(w.tokens.analystB)).totalCount).toBe(0);
    expect((await items(w.tokens.adminA1)).totalCount).toBe(1);
    expect((await items(w.tokens.analystA, { status: 'CLOSED', committeeId: w.org.A1 })).totalCount).toBe(1);
  });

  it('prints the month report as a PDF with the roll-up and the month’s work items', async () => {
    await server.data(
      ISSUE,
      {
        input: {
          issuingOrganizationId: w.org.A,
          committeeId: w.org.A1,
          title: '预备党员转正督办',
          content: '对预备期已满的流出党员及时讨论转正。',
          dueOn: '2024-11-05',
        },
      },
      { token: w.tokens.departmentA },
    );
    const base = server.url.replace(/\/graphql$/, '');
    const response = await fetch(`${base}/papers/party-dispatch/${w.org.A}?month=2024-11`, {
      headers: { authorization: `Bearer ${w.tokens.departmentA}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const { compact } = await pdfText(Buffer.from(await response.arrayBuffer()));
    for (const text of [
      '流动党员工作调度月报（2024年11月）',
      '城东区委',
      '东关大街街道党工委',
      '统计截至：2024-11-01',
      '到期待转正',
      '开展流动党员排查',
      '已办结',
      '预备党员转正督办',
      '已下发',
      '已排查流动党员3名，均已登记。',
    ]) {
      expect(compact).toContain(text);
    }

    const refused = async (path: string, token: string | undefined, status: number, errorCode: string) => {
      const r = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect([
        r.status,
        ((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ]).toEqual([status, errorCode]);
    };
    await refused(
      `/papers/party-dispatch/${w.org.A}?month=2024-13`,
      w.tokens.departmentA,
      400,
      'BAD_USER_INPUT',
    );
    await refused(
      `/papers/party-dispatch/${w.org.A}?month=2025-01`,
      w.tokens.departmentA,
      400,
      'BAD_USER_INPUT',
    );
    await refused(`/papers/party-dispatch/${w.org.A}?month=2024-11`, w.tokens.analystB, 404, 'NOT_FOUND');
    await refused(`/papers/party-dispatch/${w.org.A}?month=2024-11`, undefined, 401, 'UNAUTHENTICATED');
  });

  it('reads an unanswered item past its due day as OVERDUE, and the roll-up a year on', async () => {
    clock.set('2025-12-01T10:00:00+08:00');
    const overdue = await items(w.tokens.departmentA, { status: 'OVERDUE' });
    expect(overdue.edges.map((e) => e.node.title)).toEqual(['预备党员转正督办']);
    expect((await items(w.tokens.departmentA, { status: 'ISSUED' })).totalCount).toBe(0);
    // the committee may still answer late
    const late = (
      await server.data<{ answerWorkItem: Item }>(
        ANSWER,
        { input: { workItemId: overdue.edges[0].node.id, answer: '已讨论转正。' } },
        { token: w.tokens.adminA1 },
      )
    ).answerWorkItem;
    expect(late.status).toBe('ANSWERED');

    const rows = await rollup(w.tokens.departmentA, w.org.A);
    // reported into B1a on 2024-11-01, 13 months ago: 应转尽转; nobody has been contacted for 395 days
    expect(rowOf(rows, w.org.A1)).toMatchObject({ outflowActive: 3, shouldTransfer: 1, lostContact: 3 });
    // the past day, now computed from duty_record: the same figures as when it was today
    const then = await rollup(w.tokens.departmentA, w.org.A, '2024-11-01');
    expect(rowOf(then, w.org.A1)).toMatchObject({
      outflowActive: 3,
      inflowActive: 1,
      unreported: 2,
      lostContact: 0,
      conversionsDue: 1,
      shouldTransfer: 0,
    });
  });
});
