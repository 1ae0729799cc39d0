/** Members: creation in scope, probation, masking of personal data by who is asking, lists and node(id). */
import { ManualClock } from '../../src/common/clock';
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  personalData,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { codes, startTestServer, type TestServer } from '../helpers/server';
import {
  ConfirmFullMembershipDocument,
  CreateMemberDocument,
  EndMobilityDocument,
  MemberDocument,
  MembersDocument,
  MobilityRecordDocument,
  OrganizationMembersDocument,
  PartyNodeDocument,
  UpdateMemberDocument,
} from '../operations/generated';

const CLEAR_ID = /^\d{17}[\dX]$/;
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;

describe.each(testDatabases())('party members on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock: new ManualClock('2024-11-01T10:00:00+08:00') });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  it('creates members of branches in scope only, with a year of probation by default', async () => {
    const input = {
      name: '陈预备',
      gender: 'MALE' as const,
      status: 'PROBATIONARY' as const,
      joinedAt: '2024-03-31',
      formalOrganizationId: w.org.A1a,
      ...personalData(),
    };
    expect(codes(await server.request(CreateMemberDocument, { input }, { token: w.tokens.adminB }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(await server.request(CreateMemberDocument, { input }, { token: w.tokens.analystA })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          CreateMemberDocument,
          { input: { ...input, formalOrganizationId: w.org.A1 } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          CreateMemberDocument,
          { input: { ...input, idNumber: '630102199001210000' } },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const created = (await server.data(CreateMemberDocument, { input }, { token: w.tokens.adminA }))
      .createMember;
    expect(created).toMatchObject({
      status: 'PROBATIONARY',
      probationEndsAt: '2025-03-31',
      isMobile: false,
      currentMobility: null,
    });
    expect(created.idNumber).toBe(input.idNumber);
    expect(codes(await server.request(CreateMemberDocument, { input }, { token: w.tokens.adminA }))).toEqual([
      'CONFLICT',
    ]);

    // 转正 only from the day probation ends (2025-03-31): an earlier conversion is refused and changes nothing
    expect(
      codes(
        await server.request(
          ConfirmFullMembershipDocument,
          { memberId: created.id, confirmedOn: '2024-10-31' },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const after = await server.data(MemberDocument, { id: created.id }, { token: w.tokens.adminA });
    expect(after.member).toMatchObject({ status: 'PROBATIONARY', probationEndsAt: '2025-03-31' });
  });

  it('confirming a mobile probationary member meets OUTFLOW_3 for its record', async () => {
    const m = await createMember(server, w.tokens.adminA, w.org.A1a, {
      status: 'PROBATIONARY',
      joinedAt: '2023-10-01',
    });
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-05-01' });
    expect(
      codes(
        await server.request(
          ConfirmFullMembershipDocument,
          { memberId: m.id, confirmedOn: '2024-10-01' },
          { token: w.tokens.adminB },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    await server.data(
      ConfirmFullMembershipDocument,
      { memberId: m.id, confirmedOn: '2024-10-01' },
      { token: w.tokens.adminA },
    );
    const record = (await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.adminA }))
      .mobilityRecord!;
    expect(record.dutyRecords.filter((d) => d.duty.code === 'OUTFLOW_3')).toEqual([
      expect.objectContaining({ source: 'PROBATION_DECISION', organization: { id: w.org.A1a } }),
    ]);
    expect(record.overdueDuties.map((d) => d.code)).not.toContain('OUTFLOW_3');
    expect(
      codes(
        await server.request(
          ConfirmFullMembershipDocument,
          { memberId: m.id, confirmedOn: '2024-10-01' },
          { token: w.tokens.adminA },
        ),
      ),
    ).toEqual(['INVALID_TRANSITION']);
  });

  it('masks identity numbers and phones for everyone but the member and the administrators of its two sides', async () => {
    const x = await createMember(server, w.tokens.adminA, w.org.A1a, { name: '张流动' });
    const r = await registerOutflow(server, w.tokens.adminA, x.id);
    const look = async (token: string) => (await server.data(MemberDocument, { id: x.id }, { token })).member;

    for (const token of [
      w.memberToken(x.id),
      w.tokens.adminA,
      w.tokens.adminA1,
      w.tokens.departmentA,
      w.tokens.department,
    ]) {
      const seen = await look(token);
      expect(seen!.idNumber).toMatch(CLEAR_ID);
      expect(seen!.phone).toMatch(/^1\d{10}$/);
    }
    for (const token of [w.tokens.analyst, w.tokens.analystA]) {
      const seen = await look(token);
      expect(seen!.idNumber).toMatch(MASKED_ID);
      expect(seen!.phone).toMatch(MASKED_PHONE);
      expect(seen!.idNumber!.slice(0, 4)).toBe(x.idNumber!.slice(0, 4));
      expect(seen!.idNumber!.slice(-4)).toBe(x.idNumber!.slice(-4));
    }
    // not reported yet: B has no link to the member at all
    expect(await look(w.tokens.adminB)).toBeNull();
    expect(await look(w.tokens.analystB)).toBeNull();
    expect(await look(w.memberToken('00000000-0000-4000-8000-000000000002'))).toBeNull();

    await reportToInflow(server, w.memberToken(x.id), r.id, w.org.B1a);
    expect((await look(w.tokens.adminB))!.idNumber).toMatch(CLEAR_ID); // the inflow side must reach the member
    expect((await look(w.tokens.analystB))!.idNumber).toMatch(MASKED_ID);
    const viaRecord = (await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.analystB }))
      .mobilityRecord!;
    expect(viaRecord.member.phone).toMatch(MASKED_PHONE);
    const viaList = await server.data(
      MembersDocument,
      { filter: { nameContains: '张流动' } },
      { token: w.tokens.adminB },
    );
    expect(viaList.members.edges.map((e) => e.node.idNumber)).toEqual([x.idNumber]);

    await server.data(
      EndMobilityDocument,
      { input: { mobilityRecordId: r.id, endedOn: '2024-11-01', reason: 'RETURNED' } },
      { token: w.tokens.adminA },
    );
    expect(await look(w.tokens.adminB)).toBeNull(); // the link ended with the record
    expect(
      (await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.adminB })).mobilityRecord,
    ).not.toBeNull();
  });

  it('updates personal data only for administrators of the formal organization', async () => {
    const m = await createMember(server, w.tokens.adminA, w.org.A1b);
    const phone = { phone: '13700001111' };
    expect(
      codes(
        await server.request(UpdateMemberDocument, { id: m.id, input: phone }, { token: w.tokens.adminB }),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          UpdateMemberDocument,
          { id: m.id, input: phone },
          { token: w.memberToken(m.id) },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await server.request(UpdateMemberDocument, { id: m.id, input: {} }, { token: w.tokens.adminA })),
    ).toEqual(['BAD_USER_INPUT']);
    const updated = await server.data(
      UpdateMemberDocument,
      { id: m.id, input: phone },
      { token: w.tokens.adminA1 },
    );
    expect(updated.updateMember.phone).toBe('13700001111');
  });

  it('lists members in scope with subtree, status and mobility filters, and hides the rest from node(id)', async () => {
    const inB = await createMember(server, w.tokens.adminB, w.org.B1a, { name: '李城中' });
    const all = await server.data(MembersDocument, { first: 100 }, { token: w.tokens.adminA });
    expect(all.members.edges.map((e) => e.node.id)).not.toContain(inB.id);
    const within = await server.data(
      MembersDocument,
      { first: 100, filter: { withinId: w.org.A1b } },
      { token: w.tokens.department },
    );
    expect(within.members.edges.every((e) => e.node.formalOrganization.id === w.org.A1b)).toBe(true);
    const ofB = await server.data(
      MembersDocument,
      { filter: { withinId: w.org.B } },
      { token: w.tokens.adminA },
    );
    expect(ofB.members.totalCount).toBe(0);
    const probationary = await server.data(
      MembersDocument,
      { filter: { status: 'PROBATIONARY' } },
      { token: w.tokens.department },
    );
    expect(probationary.members.edges.every((e) => e.node.status === 'PROBATIONARY')).toBe(true);

    const mobile = await createMember(server, w.tokens.adminA, w.org.A1b, { name: '赵半年' });
    await registerOutflow(server, w.tokens.adminA, mobile.id, { departedOn: '2024-05-01' }); // mobile from 2024-11-01
    const notYet = await createMember(server, w.tokens.adminA, w.org.A1b, { name: '钱未满' });
    await registerOutflow(server, w.tokens.adminA, notYet.id, { departedOn: '2024-05-02' });
    const mobileOnes = await server.data(
      MembersDocument,
      { first: 100, filter: { mobileOnly: true } },
      { token: w.tokens.adminA },
    );
    const names = mobileOnes.members.edges.map((e) => e.node.name);
    expect(names).toContain('赵半年');
    expect(names).not.toContain('钱未满');
    const others = await server.data(
      MembersDocument,
      { first: 100, filter: { mobileOnly: false } },
      { token: w.tokens.adminA },
    );
    expect(others.members.edges.map((e) => e.node.name)).toContain('钱未满');

    expect(
      (await server.data(PartyNodeDocument, { id: inB.id }, { token: w.tokens.adminA })).node,
    ).toBeNull();
    expect(
      (await server.data(PartyNodeDocument, { id: inB.id }, { token: w.tokens.bidder })).node,
    ).toBeNull();
    expect((await server.data(PartyNodeDocument, { id: inB.id }, { token: w.tokens.adminB })).node).toEqual({
      __typename: 'PartyMember',
      id: inB.id,
    });
    expect((await server.data(MemberDocument, { id: inB.id }, { token: w.tokens.adminA })).member).toBeNull();
    const nested = await server.data(
      OrganizationMembersDocument,
      { id: w.org.B1a },
      { token: w.tokens.adminA },
    );
    expect(nested.organization!.members.totalCount).toBe(0);
  });
});
