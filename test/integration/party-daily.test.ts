/** Daily management: organizational life from any organization, evaluations, care, role models, party fees. */
import { ManualClock } from '../../src/common/clock';
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
  AllocateFeesDocument,
  FeeAllocationsDocument,
  MemberDocument,
  MobilityRecordDocument,
  OrgLifeActivitiesDocument,
  PartyNodeDocument,
  RecordCareDocument,
  RecordEvaluationDocument,
  RecordFeeExpenseDocument,
  RecordOrgLifeDocument,
  RecordRoleModelDocument,
} from '../operations/generated';

describe.each(testDatabases())('party daily management on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');
  /** a member of A1a who flows into B1a, and a member of B1a who stays */
  let mobile: { id: string; record: string };
  let local: string;

  const dutiesOf = async (recordId: string) =>
    (
      await server.data(MobilityRecordDocument, { id: recordId }, { token: w.tokens.department })
    ).mobilityRecord!.dutyRecords.map((d) => `${d.duty.code}:${d.source}`);

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
    const m = await createMember(server, w.tokens.adminA, w.org.A1a, { name: '流动甲' });
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-09-01' });
    await reportToInflow(server, w.memberToken(m.id), r.id, w.org.B1a);
    mobile = { id: m.id, record: r.id };
    local = (await createMember(server, w.tokens.adminB, w.org.B1a, { name: '本地乙' })).id;
  });
  afterAll(() => server?.close());

  it('records organizational life with attendees from any organization, meeting INFLOW_3 and OUTFLOW_4', async () => {
    const input = {
      organizationId: w.org.B1a,
      type: 'THEME_DAY' as const,
      topic: '主题党日：社区志愿服务',
      heldAt: '2024-10-30T15:00:00+08:00',
      online: false,
      attendeeIds: [mobile.id, local, local],
    };
    expect(codes(await server.request(RecordOrgLifeDocument, { input }, { token: w.tokens.adminA }))).toEqual(
      ['FORBIDDEN'],
    );
    expect(
      codes(
        await server.request(
          RecordOrgLifeDocument,
          { input: { ...input, attendeeIds: [local, '00000000-0000-4000-8000-000000000000'] } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const held = (await server.data(RecordOrgLifeDocument, { input }, { token: w.tokens.adminB }))
      .recordOrgLife;
    expect(held.attendeeCount).toBe(2);
    expect(held.attendees.map((a) => a.id).sort()).toEqual([mobile.id, local].sort());
    expect(await dutiesOf(mobile.record)).toContain('INFLOW_3:ORG_LIFE');

    const online = await server.data(
      RecordOrgLifeDocument,
      {
        input: {
          ...input,
          organizationId: w.org.A1a,
          type: 'ONLINE_STUDY',
          online: true,
          attendeeIds: [mobile.id],
        },
      },
      { token: w.tokens.adminA },
    );
    const duties = await dutiesOf(mobile.record);
    expect(duties).toContain('OUTFLOW_4:ORG_LIFE');
    expect(duties.filter((d) => d.startsWith('INFLOW_3'))).toHaveLength(1); // A1a is not on the inflow side

    // activities are listed in the organization's scope; a member sees those it attended
    const ofB = await server.data(
      OrgLifeActivitiesDocument,
      { organizationId: w.org.B },
      { token: w.tokens.adminB },
    );
    expect(ofB.orgLifeActivities.map((a) => a.id)).toEqual([held.id]);
    expect(
      (await server.data(OrgLifeActivitiesDocument, { organizationId: w.org.B }, { token: w.tokens.adminA }))
        .orgLifeActivities,
    ).toEqual([]);
    const mine = await server.data(
      OrgLifeActivitiesDocument,
      { organizationId: w.org.C },
      { token: w.memberToken(mobile.id) },
    );
    expect(mine.orgLifeActivities.map((a) => a.id).sort()).toEqual([held.id, online.recordOrgLife.id].sort());
    expect(
      (await server.data(PartyNodeDocument, { id: held.id }, { token: w.memberToken(local) })).node,
    ).not.toBeNull();
    expect(
      (await server.data(PartyNodeDocument, { id: online.recordOrgLife.id }, { token: w.memberToken(local) }))
        .node,
    ).toBeNull();
    // the inflow administrator sees the outflow side's activity attendees masked where it does not hold them
    const seenByAnalyst = ofB.orgLifeActivities[0].attendees.find((a) => a.id === local)!;
    expect(seenByAnalyst.idNumber).not.toContain('*');
    const analystView = await server.data(
      OrgLifeActivitiesDocument,
      { organizationId: w.org.B },
      { token: w.tokens.analystB },
    );
    expect(analystView.orgLifeActivities[0].attendees.every((a) => a.idNumber!.includes('*'))).toBe(true);
  });

  it('takes democratic evaluations from the inflow side, notifies the formal organization, and meets INFLOW_5', async () => {
    const input = {
      memberId: mobile.id,
      organizationId: w.org.B1a,
      year: 2024,
      result: 'EXCELLENT' as const,
    };
    expect(
      codes(await server.request(RecordEvaluationDocument, { input }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          RecordEvaluationDocument,
          { input: { ...input, organizationId: w.org.A1a } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          RecordEvaluationDocument,
          { input: { ...input, memberId: local } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['NOT_MOBILE_ELIGIBLE']);
    expect(
      codes(
        await server.request(
          RecordEvaluationDocument,
          { input: { ...input, year: 2025 } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const evaluation = (await server.data(RecordEvaluationDocument, { input }, { token: w.tokens.adminB }))
      .recordEvaluation;
    expect(Date.parse(evaluation.notifiedFormalOrganizationAt!)).toBe(clock.now().getTime());
    expect(
      codes(await server.request(RecordEvaluationDocument, { input }, { token: w.tokens.adminB })),
    ).toEqual(['CONFLICT']);
    const seenByFormal = (await server.data(MemberDocument, { id: mobile.id }, { token: w.tokens.adminA }))
      .member!;
    expect(seenByFormal.evaluations).toEqual([
      expect.objectContaining({ id: evaluation.id, result: 'EXCELLENT', organization: { id: w.org.B1a } }),
    ]);
    expect(await dutiesOf(mobile.record)).toContain('INFLOW_5:EVALUATION');
  });

  it('records care from either side (INFLOW_4 only from the inflow side) and role models (MEMBER_5)', async () => {
    const care = {
      memberId: mobile.id,
      organizationId: w.org.A1a,
      kind: 'VISIT' as const,
      providedOn: '2024-10-31',
    };
    await server.data(RecordCareDocument, { input: care }, { token: w.tokens.adminA });
    expect((await dutiesOf(mobile.record)).filter((d) => d.startsWith('INFLOW_4'))).toEqual([]);
    const inflowCare = await server.data(
      RecordCareDocument,
      {
        input: {
          ...care,
          organizationId: w.org.B1a,
          kind: 'HARDSHIP_SUPPORT',
          amount: '500.00',
          note: '慰问金',
        },
      },
      { token: w.tokens.adminB },
    );
    expect(inflowCare.recordCare).toMatchObject({ amount: '500.00', kind: 'HARDSHIP_SUPPORT' });
    expect(await dutiesOf(mobile.record)).toContain('INFLOW_4:CARE');
    expect(
      codes(
        await server.request(
          RecordCareDocument,
          { input: { ...care, memberId: local } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          RecordCareDocument,
          { input: { ...care, organizationId: w.org.A1b } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          RecordCareDocument,
          { input: { ...care, providedOn: '2024-11-02' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);

    const model = {
      memberId: mobile.id,
      organizationId: w.org.B1a,
      kind: 'VOLUNTEER_SERVICE' as const,
      description: '社区义务理发',
      startedOn: '2024-10-01',
      hours: '12.5',
    };
    expect(
      codes(
        await server.request(
          RecordRoleModelDocument,
          { input: { ...model, hours: '1.234' } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          RecordRoleModelDocument,
          { input: { ...model, endedOn: '2024-09-30' } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    await server.data(RecordRoleModelDocument, { input: model }, { token: w.tokens.adminB });
    expect(await dutiesOf(mobile.record)).toContain('MEMBER_5:ROLE_MODEL');
    const member = (await server.data(MemberDocument, { id: mobile.id }, { token: w.memberToken(mobile.id) }))
      .member!;
    expect(member.careRecords).toHaveLength(2);
    expect(member.roleModelRecords).toEqual([
      expect.objectContaining({ kind: 'VOLUNTEER_SERVICE', hours: '12.5' }),
    ]);
    const overdue = (
      await server.data(MobilityRecordDocument, { id: mobile.record }, { token: w.tokens.adminB })
    ).mobilityRecord!.overdueDuties;
    expect(overdue.map((d) => d.code)).not.toEqual(
      expect.arrayContaining(['INFLOW_3', 'INFLOW_5', 'MEMBER_5']),
    );
  });

  it('allocates party fees downward and never lets expenses overspend, even when they race', async () => {
    const allocate = {
      fromOrganizationId: w.org.A,
      toOrganizationId: w.org.A1a,
      purpose: 'EDUCATION_TRAINING' as const,
      amount: '1000.00',
      allocatedOn: '2024-10-01',
    };
    expect(
      codes(await server.request(AllocateFeesDocument, { input: allocate }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          AllocateFeesDocument,
          { input: { ...allocate, fromOrganizationId: w.org.A1a, toOrganizationId: w.org.A1a } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          AllocateFeesDocument,
          { input: { ...allocate, toOrganizationId: w.org.B1a } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          AllocateFeesDocument,
          { input: { ...allocate, fromOrganizationId: w.org.B } },
          { token: w.tokens.departmentA },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const allocation = (
      await server.data(AllocateFeesDocument, { input: allocate }, { token: w.tokens.departmentA })
    ).allocateFees;
    expect(allocation).toMatchObject({ amount: '1000.00', spent: '0.00', balance: '1000.00' });

    const expense = {
      allocationId: allocation.id,
      amount: '300.00',
      spentOn: '2024-10-15',
      note: '培训资料',
    };
    expect(
      codes(await server.request(RecordFeeExpenseDocument, { input: expense }, { token: w.tokens.adminB })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          RecordFeeExpenseDocument,
          { input: { ...expense, spentOn: '2024-09-30' } },
          { token: w.tokens.adminA1 },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const after = (
      await server.data(RecordFeeExpenseDocument, { input: expense }, { token: w.tokens.adminA1 })
    ).recordFeeExpense;
    expect(after).toMatchObject({ spent: '300.00', balance: '700.00' });
    const over = await server.request(
      RecordFeeExpenseDocument,
      { input: { ...expense, amount: '700.01' } },
      { token: w.tokens.adminA1 },
    );
    expect(codes(over)).toEqual(['INSUFFICIENT_FUNDS']);
    expect(over.errors![0].extensions).toMatchObject({ balance: '700.00' });

    // eight expenses of 100.00 race for the remaining 700.00: exactly seven succeed
    const race = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.request(
          RecordFeeExpenseDocument,
          { input: { ...expense, amount: '100.00', note: `支出${i}` } },
          { token: w.tokens.adminA1 },
        ),
      ),
    );
    expect(race.filter((r) => !r.errors).length).toBe(7);
    expect(race.flatMap((r) => codes(r))).toEqual(['INSUFFICIENT_FUNDS']);
    // two racing expenses that each fit but not together: exactly one succeeds
    const second = (
      await server.data(
        AllocateFeesDocument,
        { input: { ...allocate, amount: '100.00' } },
        { token: w.tokens.departmentA },
      )
    ).allocateFees;
    const pair = await Promise.all(
      [0, 1].map(() =>
        server.request(
          RecordFeeExpenseDocument,
          { input: { ...expense, allocationId: second.id, amount: '60.00' } },
          { token: w.tokens.adminA1 },
        ),
      ),
    );
    expect(pair.flatMap((r) => codes(r))).toEqual(['INSUFFICIENT_FUNDS']);

    const listed = await server.data(
      FeeAllocationsDocument,
      { organizationId: w.org.A1a },
      { token: w.tokens.adminA1 },
    );
    const first = listed.feeAllocations.find((a) => a.id === allocation.id)!;
    expect(first).toMatchObject({ spent: '1000.00', balance: '0.00' });
    expect(first.expenses).toHaveLength(8);
    expect(listed.feeAllocations.find((a) => a.id === second.id)).toMatchObject({
      spent: '60.00',
      balance: '40.00',
    });
    expect(
      (await server.data(FeeAllocationsDocument, { organizationId: w.org.A1a }, { token: w.tokens.adminB }))
        .feeAllocations,
    ).toEqual([]);
    expect(
      (
        await server.data(
          FeeAllocationsDocument,
          { organizationId: w.org.A },
          { token: w.memberToken(mobile.id) },
        )
      ).feeAllocations,
    ).toEqual([]);
  });
});
