/**
 * The access matrix: every party query and mutation, with every role, in scope and out of it (DOMAIN.md §3).
 *
 * "in" viewers are scoped to county A, where each case's target lives (for inflow-side cases, A is the inflow
 * side and B the outflow side); "out" viewers are scoped to county B. Queries share one world; every mutation
 * cell gets fresh targets, so a success in one cell cannot change the outcome of another.
 */
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { runReminderSweep } from '../../src/party';
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  personalData,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { startTestServer, type GraphQLResponse, type TestServer } from '../helpers/server';
import {
  AllocateFeesDocument,
  AssignContactDocument,
  CompleteTransferDocument,
  ConfirmFullMembershipDocument,
  CreateMemberDocument,
  CreateOrganizationDocument,
  DutyCatalogDocument,
  DutyComplianceDocument,
  EndMobilityDocument,
  EstablishMobileOrganizationDocument,
  FeeAllocationsDocument,
  MemberDocument,
  MembersDocument,
  MobileMemberSummaryDocument,
  MobilityBreakdownDocument,
  MobilityRecordDocument,
  MobilityRecordsDocument,
  OrganizationDocument,
  OrganizationsDocument,
  OrgLifeActivitiesDocument,
  PartyNodeDocument,
  RecordCareDocument,
  RecordDutyDocument,
  RecordEvaluationDocument,
  RecordFeeExpenseDocument,
  RecordOrgLifeDocument,
  RecordRoleModelDocument,
  RegisterOutflowDocument,
  RejectTransferDocument,
  ReportToInflowDocument,
  RequestTransferDocument,
  TransfersDocument,
  UpdateMemberDocument,
  UpdateMobilityDocument,
} from '../operations/generated';

const VIEWERS = [
  'anonymous',
  'BIDDER',
  'TRADING_CENTER',
  'LAND_BUREAU',
  'BANK',
  'ORG_ADMIN in',
  'ORG_ADMIN out',
  'ORG_DEPARTMENT in',
  'ORG_DEPARTMENT out',
  'ORG_DEPARTMENT unscoped',
  'ANALYST in',
  'ANALYST out',
  'ANALYST unscoped',
  'MEMBER self',
  'MEMBER other',
] as const;
type ViewerName = (typeof VIEWERS)[number];
/**
 * Two more viewers, asked of the cases that name them (membership work and who does it): the base committee A1
 * (东关大街街道党工委, over A1a and A1b) and M, a mobile-member branch of county A working in 北京.
 */
const EXTRA_VIEWERS = ['ORG_ADMIN base', 'ORG_ADMIN mobile'] as const;
type ExtraViewer = (typeof EXTRA_VIEWERS)[number];
type AnyViewer = ViewerName | ExtraViewer;
/** ok: the operation answered with the target; null / absent: answered without it; else the error code */
type Outcome = 'ok' | 'null' | 'absent' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const LAND: ViewerName[] = ['BIDDER', 'TRADING_CENTER', 'LAND_BUREAU', 'BANK'];
const ADMINS_IN: ViewerName[] = ['ORG_ADMIN in', 'ORG_DEPARTMENT in', 'ORG_DEPARTMENT unscoped'];
const READERS_IN: ViewerName[] = [...ADMINS_IN, 'ANALYST in', 'ANALYST unscoped'];
const READERS_OUT: ViewerName[] = ['ORG_ADMIN out', 'ORG_DEPARTMENT out', 'ANALYST out'];

/** Every viewer's outcome: the given ones, then anonymous / land roles, then `rest`. */
function outcomes(
  given: Partial<Record<ViewerName, Outcome>>,
  rest: Outcome,
  outsiders: { anonymous: Outcome; land: Outcome } = { anonymous: 'UNAUTHENTICATED', land: 'FORBIDDEN' },
): Record<ViewerName, Outcome> {
  const all = {} as Record<ViewerName, Outcome>;
  for (const v of VIEWERS) {
    all[v] = given[v] ?? (v === 'anonymous' ? outsiders.anonymous : LAND.includes(v) ? outsiders.land : rest);
  }
  return all;
}
const each = (viewers: ViewerName[], outcome: Outcome) =>
  Object.fromEntries(viewers.map((v) => [v, outcome]));

/** a read of one object: the member itself and readers in scope see it; the rest get null */
const readOne = outcomes({ ...each(READERS_IN, 'ok'), 'MEMBER self': 'ok' }, 'null');
const listOne = outcomes({ ...each(READERS_IN, 'ok'), 'MEMBER self': 'ok' }, 'absent');
const nodeOne = outcomes({ ...each(READERS_IN, 'ok'), 'MEMBER self': 'ok' }, 'null', {
  anonymous: 'null',
  land: 'null',
});
const adminsOnly = outcomes(each(ADMINS_IN, 'ok'), 'FORBIDDEN');
const departmentsOnly = outcomes({ 'ORG_DEPARTMENT in': 'ok', 'ORG_DEPARTMENT unscoped': 'ok' }, 'FORBIDDEN');
const adminsAndSelf = outcomes({ ...each(ADMINS_IN, 'ok'), 'MEMBER self': 'ok' }, 'FORBIDDEN');
const analytics = outcomes({ ...each(READERS_IN, 'ok'), ...each(READERS_OUT, 'NOT_FOUND') }, 'FORBIDDEN');

type Send = (doc: never, vars: Record<string, unknown>) => Promise<GraphQLResponse<Record<string, unknown>>>;

interface Target {
  /** the member a 'MEMBER self' viewer acts as */
  self: string;
  vars: Record<string, unknown>;
  /** the id a query must (or must not) answer with */
  id?: string;
}

interface Case {
  name: string;
  expect: Record<ViewerName, Outcome>;
  /** fresh targets for this cell (mutations), or shared ones (queries) */
  prepare: (f: Fixtures) => Promise<Target>;
  send: (send: Send, t: Target) => Promise<GraphQLResponse<Record<string, unknown>>>;
  /** how an answer without error reads: the target present ('ok') or not */
  read?: (data: Record<string, unknown>, t: Target) => Outcome;
  shared?: boolean;
  /** the outcomes for the extra viewers, for the cases that ask them */
  more?: Record<ExtraViewer, Outcome>;
}

interface Fixtures {
  w: PartyWorld;
  server: TestServer;
  /** a member of A1a with an active outflow, not reported */
  outflowOfA(): Promise<{ member: string; record: string }>;
  /** a member of B1a with an active outflow reported into A1a */
  inflowIntoA(): Promise<{ member: string; record: string }>;
  /** M: 城东区驻北京流动党员党支部, a mobile-member branch under county A */
  M: string;
  /** a full member of B1a with an active outflow reported into M */
  inflowIntoM(): Promise<{ member: string; record: string }>;
  /** a membership application received by M, with `contact` as the activist's training contact when given */
  applicantAtM(contact?: string): Promise<string>;
}

const data = (r: GraphQLResponse<Record<string, unknown>>) => r.data as Record<string, unknown>;
const contains = (list: unknown, id: string | undefined): Outcome =>
  JSON.stringify(list).includes(`"${id}"`) ? 'ok' : 'absent';

const surveyInput = (organizationId: string) => ({
  organizationId,
  regionCode: '110000',
  startedOn: '2024-10-01',
  completedOn: '2024-10-31',
  foundCount: 3,
  reportedCount: 2,
  lostContactCount: 1,
  unregisteredCount: 0,
  findings: '摸排情况',
});
const instructorInput = (assigningOrganizationId: string, organizationId: string) => ({
  assigningOrganizationId,
  organizationId,
  name: '党建指导员',
  phone: '13907710001',
  workUnit: '区委组织部',
  tasks: '指导流动党员管理',
  assignedOn: '2024-10-15',
});
const trainingInput = (organizationId: string) => ({
  organizationId,
  title: '党务工作者培训',
  focus: 'POLICY_BUSINESS',
  startedOn: '2024-10-21',
  endedOn: '2024-10-21',
  hours: 4,
  online: true,
  trainees: ['社区党务专干'],
});
/** a work item county A's department issues to its street committee A1 (answered by A1's administrator) */
async function workItemOfA(f: Fixtures, answered = false): Promise<string> {
  const issued = await f.server.data<{ issueWorkItem: { id: string } }>(
    `mutation($input: IssueWorkItemInput!) { issueWorkItem(input: $input) { id } }`,
    {
      input: {
        issuingOrganizationId: f.w.org.A,
        committeeId: f.w.org.A1,
        title: '流动党员排查',
        content: '排查辖区流动党员',
        dueOn: '2024-11-30',
      },
    },
    { token: f.w.tokens.department },
  );
  if (answered) {
    await f.server.data(
      `mutation($input: AnswerWorkItemInput!) { answerWorkItem(input: $input) { id } }`,
      { input: { workItemId: issued.issueWorkItem.id, answer: '已完成' } },
      { token: f.w.tokens.adminA1 },
    );
  }
  return issued.issueWorkItem.id;
}

const CASES: Case[] = [
  // ── queries ──
  {
    name: 'organization(id)',
    shared: true,
    expect: outcomes({}, 'ok'),
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { id: f.w.org.A1a },
      id: f.w.org.A1a,
    }),
    send: (s, t) => s(OrganizationDocument as never, t.vars),
    read: (d) => ((d.organization as object | null) ? 'ok' : 'null'),
  },
  {
    name: 'organizations',
    shared: true,
    expect: outcomes({}, 'ok'),
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { filter: { withinId: f.w.org.A } },
      id: f.w.org.A1a,
    }),
    send: (s, t) => s(OrganizationsDocument as never, t.vars),
    read: (d, t) => contains(d.organizations, t.id),
  },
  {
    name: 'member(id)',
    shared: true,
    expect: readOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { id: x.member }, id: x.member };
    },
    send: (s, t) => s(MemberDocument as never, t.vars),
    read: (d) => (d.member ? 'ok' : 'null'),
  },
  {
    name: 'members',
    shared: true,
    expect: listOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { first: 100 }, id: x.member };
    },
    send: (s, t) => s(MembersDocument as never, t.vars),
    read: (d, t) => contains(d.members, t.id),
  },
  {
    name: 'mobilityRecord(id)',
    shared: true,
    expect: readOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { id: x.record }, id: x.record };
    },
    send: (s, t) => s(MobilityRecordDocument as never, t.vars),
    read: (d) => (d.mobilityRecord ? 'ok' : 'null'),
  },
  {
    name: 'mobilityRecords',
    shared: true,
    expect: listOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { first: 100 }, id: x.record };
    },
    send: (s, t) => s(MobilityRecordsDocument as never, t.vars),
    read: (d, t) => contains(d.mobilityRecords, t.id),
  },
  {
    name: 'dutyCatalog (public)',
    shared: true,
    expect: outcomes({}, 'ok', { anonymous: 'ok', land: 'ok' }),
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: {} }),
    send: (s) => s(DutyCatalogDocument as never, {}),
  },
  {
    name: 'orgLifeActivities',
    shared: true,
    expect: listOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      const a = await f.server.data(
        RecordOrgLifeDocument,
        {
          input: {
            organizationId: f.w.org.A1a,
            type: 'THEME_DAY',
            topic: '主题党日',
            heldAt: '2024-10-01T09:00:00+08:00',
            online: false,
            attendeeIds: [x.member],
          },
        },
        { token: f.w.tokens.department },
      );
      return { self: x.member, vars: { organizationId: f.w.org.A }, id: a.recordOrgLife.id };
    },
    send: (s, t) => s(OrgLifeActivitiesDocument as never, t.vars),
    read: (d, t) => contains(d.orgLifeActivities, t.id),
  },
  {
    name: 'feeAllocations',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    prepare: async (f) => {
      const a = await f.server.data(
        AllocateFeesDocument,
        {
          input: {
            fromOrganizationId: f.w.org.A,
            toOrganizationId: f.w.org.A1a,
            purpose: 'ORGANIZATION_ACTIVITIES',
            amount: '100.00',
            allocatedOn: '2024-10-01',
          },
        },
        { token: f.w.tokens.department },
      );
      const x = await f.outflowOfA();
      return { self: x.member, vars: { organizationId: f.w.org.A }, id: a.allocateFees.id };
    },
    send: (s, t) => s(FeeAllocationsDocument as never, t.vars),
    read: (d, t) => contains(d.feeAllocations, t.id),
  },
  {
    name: 'commendations (recommended by a branch of A)',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    prepare: async (f) => {
      const x = await f.outflowOfA();
      const c = await f.server.data<{ recommendCommendation: { id: string } }>(
        `mutation($input: RecommendCommendationInput!) { recommendCommendation(input: $input) { id } }`,
        { input: { mobilityRecordId: x.record, reason: '表现突出' } },
        { token: f.w.tokens.department },
      );
      return { self: x.member, vars: {}, id: c.recommendCommendation.id };
    },
    send: (s, t) => s(`{ commendations(first: 100) { edges { node { id } } } }` as never, t.vars),
    read: (d, t) => contains(d.commendations, t.id),
  },
  {
    name: 'reminders (an unreported member of A, after the daily sweep)',
    shared: true,
    expect: outcomes({ ...each(READERS_IN, 'ok'), ...each(READERS_OUT, 'absent') }, 'FORBIDDEN'),
    prepare: async (f) => {
      const x = await f.outflowOfA(); // departed 2024-09-01: unreported for 61 days
      const app = f.server.app;
      await runReminderSweep({
        fork: () => app.orm.em.fork(),
        clock: app.clock,
        config: app.config,
        publisher: app.publisher,
      });
      return { self: x.member, vars: {}, id: x.record };
    },
    send: (s, t) =>
      s(`{ reminders(first: 100) { edges { node { id mobilityRecord { id } } } } }` as never, t.vars),
    read: (d, t) => contains(d.reminders, t.id),
  },
  {
    name: 'transfers',
    shared: true,
    expect: listOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      const t = await f.server.data(
        RequestTransferDocument,
        { input: { memberId: x.member, toOrganizationId: f.w.org.A1b } },
        { token: f.w.tokens.department },
      );
      return { self: x.member, vars: { organizationId: f.w.org.A }, id: t.requestTransfer.id };
    },
    send: (s, t) => s(TransfersDocument as never, t.vars),
    read: (d, t) => contains(d.transfers, t.id),
  },
  {
    name: 'mobileMemberSummary',
    shared: true,
    expect: analytics,
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: { scopeId: f.w.org.A1 } }),
    send: (s, t) => s(MobileMemberSummaryDocument as never, t.vars),
  },
  {
    name: 'mobilityBreakdown',
    shared: true,
    expect: analytics,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { scopeId: f.w.org.A1, by: 'STATUS' },
    }),
    send: (s, t) => s(MobilityBreakdownDocument as never, t.vars),
  },
  {
    name: 'dutyCompliance',
    shared: true,
    expect: analytics,
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: { scopeId: f.w.org.A1 } }),
    send: (s, t) => s(DutyComplianceDocument as never, t.vars),
  },
  {
    name: 'node(id) of a member',
    shared: true,
    expect: nodeOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { id: x.member } };
    },
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  {
    name: 'node(id) of a mobility record',
    shared: true,
    expect: nodeOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { id: x.record } };
    },
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  {
    name: 'node(id) of a care record',
    shared: true,
    expect: nodeOne,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      const c = await f.server.data(
        RecordCareDocument,
        {
          input: { memberId: x.member, organizationId: f.w.org.A1a, kind: 'VISIT', providedOn: '2024-10-01' },
        },
        { token: f.w.tokens.department },
      );
      return { self: x.member, vars: { id: c.recordCare.id } };
    },
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  {
    name: 'node(id) of an organization',
    shared: true,
    expect: outcomes({}, 'ok', { anonymous: 'null', land: 'null' }),
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: { id: f.w.org.A1a } }),
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  {
    name: 'committeeRollup',
    shared: true,
    expect: analytics,
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: { scopeId: f.w.org.A } }),
    send: (s, t) =>
      s(
        `query($scopeId: ID!) { committeeRollup(scopeId: $scopeId) { committee { id } outflowActive } }` as never,
        t.vars,
      ),
  },
  {
    name: 'workItems (issued by A to its committee A1)',
    shared: true,
    expect: outcomes({ ...each(READERS_IN, 'ok'), ...each(READERS_OUT, 'absent') }, 'FORBIDDEN'),
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: {}, id: await workItemOfA(f) }),
    send: (s, t) => s(`{ workItems(first: 100) { edges { node { id } } } }` as never, t.vars),
    read: (d, t) => contains(d.workItems, t.id),
  },
  {
    name: 'node(id) of a work item',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'null', { anonymous: 'null', land: 'null' }),
    prepare: async (f) => {
      const id = await workItemOfA(f);
      return { self: (await f.outflowOfA()).member, vars: { id } };
    },
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  // ── mutations ──
  {
    name: 'issueWorkItem',
    expect: departmentsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: {
        input: {
          issuingOrganizationId: f.w.org.A,
          committeeId: f.w.org.A1,
          title: '流动党员排查',
          content: '排查辖区流动党员',
          dueOn: '2024-11-30',
        },
      },
    }),
    send: (s, t) =>
      s(`mutation($input: IssueWorkItemInput!) { issueWorkItem(input: $input) { id } }` as never, t.vars),
  },
  {
    // only A1's own administrators answer; no viewer of the matrix is scoped to A1 (party-dispatch.test.ts)
    name: 'answerWorkItem',
    expect: outcomes({}, 'FORBIDDEN'),
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { input: { workItemId: await workItemOfA(f), answer: '已完成' } },
    }),
    send: (s, t) =>
      s(`mutation($input: AnswerWorkItemInput!) { answerWorkItem(input: $input) { id } }` as never, t.vars),
  },
  {
    name: 'closeWorkItem (answered)',
    expect: departmentsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { input: { workItemId: await workItemOfA(f, true) } },
    }),
    send: (s, t) =>
      s(`mutation($input: CloseWorkItemInput!) { closeWorkItem(input: $input) { id } }` as never, t.vars),
  },
  {
    name: 'createOrganization',
    expect: departmentsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: {
        input: {
          name: `支部${Math.random()}`,
          type: 'BRANCH',
          level: 'VILLAGE',
          regionCode: '630102',
          parentId: f.w.org.A1,
        },
      },
    }),
    send: (s, t) => s(CreateOrganizationDocument as never, t.vars),
  },
  {
    name: 'establishMobileOrganization',
    expect: departmentsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: {
        input: {
          name: `流动党员党支部${Math.random()}`,
          type: 'BRANCH',
          regionCode: '110000',
          parentId: f.w.org.A,
          basis: 'OUTFLOW_BASED',
          approverId: f.w.org.A,
          approvedAt: '2024-10-01',
        },
      },
    }),
    send: (s, t) => s(EstablishMobileOrganizationDocument as never, t.vars),
  },
  {
    name: 'allocateFees',
    expect: departmentsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: {
        input: {
          fromOrganizationId: f.w.org.A,
          toOrganizationId: f.w.org.A1a,
          purpose: 'HARDSHIP_SUPPORT',
          amount: '10.00',
          allocatedOn: '2024-10-01',
        },
      },
    }),
    send: (s, t) => s(AllocateFeesDocument as never, t.vars),
  },
  {
    name: 'createMember',
    expect: adminsOnly,
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: {
        input: {
          name: '新党员',
          gender: 'FEMALE',
          status: 'FULL',
          joinedAt: '2020-07-01',
          formalOrganizationId: f.w.org.A1a,
        },
      },
    }),
    send: (s, t) => s(CreateMemberDocument as never, t.vars),
  },
  {
    name: 'updateMember',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { id: x.member, input: { phone: '13711112222' } } };
    },
    send: (s, t) => s(UpdateMemberDocument as never, t.vars),
  },
  {
    name: 'confirmFullMembership',
    expect: adminsOnly,
    prepare: async (f) => {
      const m = await createMember(f.server, f.w.tokens.department, f.w.org.A1a, {
        status: 'PROBATIONARY',
        joinedAt: '2023-11-01',
      });
      return { self: m.id, vars: { memberId: m.id, confirmedOn: '2024-11-01' } };
    },
    send: (s, t) => s(ConfirmFullMembershipDocument as never, t.vars),
  },
  {
    name: 'decideProbation (EXTEND, by the formal branch’s side)',
    expect: adminsOnly,
    prepare: async (f) => {
      const m = await createMember(f.server, f.w.tokens.department, f.w.org.A1a, {
        status: 'PROBATIONARY',
        joinedAt: '2023-11-01',
      });
      await registerOutflow(f.server, f.w.tokens.department, m.id, { departedOn: '2024-09-01' });
      return {
        self: m.id,
        vars: {
          input: {
            memberId: m.id,
            outcome: 'EXTEND',
            meetingOn: '2024-11-01',
            reason: '需继续考察',
            extensionMonths: 6,
          },
        },
      };
    },
    send: (s, t) =>
      s(`mutation($input: DecideProbationInput!) { decideProbation(input: $input) { id } }` as never, t.vars),
  },
  {
    name: 'recommendCommendation',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { input: { mobilityRecordId: x.record, reason: '表现突出' } } };
    },
    send: (s, t) =>
      s(
        `mutation($input: RecommendCommendationInput!) { recommendCommendation(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'decideCommendation (by 城东区委 over a recommendation of its branch)',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      const c = await f.server.data<{ recommendCommendation: { id: string } }>(
        `mutation($input: RecommendCommendationInput!) { recommendCommendation(input: $input) { id } }`,
        { input: { mobilityRecordId: x.record, reason: '表现突出' } },
        { token: f.w.tokens.department },
      );
      return {
        self: x.member,
        vars: {
          input: {
            commendationId: c.recommendCommendation.id,
            approved: true,
            decidingOrganizationId: f.w.org.A,
          },
        },
      };
    },
    send: (s, t) =>
      s(
        `mutation($input: DecideCommendationInput!) { decideCommendation(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'declareNoCommendation',
    expect: adminsOnly,
    prepare: async (f) => {
      const m = await createMember(f.server, f.w.tokens.department, f.w.org.A1a);
      const r = await registerOutflow(f.server, f.w.tokens.department, m.id, { departedOn: '2024-03-01' });
      return { self: m.id, vars: { input: { mobilityRecordId: r.id, year: 2024 } } };
    },
    send: (s, t) =>
      s(
        `mutation($input: DeclareNoCommendationInput!) { declareNoCommendation(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'registerOutflow',
    expect: adminsOnly,
    prepare: async (f) => {
      const m = await createMember(f.server, f.w.tokens.department, f.w.org.A1a);
      return {
        self: m.id,
        vars: {
          input: {
            memberId: m.id,
            departedOn: '2024-10-01',
            reason: 'WORK',
            destinationRegionCode: '440300',
            reportedBeforeLeaving: true,
          },
        },
      };
    },
    send: (s, t) => s(RegisterOutflowDocument as never, t.vars),
  },
  {
    name: 'reportToInflow (into A, by the inflow side or the member)',
    expect: adminsAndSelf,
    prepare: async (f) => {
      const y = await createMember(f.server, f.w.tokens.department, f.w.org.B1a);
      const r = await registerOutflow(f.server, f.w.tokens.department, y.id, { departedOn: '2024-10-01' });
      return {
        self: y.id,
        vars: {
          input: {
            mobilityRecordId: r.id,
            inflowOrganizationId: f.w.org.A1a,
            inclusionPath: 'COMMUNITY_ORGANIZATION',
          },
        },
      };
    },
    send: (s, t) => s(ReportToInflowDocument as never, t.vars),
  },
  {
    name: 'assignContact OUTFLOW',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: {
          input: { mobilityRecordId: x.record, side: 'OUTFLOW', name: '联系人', phone: '13900001111' },
        },
      };
    },
    send: (s, t) => s(AssignContactDocument as never, t.vars),
  },
  {
    name: 'assignContact INFLOW (A is the inflow side)',
    expect: adminsOnly,
    prepare: async (f) => {
      const y = await f.inflowIntoA();
      return {
        self: y.member,
        vars: { input: { mobilityRecordId: y.record, side: 'INFLOW', name: '联系人', phone: '13900001111' } },
      };
    },
    send: (s, t) => s(AssignContactDocument as never, t.vars),
  },
  {
    name: 'updateMobility',
    expect: adminsAndSelf,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: { input: { mobilityRecordId: x.record, destinationRegionCode: '310115' } },
      };
    },
    send: (s, t) => s(UpdateMobilityDocument as never, t.vars),
  },
  {
    name: 'endMobility',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: { input: { mobilityRecordId: x.record, endedOn: '2024-11-01', reason: 'RETURNED' } },
      };
    },
    send: (s, t) => s(EndMobilityDocument as never, t.vars),
  },
  {
    name: 'recordDuty OUTFLOW_2',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: x.record } } };
    },
    send: (s, t) => s(RecordDutyDocument as never, t.vars),
  },
  {
    name: 'recordDuty INFLOW_6 (A is the inflow side)',
    expect: adminsOnly,
    prepare: async (f) => {
      const y = await f.inflowIntoA();
      return { self: y.member, vars: { input: { dutyCode: 'INFLOW_6', mobilityRecordId: y.record } } };
    },
    send: (s, t) => s(RecordDutyDocument as never, t.vars),
  },
  {
    name: 'recordDuty MEMBER_3',
    expect: outcomes({ 'MEMBER self': 'ok' }, 'FORBIDDEN'),
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { input: { dutyCode: 'MEMBER_3', mobilityRecordId: x.record } } };
    },
    send: (s, t) => s(RecordDutyDocument as never, t.vars),
  },
  {
    name: 'requestTransfer',
    expect: adminsAndSelf,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return { self: x.member, vars: { input: { memberId: x.member, toOrganizationId: f.w.org.B1a } } };
    },
    send: (s, t) => s(RequestTransferDocument as never, t.vars),
  },
  {
    name: 'completeTransfer (A receives)',
    expect: adminsOnly,
    prepare: async (f) => {
      const y = await createMember(f.server, f.w.tokens.department, f.w.org.B1a);
      const t = await f.server.data(
        RequestTransferDocument,
        { input: { memberId: y.id, toOrganizationId: f.w.org.A1a } },
        { token: f.w.tokens.department },
      );
      return { self: y.id, vars: { id: t.requestTransfer.id } };
    },
    send: (s, t) => s(CompleteTransferDocument as never, t.vars),
  },
  {
    name: 'rejectTransfer (A receives)',
    expect: adminsOnly,
    prepare: async (f) => {
      const y = await createMember(f.server, f.w.tokens.department, f.w.org.B1a);
      const t = await f.server.data(
        RequestTransferDocument,
        { input: { memberId: y.id, toOrganizationId: f.w.org.A1a } },
        { token: f.w.tokens.department },
      );
      return { self: y.id, vars: { id: t.requestTransfer.id, note: '不符合条件' } };
    },
    send: (s, t) => s(RejectTransferDocument as never, t.vars),
  },
  {
    name: 'recordOrgLife',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: {
          input: {
            organizationId: f.w.org.A1a,
            type: 'PARTY_LECTURE',
            topic: '党课',
            heldAt: '2024-10-20T09:00:00+08:00',
            online: false,
            attendeeIds: [x.member],
          },
        },
      };
    },
    send: (s, t) => s(RecordOrgLifeDocument as never, t.vars),
  },
  {
    name: 'recordEvaluation (A is the inflow side)',
    expect: adminsOnly,
    prepare: async (f) => {
      const y = await f.inflowIntoA();
      return {
        self: y.member,
        vars: { input: { memberId: y.member, organizationId: f.w.org.A1a, year: 2024, result: 'QUALIFIED' } },
      };
    },
    send: (s, t) => s(RecordEvaluationDocument as never, t.vars),
  },
  {
    name: 'recordCare',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: {
          input: {
            memberId: x.member,
            organizationId: f.w.org.A1a,
            kind: 'LEGAL_AID',
            providedOn: '2024-10-10',
          },
        },
      };
    },
    send: (s, t) => s(RecordCareDocument as never, t.vars),
  },
  {
    name: 'recordRoleModel',
    expect: adminsOnly,
    prepare: async (f) => {
      const x = await f.outflowOfA();
      return {
        self: x.member,
        vars: {
          input: {
            memberId: x.member,
            organizationId: f.w.org.A1a,
            kind: 'PLEDGE',
            description: '承诺',
            startedOn: '2024-10-10',
          },
        },
      };
    },
    send: (s, t) => s(RecordRoleModelDocument as never, t.vars),
  },
  {
    name: 'recordFeeExpense',
    expect: adminsOnly,
    prepare: async (f) => {
      const a = await f.server.data(
        AllocateFeesDocument,
        {
          input: {
            fromOrganizationId: f.w.org.A,
            toOrganizationId: f.w.org.A1a,
            purpose: 'EDUCATION_TRAINING',
            amount: '50.00',
            allocatedOn: '2024-10-01',
          },
        },
        { token: f.w.tokens.department },
      );
      return {
        self: (await f.outflowOfA()).member,
        vars: {
          input: { allocationId: a.allocateFees.id, amount: '10.00', spentOn: '2024-10-02', note: '资料' },
        },
      };
    },
    send: (s, t) => s(RecordFeeExpenseDocument as never, t.vars),
  },
  // ── membership work at mobile-member organizations and who does it (issue 16, items 2 and 3) ──
  {
    name: 'membershipApplicants (an activist at M; self is its training contact)',
    shared: true,
    expect: listOne,
    more: { 'ORG_ADMIN base': 'absent', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      return { self: contact, vars: {}, id: await f.applicantAtM(contact) };
    },
    send: (s) => s(`{ membershipApplicants(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.membershipApplicants, t.id),
  },
  {
    name: 'membershipApplicant(id) (an activist at M; self is its training contact)',
    shared: true,
    expect: readOne,
    more: { 'ORG_ADMIN base': 'null', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const id = await f.applicantAtM(contact);
      return { self: contact, vars: { id }, id };
    },
    send: (s, t) => s(`query($id: ID!) { membershipApplicant(id: $id) { id } }` as never, t.vars),
    read: (d) => (d.membershipApplicant ? 'ok' : 'null'),
  },
  {
    name: 'node(id) of an applicant at M',
    shared: true,
    expect: nodeOne,
    more: { 'ORG_ADMIN base': 'null', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      return { self: contact, vars: { id: await f.applicantAtM(contact) } };
    },
    send: (s, t) => s(PartyNodeDocument as never, t.vars),
    read: (d) => (d.node ? 'ok' : 'null'),
  },
  {
    name: 'applicantHandovers (M hands over to A1a)',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    more: { 'ORG_ADMIN base': 'ok', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const h = await f.server.data<{ requestApplicantHandover: { id: string } }>(
        `mutation($input: RequestApplicantHandoverInput!) { requestApplicantHandover(input: $input) { id } }`,
        { input: { applicantId: await f.applicantAtM(), toOrganizationId: f.w.org.A1a, reason: '返乡' } },
        { token: f.w.tokens.department },
      );
      return { self: contact, vars: {}, id: h.requestApplicantHandover.id };
    },
    send: (s) => s(`{ applicantHandovers(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.applicantHandovers, t.id),
  },
  {
    name: 'mobileOrgLeaders (self leads M)',
    shared: true,
    expect: listOne,
    more: { 'ORG_ADMIN base': 'absent', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const leader = (await f.inflowIntoM()).member;
      const l = await f.server.data<{ appointMobileOrgLeader: { id: string } }>(
        `mutation($input: AppointMobileOrgLeaderInput!) { appointMobileOrgLeader(input: $input) { id } }`,
        {
          input: {
            organizationId: f.M,
            memberId: leader,
            role: 'COMMITTEE_MEMBER',
            termStartsOn: '2024-10-01',
          },
        },
        { token: f.w.tokens.department },
      );
      return { self: leader, vars: {}, id: l.appointMobileOrgLeader.id };
    },
    send: (s) => s(`{ mobileOrgLeaders(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.mobileOrgLeaders, t.id),
  },
  {
    name: 'mobileMemberSurveys (by M)',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    more: { 'ORG_ADMIN base': 'absent', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const s = await f.server.data<{ recordMobileMemberSurvey: { id: string } }>(
        `mutation($input: RecordMobileMemberSurveyInput!) { recordMobileMemberSurvey(input: $input) { id } }`,
        { input: surveyInput(f.M) },
        { token: f.w.tokens.department },
      );
      return { self: (await f.outflowOfA()).member, vars: {}, id: s.recordMobileMemberSurvey.id };
    },
    send: (s) => s(`{ mobileMemberSurveys(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.mobileMemberSurveys, t.id),
  },
  {
    name: 'partyBuildingInstructors (A sends one to A1)',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    more: { 'ORG_ADMIN base': 'ok', 'ORG_ADMIN mobile': 'absent' },
    prepare: async (f) => {
      const i = await f.server.data<{ assignPartyBuildingInstructor: { id: string } }>(
        `mutation($input: AssignPartyBuildingInstructorInput!) { assignPartyBuildingInstructor(input: $input) { id } }`,
        { input: instructorInput(f.w.org.A, f.w.org.A1) },
        { token: f.w.tokens.department },
      );
      return { self: (await f.outflowOfA()).member, vars: {}, id: i.assignPartyBuildingInstructor.id };
    },
    send: (s) => s(`{ partyBuildingInstructors(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.partyBuildingInstructors, t.id),
  },
  {
    name: 'partyWorkerTrainings (held by A1)',
    shared: true,
    expect: outcomes(each(READERS_IN, 'ok'), 'absent'),
    more: { 'ORG_ADMIN base': 'ok', 'ORG_ADMIN mobile': 'absent' },
    prepare: async (f) => {
      const tr = await f.server.data<{ recordPartyWorkerTraining: { id: string } }>(
        `mutation($input: RecordPartyWorkerTrainingInput!) { recordPartyWorkerTraining(input: $input) { id } }`,
        { input: trainingInput(f.w.org.A1) },
        { token: f.w.tokens.department },
      );
      return { self: (await f.outflowOfA()).member, vars: {}, id: tr.recordPartyWorkerTraining.id };
    },
    send: (s) => s(`{ partyWorkerTrainings(first: 100) { edges { node { id } } } }` as never, {}),
    read: (d, t) => contains(d.partyWorkerTrainings, t.id),
  },
  {
    name: 'receiveMembershipApplication (at M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const { idNumber } = personalData('110105');
      return {
        self: (await f.inflowIntoM()).member,
        vars: {
          input: {
            organizationId: f.M,
            name: '申请人',
            gender: 'FEMALE',
            birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
            idNumber,
            homeRegionCode: '630102',
            appliedOn: '2024-10-08',
          },
        },
      };
    },
    send: (s, t) =>
      s(
        `mutation($input: ReceiveApplicationInput!) { receiveMembershipApplication(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'designateActivist (at M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const input = {
        applicantId: await f.applicantAtM(),
        designatedOn: '2024-10-20',
        method: 'MEMBER_RECOMMENDATION',
        contactMemberIds: [contact],
      };
      return { self: contact, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: DesignateActivistInput!) { designateActivist(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'assignTrainingContacts (at M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const applicantId = await f.applicantAtM(contact);
      const other = (await f.inflowIntoM()).member;
      return { self: contact, vars: { input: { applicantId, contactMemberIds: [contact, other] } } };
    },
    send: (s, t) =>
      s(
        `mutation($input: AssignTrainingContactsInput!) { assignTrainingContacts(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'recordApplicantTraining (a talk at M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const input = {
        applicantId: await f.applicantAtM(contact),
        kind: 'TALK',
        heldOn: '2024-10-15',
        content: '谈话',
      };
      return { self: contact, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: RecordApplicantTrainingInput!) { recordApplicantTraining(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'requestApplicantHandover (M to A1a)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const input = {
        applicantId: await f.applicantAtM(contact),
        toOrganizationId: f.w.org.A1a,
        reason: '返乡',
      };
      return { self: contact, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: RequestApplicantHandoverInput!) { requestApplicantHandover(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'decideApplicantHandover (A1a receives from M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'ok', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const h = await f.server.data<{ requestApplicantHandover: { id: string } }>(
        `mutation($input: RequestApplicantHandoverInput!) { requestApplicantHandover(input: $input) { id } }`,
        {
          input: {
            applicantId: await f.applicantAtM(contact),
            toOrganizationId: f.w.org.A1a,
            reason: '返乡',
          },
        },
        { token: f.w.tokens.department },
      );
      return { self: contact, vars: { input: { handoverId: h.requestApplicantHandover.id, accept: true } } };
    },
    send: (s, t) =>
      s(
        `mutation($input: DecideApplicantHandoverInput!) { decideApplicantHandover(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'closeMembershipApplication (at M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => {
      const contact = (await f.inflowIntoM()).member;
      const input = {
        applicantId: await f.applicantAtM(contact),
        closedOn: '2024-11-01',
        reason: '本人撤回',
      };
      return { self: contact, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: CloseApplicationInput!) { closeMembershipApplication(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'appointMobileOrgLeader (at M, from above)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => {
      const leader = (await f.inflowIntoM()).member;
      const input = {
        organizationId: f.M,
        memberId: leader,
        role: 'COMMITTEE_MEMBER',
        termStartsOn: '2024-10-01',
      };
      return { self: leader, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: AppointMobileOrgLeaderInput!) { appointMobileOrgLeader(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'endMobileOrgLeaderTerm (at M, from above)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => {
      const leader = (await f.inflowIntoM()).member;
      const l = await f.server.data<{ appointMobileOrgLeader: { id: string } }>(
        `mutation($input: AppointMobileOrgLeaderInput!) { appointMobileOrgLeader(input: $input) { id } }`,
        {
          input: {
            organizationId: f.M,
            memberId: leader,
            role: 'COMMITTEE_MEMBER',
            termStartsOn: '2024-10-01',
          },
        },
        { token: f.w.tokens.department },
      );
      const input = { leaderId: l.appointMobileOrgLeader.id, endedOn: '2024-11-01', reason: 'MOVED_AWAY' };
      return { self: leader, vars: { input } };
    },
    send: (s, t) =>
      s(
        `mutation($input: EndMobileOrgLeaderInput!) { endMobileOrgLeaderTerm(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'recordMobileMemberSurvey (by M)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'ok' },
    prepare: async (f) => ({ self: (await f.outflowOfA()).member, vars: { input: surveyInput(f.M) } }),
    send: (s, t) =>
      s(
        `mutation($input: RecordMobileMemberSurveyInput!) { recordMobileMemberSurvey(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'assignPartyBuildingInstructor (A sends one to A1)',
    expect: departmentsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { input: instructorInput(f.w.org.A, f.w.org.A1) },
    }),
    send: (s, t) =>
      s(
        `mutation($input: AssignPartyBuildingInstructorInput!) { assignPartyBuildingInstructor(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'endPartyBuildingInstructor',
    expect: departmentsOnly,
    more: { 'ORG_ADMIN base': 'FORBIDDEN', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => {
      const i = await f.server.data<{ assignPartyBuildingInstructor: { id: string } }>(
        `mutation($input: AssignPartyBuildingInstructorInput!) { assignPartyBuildingInstructor(input: $input) { id } }`,
        { input: instructorInput(f.w.org.A, f.w.org.A1) },
        { token: f.w.tokens.department },
      );
      return {
        self: (await f.outflowOfA()).member,
        vars: { input: { instructorId: i.assignPartyBuildingInstructor.id, endedOn: '2024-11-01' } },
      };
    },
    send: (s, t) =>
      s(
        `mutation($input: EndPartyBuildingInstructorInput!) { endPartyBuildingInstructor(input: $input) { id } }` as never,
        t.vars,
      ),
  },
  {
    name: 'recordPartyWorkerTraining (by A1)',
    expect: adminsOnly,
    more: { 'ORG_ADMIN base': 'ok', 'ORG_ADMIN mobile': 'FORBIDDEN' },
    prepare: async (f) => ({
      self: (await f.outflowOfA()).member,
      vars: { input: trainingInput(f.w.org.A1) },
    }),
    send: (s, t) =>
      s(
        `mutation($input: RecordPartyWorkerTrainingInput!) { recordPartyWorkerTraining(input: $input) { id } }` as never,
        t.vars,
      ),
  },
];

describe.each(testDatabases())('the party access matrix on %s', (db) => {
  let server: TestServer;
  let f: Fixtures;
  const tokens = {} as Record<AnyViewer, string | undefined>;
  let other: string;
  const shared = new Map<string, Target>();

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock: new ManualClock('2024-11-01T10:00:00+08:00') });
    const w = await buildPartyWorld(server);
    const t = w.tokens;
    f = {
      w,
      server,
      async outflowOfA() {
        const m = await createMember(server, t.department, w.org.A1a);
        const r = await registerOutflow(server, t.department, m.id, { departedOn: '2024-09-01' });
        return { member: m.id, record: r.id };
      },
      M: '',
      async inflowIntoM() {
        const m = await createMember(server, t.department, w.org.B1a);
        const r = await registerOutflow(server, t.department, m.id, {
          departedOn: '2024-03-01',
          destinationRegionCode: '110105',
        });
        await reportToInflow(server, t.department, r.id, f.M, 'MOBILE_PARTY_ORGANIZATION');
        return { member: m.id, record: r.id };
      },
      async applicantAtM(contact?: string) {
        const { idNumber, phone } = personalData('110105');
        const a = await server.data<{ receiveMembershipApplication: { id: string } }>(
          `mutation($input: ReceiveApplicationInput!) { receiveMembershipApplication(input: $input) { id } }`,
          {
            input: {
              organizationId: f.M,
              name: '申请人',
              gender: 'MALE',
              birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
              idNumber,
              phone,
              homeRegionCode: '630102',
              appliedOn: '2024-10-08',
              receivedOn: '2024-10-10',
            },
          },
          { token: t.department },
        );
        const id = a.receiveMembershipApplication.id;
        if (contact) {
          await server.data(
            `mutation($input: DesignateActivistInput!) { designateActivist(input: $input) { id } }`,
            {
              input: {
                applicantId: id,
                designatedOn: '2024-10-20',
                method: 'MEMBER_RECOMMENDATION',
                contactMemberIds: [contact],
              },
            },
            { token: t.department },
          );
        }
        return id;
      },
      async inflowIntoA() {
        const m = await createMember(server, t.department, w.org.B1a);
        const r = await registerOutflow(server, t.department, m.id, { departedOn: '2024-09-01' });
        await reportToInflow(server, t.department, r.id, w.org.A1a, 'UNIT_ORGANIZATION');
        return { member: m.id, record: r.id };
      },
    };
    const established = await server.data(
      EstablishMobileOrganizationDocument,
      {
        input: {
          name: '城东区驻北京流动党员党支部',
          type: 'BRANCH',
          regionCode: '110000',
          parentId: w.org.A,
          basis: 'OUTFLOW_BASED',
          approverId: w.org.A,
          approvedAt: '2024-01-10',
        },
      },
      { token: t.department },
    );
    f.M = established.establishMobileOrganization.id;
    const scoped = (role: Role, scope: string) =>
      server.token({ roles: [role], scopeOrganizationId: scope, sub: `${role}:${scope}` });
    Object.assign(tokens, {
      anonymous: undefined,
      BIDDER: server.token({ roles: [Role.BIDDER], bidderId: 'b' }),
      TRADING_CENTER: server.token({ roles: [Role.TRADING_CENTER] }),
      LAND_BUREAU: server.token({ roles: [Role.LAND_BUREAU] }),
      BANK: server.token({ roles: [Role.BANK] }),
      'ORG_ADMIN in': scoped(Role.ORG_ADMIN, w.org.A),
      'ORG_ADMIN out': scoped(Role.ORG_ADMIN, w.org.B),
      'ORG_DEPARTMENT in': scoped(Role.ORG_DEPARTMENT, w.org.A),
      'ORG_DEPARTMENT out': scoped(Role.ORG_DEPARTMENT, w.org.B),
      'ORG_DEPARTMENT unscoped': t.department,
      'ANALYST in': scoped(Role.ANALYST, w.org.A),
      'ANALYST out': scoped(Role.ANALYST, w.org.B),
      'ANALYST unscoped': t.analyst,
      'ORG_ADMIN base': scoped(Role.ORG_ADMIN, w.org.A1),
      'ORG_ADMIN mobile': scoped(Role.ORG_ADMIN, f.M),
    });
    other = (await createMember(server, t.department, w.org.B1a)).id;
    for (const c of CASES.filter((c) => c.shared)) shared.set(c.name, await c.prepare(f));
  });
  afterAll(() => server?.close());

  const tokenFor = (viewer: AnyViewer, target: Target): string | undefined =>
    viewer === 'MEMBER self'
      ? f.w.memberToken(target.self)
      : viewer === 'MEMBER other'
        ? f.w.memberToken(other)
        : tokens[viewer];

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected: Partial<Record<AnyViewer, Outcome>> = { ...c.expect, ...c.more };
    const actual = {} as Partial<Record<AnyViewer, Outcome>>;
    // a refused mutation changes nothing, so refused viewers share one target; each success gets its own
    const refusedTarget = c.shared ? shared.get(c.name)! : await c.prepare(f);
    for (const viewer of [...VIEWERS, ...(c.more ? EXTRA_VIEWERS : [])]) {
      const target = c.shared || expected[viewer] !== 'ok' ? refusedTarget : await c.prepare(f);
      const token = tokenFor(viewer, target);
      const send: Send = (doc, vars) =>
        server.request(doc as never, vars, token ? { token } : {}) as Promise<
          GraphQLResponse<Record<string, unknown>>
        >;
      const response = await c.send(send, target);
      const code = response.errors?.[0]?.extensions?.code as Outcome | undefined;
      actual[viewer] = code ?? (c.read ? c.read(data(response), target) : 'ok');
    }
    expect(actual).toEqual(expected);
  });
});
