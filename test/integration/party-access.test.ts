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
}

interface Fixtures {
  w: PartyWorld;
  server: TestServer;
  /** a member of A1a with an active outflow, not reported */
  outflowOfA(): Promise<{ member: string; record: string }>;
  /** a member of B1a with an active outflow reported into A1a */
  inflowIntoA(): Promise<{ member: string; record: string }>;
}

const data = (r: GraphQLResponse<Record<string, unknown>>) => r.data as Record<string, unknown>;
const contains = (list: unknown, id: string | undefined): Outcome =>
  JSON.stringify(list).includes(`"${id}"`) ? 'ok' : 'absent';

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
];

describe.each(testDatabases())('the party access matrix on %s', (db) => {
  let server: TestServer;
  let f: Fixtures;
  const tokens = {} as Record<ViewerName, string | undefined>;
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
      async inflowIntoA() {
        const m = await createMember(server, t.department, w.org.B1a);
        const r = await registerOutflow(server, t.department, m.id, { departedOn: '2024-09-01' });
        await reportToInflow(server, t.department, r.id, w.org.A1a, 'UNIT_ORGANIZATION');
        return { member: m.id, record: r.id };
      },
    };
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
    });
    other = (await createMember(server, t.department, w.org.B1a)).id;
    for (const c of CASES.filter((c) => c.shared)) shared.set(c.name, await c.prepare(f));
  });
  afterAll(() => server?.close());

  const tokenFor = (viewer: ViewerName, target: Target): string | undefined =>
    viewer === 'MEMBER self'
      ? f.w.memberToken(target.self)
      : viewer === 'MEMBER other'
        ? f.w.memberToken(other)
        : tokens[viewer];

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const actual = {} as Record<ViewerName, Outcome>;
    // a refused mutation changes nothing, so refused viewers share one target; each success gets its own
    const refusedTarget = c.shared ? shared.get(c.name)! : await c.prepare(f);
    for (const viewer of VIEWERS) {
      const target = c.shared || c.expect[viewer] !== 'ok' ? refusedTarget : await c.prepare(f);
      const token = tokenFor(viewer, target);
      const send: Send = (doc, vars) =>
        server.request(doc as never, vars, token ? { token } : {}) as Promise<
          GraphQLResponse<Record<string, unknown>>
        >;
      const response = await c.send(send, target);
      const code = response.errors?.[0]?.extensions?.code as Outcome | undefined;
      actual[viewer] = code ?? (c.read ? c.read(data(response), target) : 'ok');
    }
    expect(actual).toEqual(c.expect);
  });
});
