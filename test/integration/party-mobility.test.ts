/** Outflow, reporting, contacts, the 6-month edges, 失联, unreported lists, ending, and relationship transfers. */
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
  AssignContactDocument,
  CompleteTransferDocument,
  EndMobilityDocument,
  EstablishMobileOrganizationDocument,
  MemberDocument,
  MobilityRecordDocument,
  MobilityRecordsDocument,
  RecordDutyDocument,
  RegisterOutflowDocument,
  RejectTransferDocument,
  ReportToInflowDocument,
  RequestTransferDocument,
  TransfersDocument,
  UpdateMobilityDocument,
} from '../operations/generated';

describe.each(testDatabases())('party mobility on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2023-09-01T10:00:00+08:00');
  const at = (iso: string) => clock.set(iso);
  const record = async (id: string, token = w.tokens.department) =>
    (await server.data(MobilityRecordDocument, { id }, { token })).mobilityRecord!;

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  it('makes a member mobile six calendar months after departure: 31 Aug → 29 Feb in a leap year', async () => {
    at('2023-09-01T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2023-08-31' });
    expect(r).toMatchObject({ mobileFrom: '2024-02-29', isMobile: false, status: 'REGISTERED' });
    at('2024-02-28T23:59:59+08:00');
    expect((await record(r.id)).isMobile).toBe(false);
    expect(
      (await server.data(MemberDocument, { id: m.id }, { token: w.tokens.adminA })).member!.isMobile,
    ).toBe(false);
    at('2024-02-29T00:00:00+08:00');
    expect((await record(r.id)).isMobile).toBe(true);
    expect(
      (await server.data(MemberDocument, { id: m.id }, { token: w.tokens.adminA })).member!.isMobile,
    ).toBe(true);
  });

  it('…and 31 Aug → 28 Feb otherwise', async () => {
    at('2024-09-02T09:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-08-31' });
    expect(r.mobileFrom).toBe('2025-02-28');
    at('2025-02-27T23:00:00+08:00');
    expect((await record(r.id)).isMobile).toBe(false);
    at('2025-02-28T00:00:01+08:00');
    expect((await record(r.id)).isMobile).toBe(true);
    const mobileOnly = await server.data(
      MobilityRecordsDocument,
      { filter: { mobileOnly: true } },
      { token: w.tokens.adminA },
    );
    expect(mobileOnly.mobilityRecords.edges.map((e) => e.node.id)).toContain(r.id);
  });

  it('registers one active outflow per member, from its formal organization, with the duties it meets', async () => {
    at('2025-03-01T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1b);
    const input = {
      memberId: m.id,
      departedOn: '2025-02-20',
      reason: 'STUDY' as const,
      destinationRegionCode: '620102',
      reportedBeforeLeaving: true,
    };
    expect(
      codes(await server.request(RegisterOutflowDocument, { input }, { token: w.tokens.adminB })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await server.request(RegisterOutflowDocument, { input }, { token: w.memberToken(m.id) })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          RegisterOutflowDocument,
          { input: { ...input, departedOn: '2025-03-02' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          RegisterOutflowDocument,
          { input: { ...input, destinationRegionCode: '62010' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const r = (await server.data(RegisterOutflowDocument, { input }, { token: w.tokens.adminA }))
      .registerOutflow;
    expect(r).toMatchObject({
      outflowOrganization: { id: w.org.A1b },
      mobileFrom: '2025-08-20',
      status: 'REGISTERED',
    });
    expect(
      codes(await server.request(RegisterOutflowDocument, { input }, { token: w.tokens.adminA })),
    ).toEqual(['CONFLICT']);
    const duties = (await record(r.id)).dutyRecords.map((d) => [d.duty.code, d.source]);
    expect(duties).toEqual([
      ['MEMBER_1', 'REGISTRATION'],
      ['OUTFLOW_1', 'REGISTRATION'],
    ]);
  });

  it('takes a report from the member or the inflow organization’s administrator, at once', async () => {
    at('2025-03-02T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-02-01' });
    const input = {
      mobilityRecordId: r.id,
      inflowOrganizationId: w.org.B1a,
      inclusionPath: 'COMMUNITY_ORGANIZATION' as const,
    };
    expect(
      codes(await server.request(ReportToInflowDocument, { input }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await server.request(ReportToInflowDocument, { input }, { token: w.tokens.analyst })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          ReportToInflowDocument,
          { input },
          { token: w.memberToken('00000000-0000-4000-8000-000000000009') },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          ReportToInflowDocument,
          { input: { ...input, inclusionPath: 'MOBILE_PARTY_ORGANIZATION' } },
          { token: w.memberToken(m.id) },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          ReportToInflowDocument,
          { input: { ...input, reportedAt: '2025-01-31T12:00:00+08:00' } },
          { token: w.memberToken(m.id) },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const reported = (await server.data(ReportToInflowDocument, { input }, { token: w.tokens.adminB }))
      .reportToInflow;
    expect(reported).toMatchObject({
      status: 'REPORTED',
      inflowOrganization: { id: w.org.B1a },
      inclusionPath: 'COMMUNITY_ORGANIZATION',
      daysUnreported: null,
    });
    expect(Date.parse(reported.reportedToInflowAt!)).toBe(clock.now().getTime());
    expect(
      codes(await server.request(ReportToInflowDocument, { input }, { token: w.memberToken(m.id) })),
    ).toEqual(['CONFLICT']);
    const duties = (await record(r.id)).dutyRecords.map((d) => d.duty.code);
    expect(duties).toEqual(expect.arrayContaining(['INFLOW_1', 'MEMBER_2']));

    const mobileOrg = await server.data(
      EstablishMobileOrganizationDocument,
      {
        input: {
          name: '城中区流动党员党支部',
          type: 'BRANCH',
          regionCode: '630103',
          parentId: w.org.B,
          basis: 'INFLOW_BASED',
          approverId: w.org.B,
          approvedAt: '2025-01-01',
        },
      },
      { token: w.tokens.department },
    );
    const n = await createMember(server, w.tokens.adminA, w.org.A1a);
    const s = await registerOutflow(server, w.tokens.adminA, n.id, { departedOn: '2025-02-01' });
    const self = await reportToInflow(
      server,
      w.memberToken(n.id),
      s.id,
      mobileOrg.establishMobileOrganization.id,
      'MOBILE_PARTY_ORGANIZATION',
    );
    expect(self.inclusionPath).toBe('MOBILE_PARTY_ORGANIZATION');
  });

  it('lets each side name its own contact person, and masks contact phones for analysts', async () => {
    at('2025-03-03T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-02-15' });
    const outflow = {
      mobilityRecordId: r.id,
      side: 'OUTFLOW' as const,
      name: '韩书记',
      phone: '13909712001',
    };
    const inflow = { ...outflow, side: 'INFLOW' as const, name: '李主任', phone: '0971-6146324' };
    expect(
      codes(await server.request(AssignContactDocument, { input: outflow }, { token: w.tokens.adminB })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await server.request(AssignContactDocument, { input: inflow }, { token: w.tokens.department })),
    ).toEqual(['FORBIDDEN']);
    await server.data(AssignContactDocument, { input: outflow }, { token: w.tokens.adminA1 });
    await reportToInflow(server, w.memberToken(m.id), r.id, w.org.B1a, 'UNIT_ORGANIZATION');
    expect(
      codes(await server.request(AssignContactDocument, { input: inflow }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          AssignContactDocument,
          { input: { ...inflow, phone: '12345' } },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const both = (await server.data(AssignContactDocument, { input: inflow }, { token: w.tokens.adminB }))
      .assignContact;
    expect(both.outflowContact).toMatchObject({ name: '韩书记', phone: '13909712001' });
    expect(both.inflowContact).toMatchObject({ name: '李主任', phone: '0971-6146324' });
    const analyst = await record(r.id, w.tokens.analyst);
    expect(analyst.outflowContact!.phone).toBe('139****2001');
    expect((await record(r.id, w.memberToken(m.id))).inflowContact!.phone).toBe('0971-6146324');
  });

  it('flags 失联 after more than 180 days without contact on either side, and lists those members', async () => {
    at('2025-03-10T09:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1b);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-03-01' });
    at('2025-09-06T20:00:00+08:00'); // 180 days after 10 March
    expect((await record(r.id)).lostContact).toBe(false);
    at('2025-09-07T00:00:00+08:00'); // 181 days
    const lost = await record(r.id);
    expect(lost.lostContact).toBe(true);
    const list = await server.data(
      MobilityRecordsDocument,
      { first: 100, filter: { lostContactOnly: true } },
      { token: w.tokens.adminA },
    );
    expect(list.mobilityRecords.edges.map((e) => e.node.id)).toContain(r.id);
    expect(
      codes(
        await server.request(
          RecordDutyDocument,
          { input: { dutyCode: 'MEMBER_3', mobilityRecordId: r.id } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const contact = await server.data(
      RecordDutyDocument,
      { input: { dutyCode: 'MEMBER_3', mobilityRecordId: r.id, note: '电话汇报' } },
      { token: w.memberToken(m.id) },
    );
    expect(Date.parse(contact.recordDuty.mobilityRecord.lastContactAt!)).toBe(clock.now().getTime());
    expect((await record(r.id)).lostContact).toBe(false);
    const after = await server.data(
      MobilityRecordsDocument,
      { first: 100, filter: { lostContactOnly: true } },
      { token: w.tokens.adminA },
    );
    expect(after.mobilityRecords.edges.map((e) => e.node.id)).not.toContain(r.id);
  });

  it('lists the members who have not reported, and for how long', async () => {
    at('2025-10-01T10:00:00+08:00');
    const late = await createMember(server, w.tokens.adminA, w.org.A1b, { name: '孙未报到' });
    const rl = await registerOutflow(server, w.tokens.adminA, late.id, { departedOn: '2025-08-01' });
    const fresh = await createMember(server, w.tokens.adminA, w.org.A1b, { name: '周刚走' });
    const rf = await registerOutflow(server, w.tokens.adminA, fresh.id, { departedOn: '2025-09-25' });
    const list = await server.data(
      MobilityRecordsDocument,
      {
        first: 100,
        filter: { withinId: w.org.A, direction: 'OUTFLOW', status: ['REGISTERED'], unreportedForDays: 30 },
      },
      { token: w.tokens.adminA },
    );
    const ids = list.mobilityRecords.edges.map((e) => e.node.id);
    expect(ids).toContain(rl.id);
    expect(ids).not.toContain(rf.id);
    const entry = list.mobilityRecords.edges.find((e) => e.node.id === rl.id)!.node;
    expect(entry.daysUnreported).toBe(61);
    expect(entry.overdueDuties.map((d) => d.code)).toContain('MEMBER_2');
    const fromB = await server.data(
      MobilityRecordsDocument,
      { first: 100, filter: { unreportedForDays: 0 } },
      { token: w.tokens.adminB },
    );
    expect(fromB.mobilityRecords.edges.map((e) => e.node.id)).not.toContain(rl.id);
  });

  it('records a change of destination (MEMBER_4) and ends records from the outflow side only', async () => {
    at('2025-10-02T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-09-01' });
    const changed = await server.data(
      UpdateMobilityDocument,
      {
        input: {
          mobilityRecordId: r.id,
          destinationRegionCode: '310115',
          destinationUnit: '上海某公司',
          note: '换工作',
        },
      },
      { token: w.memberToken(m.id) },
    );
    expect(changed.updateMobility).toMatchObject({
      destinationRegionCode: '310115',
      destinationUnit: '上海某公司',
    });
    const member4 = (await record(r.id)).dutyRecords.filter((d) => d.duty.code === 'MEMBER_4');
    expect(member4).toEqual([
      expect.objectContaining({ organization: null, note: '换工作', source: 'MOBILITY_UPDATE' }),
    ]);
    expect(
      codes(
        await server.request(
          UpdateMobilityDocument,
          { input: { mobilityRecordId: r.id } },
          { token: w.memberToken(m.id) },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);

    const end = { mobilityRecordId: r.id, endedOn: '2025-10-02', reason: 'RETURNED' as const };
    expect(
      codes(await server.request(EndMobilityDocument, { input: end }, { token: w.tokens.adminB })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          EndMobilityDocument,
          { input: { ...end, endedOn: '2025-10-03' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          EndMobilityDocument,
          { input: { ...end, endedOn: '2025-10-01' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']); // before the registration
    const ended = (await server.data(EndMobilityDocument, { input: end }, { token: w.tokens.adminA }))
      .endMobility;
    expect(ended).toMatchObject({
      status: 'ENDED',
      endReason: 'RETURNED',
      endedOn: '2025-10-02',
      isMobile: false,
      overdueDuties: [],
    });
    expect(
      codes(await server.request(EndMobilityDocument, { input: end }, { token: w.tokens.adminA })),
    ).toEqual(['NOT_MOBILE_ELIGIBLE']);
    expect(
      codes(
        await server.request(
          RecordDutyDocument,
          { input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: r.id } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['NOT_MOBILE_ELIGIBLE']);
    at('2025-10-02T11:00:00+08:00');
    const again = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-10-02' });
    const history = (await server.data(MemberDocument, { id: m.id }, { token: w.tokens.adminA })).member!;
    expect(history.mobilityHistory.map((h) => h.id)).toEqual([again.id, r.id]);
    expect(history.currentMobility!.id).toBe(again.id);
  });

  it('transfers a relationship on the receiving side’s decision, ending the record as TRANSFERRED', async () => {
    at('2025-10-03T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1a, { name: '吴转接' });
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-04-01' });
    await reportToInflow(server, w.memberToken(m.id), r.id, w.org.B1a);
    const input = { memberId: m.id, toOrganizationId: w.org.B1a, note: '长期定居城中区' };
    expect(
      codes(await server.request(RequestTransferDocument, { input }, { token: w.tokens.adminB })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          RequestTransferDocument,
          { input: { ...input, toOrganizationId: w.org.B1 } },
          { token: w.memberToken(m.id) },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const requested = (await server.data(RequestTransferDocument, { input }, { token: w.memberToken(m.id) }))
      .requestTransfer;
    expect(requested).toMatchObject({
      status: 'REQUESTED',
      fromOrganization: { id: w.org.A1a },
      toOrganization: { id: w.org.B1a },
    });
    expect(
      codes(await server.request(RequestTransferDocument, { input }, { token: w.tokens.adminA })),
    ).toEqual(['CONFLICT']);
    expect(
      codes(await server.request(CompleteTransferDocument, { id: requested.id }, { token: w.tokens.adminA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(CompleteTransferDocument, { id: requested.id }, { token: w.memberToken(m.id) }),
      ),
    ).toEqual(['FORBIDDEN']);

    const pendingA = await server.data(
      TransfersDocument,
      { organizationId: w.org.A, status: ['REQUESTED'] },
      { token: w.tokens.adminA },
    );
    expect(pendingA.transfers.map((t) => t.id)).toEqual([requested.id]);
    const pendingB = await server.data(
      TransfersDocument,
      { organizationId: w.org.C },
      { token: w.tokens.adminB },
    );
    expect(pendingB.transfers.map((t) => t.id)).toContain(requested.id);

    const done = (
      await server.data(CompleteTransferDocument, { id: requested.id }, { token: w.tokens.adminB })
    ).completeTransfer;
    expect(done.status).toBe('COMPLETED');
    expect(Date.parse(done.decidedAt!)).toBe(clock.now().getTime());
    expect(
      codes(await server.request(CompleteTransferDocument, { id: requested.id }, { token: w.tokens.adminB })),
    ).toEqual(['INVALID_TRANSITION']);
    const moved = (await server.data(MemberDocument, { id: m.id }, { token: w.tokens.adminB })).member!;
    expect(moved).toMatchObject({
      formalOrganization: { id: w.org.B1a },
      currentMobility: null,
      isMobile: false,
    });
    expect(await record(r.id)).toMatchObject({
      status: 'ENDED',
      endReason: 'TRANSFERRED',
      endedOn: '2025-10-03',
    });
    expect((await server.data(MemberDocument, { id: m.id }, { token: w.tokens.adminA })).member).toBeNull();

    const n = await createMember(server, w.tokens.adminA, w.org.A1a);
    const ask = (
      await server.data(
        RequestTransferDocument,
        { input: { memberId: n.id, toOrganizationId: w.org.B1a } },
        { token: w.tokens.adminA },
      )
    ).requestTransfer;
    expect(
      codes(
        await server.request(RejectTransferDocument, { id: ask.id, note: ' ' }, { token: w.tokens.adminB }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const rejected = (
      await server.data(
        RejectTransferDocument,
        { id: ask.id, note: '不在本社区居住' },
        { token: w.tokens.adminB },
      )
    ).rejectTransfer;
    expect(rejected).toMatchObject({ status: 'REJECTED', note: '不在本社区居住' });
    expect(
      (await server.data(MemberDocument, { id: n.id }, { token: w.tokens.adminA })).member!.formalOrganization
        .id,
    ).toBe(w.org.A1a);
    const again = await server.data(
      RequestTransferDocument,
      { input: { memberId: n.id, toOrganizationId: w.org.B1a } },
      { token: w.tokens.adminA },
    );
    expect(again.requestTransfer.status).toBe('REQUESTED');
  });
});

describe.each(testDatabases())('lost contact with LOST_CONTACT_DAYS=30 on %s', (db) => {
  it('uses the configured number of days', async () => {
    const clock = new ManualClock('2025-01-01T10:00:00+08:00');
    const server = await startTestServer({ db, seed: false, clock, config: { lostContactDays: 30 } });
    try {
      const w = await buildPartyWorld(server);
      const m = await createMember(server, w.tokens.adminA, w.org.A1a);
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-12-20' });
      const lost = async () =>
        (await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.adminA })).mobilityRecord!
          .lostContact;
      clock.set('2025-01-31T10:00:00+08:00');
      expect(await lost()).toBe(false);
      clock.set('2025-02-01T10:00:00+08:00');
      expect(await lost()).toBe(true);
    } finally {
      await server.close();
    }
  });
});
