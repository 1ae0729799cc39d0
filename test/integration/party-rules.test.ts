/**
 * The party's general rules as they bear on mobile members (DOMAIN.md §2.6a), over GraphQL: probation decisions
 * (CONVERT from the day probation ends, EXTEND once by 6–12 months, CANCEL), OUTFLOW_1 measured from the
 * departure, commendations (recommend → decide, OUTFLOW_6 due each year), the inflow organization's region, and
 * an analytics budget that fits a dashboard. Every refusal carries its code and changes nothing.
 */
import { ManualClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config';
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { codes, startTestServer, type TestServer } from '../helpers/server';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DECIDE = `mutation($input: DecideProbationInput!) {
  decideProbation(input: $input) { id outcome meetingOn probationEndsAt newProbationEndsAt reason inflowOpinion
    organization { id } member { id status probationEndsAt probationExtendedOn } } }`;
const MEMBER = `query($id: ID!) { member(id: $id) { id status probationEndsAt probationExtendedOn
  probationDecisions { outcome meetingOn } } }`;
const RECORD = `query($id: ID!) { mobilityRecord(id: $id) { id status endedOn inflowRegionOverrideReason
  inflowOrganization { id } overdueDuties { code } dutyRecords { duty { code } source }
  commendations { id kind year status } } }`;
const COMPLIANCE = `query($scopeId: ID!, $asOf: Date) { dutyCompliance(scopeId: $scopeId, asOf: $asOf) {
  duty { code } applicable fulfilled late overdue compliancePercent } }`;
const RECOMMEND = `mutation($input: RecommendCommendationInput!) { recommendCommendation(input: $input) {
  id kind year status recordedOn organization { id } } }`;
const DECIDE_COMMENDATION = `mutation($input: DecideCommendationInput!) { decideCommendation(input: $input) {
  id status decidedOn decisionNote decidingOrganization { id } } }`;
const NONE = `mutation($input: DeclareNoCommendationInput!) { declareNoCommendation(input: $input) {
  id kind year status recordedOn } }`;
const REPORT = `mutation($input: ReportToInflowInput!) { reportToInflow(input: $input) {
  id status inflowRegionOverrideReason inflowOrganization { id } } }`;

describe.each(testDatabases())('party rules of §2.6a on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');
  const ask = (query: string, variables: Record<string, unknown>, token: string) =>
    server.request<any>(query, variables, { token });
  const data = (query: string, variables: Record<string, unknown>, token: string) =>
    server.data<any>(query, variables, { token });

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());
  afterEach(() => clock.set('2024-11-01T10:00:00+08:00'));

  describe('probation decisions', () => {
    it('converts only from the day probation ends; the outflow branch decides, not the inflow side', async () => {
      // probation ends 2025-02-08; the member is mobile and reported to 城中区
      const m = await createMember(server, w.tokens.adminA, w.org.A1a, {
        status: 'PROBATIONARY',
        joinedAt: '2024-02-08',
      });
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-10-01' });
      await reportToInflow(server, w.memberToken(m.id), r.id, w.org.B1a);
      const convert = (meetingOn: string, token = w.tokens.adminA) =>
        ask(DECIDE, { input: { memberId: m.id, outcome: 'CONVERT', meetingOn } }, token);

      expect(codes(await convert('2024-11-01'))).toEqual(['BAD_USER_INPUT']); // the case: too early
      clock.set('2025-02-08T09:00:00+08:00');
      expect(codes(await convert('2025-02-07'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await convert('2025-02-09'))).toEqual(['BAD_USER_INPUT']); // in the future
      expect(codes(await convert('2025-02-08', w.tokens.adminB))).toEqual(['FORBIDDEN']); // the inflow side
      expect(codes(await convert('2025-02-08', w.tokens.analystA))).toEqual(['FORBIDDEN']);
      expect(codes(await convert('2025-02-08', w.memberToken(m.id)))).toEqual(['FORBIDDEN']);
      expect((await data(MEMBER, { id: m.id }, w.tokens.adminA)).member).toMatchObject({
        status: 'PROBATIONARY',
        probationDecisions: [],
      });

      const decided = (
        await data(
          DECIDE,
          {
            input: {
              memberId: m.id,
              outcome: 'CONVERT',
              meetingOn: '2025-02-08',
              inflowOpinion: '流入地党支部同意按期转正',
            },
          },
          w.tokens.adminA,
        )
      ).decideProbation;
      expect(decided).toMatchObject({
        outcome: 'CONVERT',
        probationEndsAt: '2025-02-08',
        inflowOpinion: '流入地党支部同意按期转正',
        organization: { id: w.org.A1a },
        member: { id: m.id, status: 'FULL' },
      });
      const record = (await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord;
      expect(record.dutyRecords).toContainEqual({
        duty: { code: 'OUTFLOW_3' },
        source: 'PROBATION_DECISION',
      });
      expect(record.overdueDuties.map((d: any) => d.code)).not.toContain('OUTFLOW_3');
      expect(codes(await convert('2025-02-08'))).toEqual(['INVALID_TRANSITION']);
    });

    it('extends once by 6 to 12 months with a reason; OUTFLOW_3 falls due again at the new end', async () => {
      const m = await createMember(server, w.tokens.adminA, w.org.A1a, {
        status: 'PROBATIONARY',
        joinedAt: '2023-11-10',
      }); // probation ends 2024-11-10
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-10-20' });
      clock.set('2024-11-12T10:00:00+08:00');
      expect((await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord.overdueDuties).toContainEqual(
        {
          code: 'OUTFLOW_3',
        },
      );
      const extend = (input: Record<string, unknown>) =>
        ask(
          DECIDE,
          { input: { memberId: m.id, outcome: 'EXTEND', meetingOn: '2024-11-12', ...input } },
          w.tokens.adminA,
        );
      expect(codes(await extend({ extensionMonths: 6 }))).toEqual(['BAD_USER_INPUT']); // no reason
      expect(codes(await extend({ extensionMonths: 5, reason: '需继续考察' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await extend({ extensionMonths: 13, reason: '需继续考察' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await extend({ reason: '需继续考察' }))).toEqual(['BAD_USER_INPUT']);
      expect((await data(MEMBER, { id: m.id }, w.tokens.adminA)).member.probationEndsAt).toBe('2024-11-10');

      const extended = (await extend({ extensionMonths: 6, reason: '需继续考察' })).data.decideProbation;
      expect(extended).toMatchObject({
        outcome: 'EXTEND',
        probationEndsAt: '2024-11-10',
        newProbationEndsAt: '2025-05-10',
        reason: '需继续考察',
        member: { probationEndsAt: '2025-05-10', probationExtendedOn: '2024-11-12' },
      });
      expect(codes(await extend({ extensionMonths: 6, reason: '再次延长' }))).toEqual(['INVALID_TRANSITION']);
      const overdue = async () =>
        (await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord.overdueDuties.map(
          (d: any) => d.code,
        );
      expect(await overdue()).not.toContain('OUTFLOW_3');
      clock.set('2025-05-10T10:00:00+08:00');
      expect(await overdue()).not.toContain('OUTFLOW_3');
      clock.set('2025-05-11T10:00:00+08:00');
      expect(await overdue()).toContain('OUTFLOW_3'); // due again
      const compliance = (await data(COMPLIANCE, { scopeId: w.org.A1a }, w.tokens.adminA)).dutyCompliance;
      expect(compliance.find((c: any) => c.duty.code === 'OUTFLOW_3').overdue).toBeGreaterThanOrEqual(1);
      await data(
        DECIDE,
        { input: { memberId: m.id, outcome: 'CONVERT', meetingOn: '2025-05-11' } },
        w.tokens.adminA,
      );
      expect(await overdue()).not.toContain('OUTFLOW_3');
      expect((await data(MEMBER, { id: m.id }, w.tokens.adminA)).member.probationDecisions).toEqual([
        { outcome: 'EXTEND', meetingOn: '2024-11-12' },
        { outcome: 'CONVERT', meetingOn: '2025-05-11' },
      ]);
    });

    it('cancels with a reason, ending the member’s mobility record', async () => {
      const m = await createMember(server, w.tokens.adminA, w.org.A1a, {
        status: 'PROBATIONARY',
        joinedAt: '2024-03-01',
      });
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-09-01' });
      const cancel = (reason?: string) =>
        ask(
          DECIDE,
          { input: { memberId: m.id, outcome: 'CANCEL', meetingOn: '2024-11-01', reason } },
          w.tokens.adminA,
        );
      expect(codes(await cancel())).toEqual(['BAD_USER_INPUT']);
      expect(codes(await cancel('   '))).toEqual(['BAD_USER_INPUT']);
      expect((await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord.status).toBe('REGISTERED');
      expect(codes(await cancel('长期不参加组织生活，经教育仍无转变'))).toEqual([]);
      expect((await data(MEMBER, { id: m.id }, w.tokens.adminA)).member.status).toBe('PROBATION_CANCELLED');
      expect((await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord).toMatchObject({
        status: 'ENDED',
        endedOn: '2024-11-01',
      });
      expect(codes(await cancel('再次'))).toEqual(['INVALID_TRANSITION']);
    });
  });

  it('measures OUTFLOW_1 from the departure: a registration 200 days later is met late', async () => {
    const scope = w.org.A1b;
    const late = await createMember(server, w.tokens.adminA, scope);
    const onTime = await createMember(server, w.tokens.adminA, scope);
    await registerOutflow(server, w.tokens.adminA, late.id, { departedOn: '2024-04-15' }); // 200 days
    await registerOutflow(server, w.tokens.adminA, onTime.id, { departedOn: '2024-10-02' }); // 30 days
    const row = (await data(COMPLIANCE, { scopeId: scope }, w.tokens.analyst)).dutyCompliance.find(
      (c: any) => c.duty.code === 'OUTFLOW_1',
    );
    expect(row).toMatchObject({
      applicable: 2,
      fulfilled: 2,
      late: 1,
      overdue: 0,
      compliancePercent: '50.00',
    });
    expect(
      codes(
        await ask(
          `mutation($input: RecordDutyInput!) { recordDuty(input: $input) { id } }`,
          {
            input: {
              dutyCode: 'OUTFLOW_1',
              mobilityRecordId: (
                await registerOutflow(
                  server,
                  w.tokens.adminA,
                  (await createMember(server, w.tokens.adminA, scope)).id,
                )
              ).id,
            },
          },
          w.tokens.adminA,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']); // met by the registration only
  });

  describe('commendations', () => {
    it('recommend → decide by a committee above the branch; OUTFLOW_6 is due by 31 December each mobile year', async () => {
      const m = await createMember(server, w.tokens.adminA, w.org.A1a);
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-01-10' });
      const overdue = async () =>
        (await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord.overdueDuties.map(
          (d: any) => d.code,
        );
      expect(await overdue()).not.toContain('OUTFLOW_6'); // mobile since July, due by 31 December
      clock.set('2025-01-01T10:00:00+08:00');
      expect(await overdue()).toContain('OUTFLOW_6'); // 2024 passed with nothing
      const row = async () =>
        (await data(COMPLIANCE, { scopeId: w.org.A1a }, w.tokens.analyst)).dutyCompliance.find(
          (c: any) => c.duty.code === 'OUTFLOW_6',
        );
      expect((await row()).overdue).toBeGreaterThanOrEqual(1);

      const recommend = (input: Record<string, unknown>, token = w.tokens.adminA) =>
        ask(RECOMMEND, { input: { mobilityRecordId: r.id, ...input } }, token);
      expect(codes(await recommend({ reason: '' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await recommend({ reason: '表现突出' }, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(codes(await recommend({ reason: '表现突出' }, w.memberToken(m.id)))).toEqual(['FORBIDDEN']);
      expect(codes(await recommend({ reason: '表现突出', recommendedOn: '2025-01-02' }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(await overdue()).toContain('OUTFLOW_6');

      const c = (await recommend({ reason: '在深圳务工期间见义勇为' })).data.recommendCommendation;
      expect(c).toMatchObject({
        kind: 'RECOMMENDATION',
        year: 2025,
        status: 'PENDING',
        organization: { id: w.org.A1a },
      });
      expect(await overdue()).not.toContain('OUTFLOW_6');

      const decide = (input: Record<string, unknown>, token = w.tokens.adminA) =>
        ask(DECIDE_COMMENDATION, { input: { commendationId: c.id, approved: true, ...input } }, token);
      expect(codes(await decide({ decidingOrganizationId: w.org.A1a }))).toEqual(['BAD_USER_INPUT']); // the branch itself
      expect(codes(await decide({ decidingOrganizationId: w.org.B }, w.tokens.adminB))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(codes(await decide({ decidingOrganizationId: w.org.A }, w.tokens.adminB))).toEqual([
        'FORBIDDEN',
      ]);
      expect(codes(await decide({ decidingOrganizationId: w.org.A }, w.tokens.adminA1))).toEqual([
        'FORBIDDEN',
      ]);
      expect(codes(await decide({ decidingOrganizationId: w.org.A }, w.tokens.analystA))).toEqual([
        'FORBIDDEN',
      ]);
      const pending = await data(
        `{ commendations(status: PENDING) { totalCount edges { node { id } } } }`,
        {},
        w.tokens.adminA,
      );
      expect(pending.commendations.edges).toContainEqual({ node: { id: c.id } });
      const decided = (await decide({ decidingOrganizationId: w.org.A, note: '同意表彰' })).data
        .decideCommendation;
      expect(decided).toMatchObject({
        status: 'APPROVED',
        decidedOn: '2025-01-01',
        decisionNote: '同意表彰',
        decidingOrganization: { id: w.org.A },
      });
      expect(codes(await decide({ decidingOrganizationId: w.org.A, approved: false }))).toEqual([
        'INVALID_TRANSITION',
      ]);
      // a "none this year" for 2025 clashes with the recommendation
      expect(
        codes(await ask(NONE, { input: { mobilityRecordId: r.id, year: 2025 } }, w.tokens.adminA)),
      ).toEqual(['CONFLICT']);
    });

    it('meets OUTFLOW_6 with an explicit “none this year” record, for this year or last only', async () => {
      const m = await createMember(server, w.tokens.adminA, w.org.A1b);
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-01-10' });
      clock.set('2025-01-05T10:00:00+08:00');
      const none = (year: number, token = w.tokens.adminA) =>
        ask(NONE, { input: { mobilityRecordId: r.id, year, note: '本年度无推荐' } }, token);
      const overdue = async () =>
        (await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord.overdueDuties.map(
          (d: any) => d.code,
        );
      expect(await overdue()).toContain('OUTFLOW_6'); // 2024 owed
      expect(codes(await none(2023))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await none(2026))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await none(2024, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(await overdue()).toContain('OUTFLOW_6');
      const recorded = (await none(2024)).data.declareNoCommendation;
      expect(recorded).toMatchObject({
        kind: 'NONE_THIS_YEAR',
        year: 2024,
        status: null,
        recordedOn: '2024-12-31',
      });
      expect(await overdue()).not.toContain('OUTFLOW_6');
      expect(codes(await none(2024))).toEqual(['CONFLICT']);
      expect(codes(await none(2025))).toEqual([]);
      const record = (await data(RECORD, { id: r.id }, w.tokens.adminA)).mobilityRecord;
      expect(record.commendations.map((c: any) => [c.kind, c.year])).toEqual([
        ['NONE_THIS_YEAR', 2024],
        ['NONE_THIS_YEAR', 2025],
      ]);
    });
  });

  it('lists records reported to one inflow organization for 12 months or more as should-transfer (应转尽转)', async () => {
    const reportedAt = async (departedOn: string, at: string) => {
      const m = await createMember(server, w.tokens.adminB, w.org.B1a);
      const r = await registerOutflow(server, w.tokens.adminB, m.id, { departedOn });
      await data(
        REPORT,
        {
          input: {
            mobilityRecordId: r.id,
            inflowOrganizationId: w.org.A1a,
            inclusionPath: 'COMMUNITY_ORGANIZATION',
            reportedAt: at,
          },
        },
        w.memberToken(m.id),
      );
      return r.id;
    };
    const long = await reportedAt('2023-09-01', '2023-11-01T09:00:00+08:00'); // exactly 12 months
    const short = await reportedAt('2023-09-01', '2023-11-02T09:00:00+08:00'); // a day short
    const unreported = (
      await registerOutflow(
        server,
        w.tokens.adminB,
        (await createMember(server, w.tokens.adminB, w.org.B1a)).id,
        { departedOn: '2023-01-01' },
      )
    ).id;
    const listed = await data(
      `{ mobilityRecords(first: 100, filter: { shouldTransferOnly: true }) { edges { node { id shouldTransfer } } } }`,
      {},
      w.tokens.adminA,
    );
    const ids = listed.mobilityRecords.edges.map((e: any) => e.node.id);
    expect(ids).toContain(long);
    expect(ids).not.toContain(short);
    expect(ids).not.toContain(unreported);
    expect(listed.mobilityRecords.edges.every((e: any) => e.node.shouldTransfer)).toBe(true);
    const one = async (id: string) =>
      (await data(`query($id: ID!) { mobilityRecord(id: $id) { shouldTransfer } }`, { id }, w.tokens.adminB))
        .mobilityRecord.shouldTransfer;
    expect(await one(long)).toBe(true);
    expect(await one(short)).toBe(false);
    clock.set('2024-11-02T10:00:00+08:00');
    expect(await one(short)).toBe(true);
  });

  describe('the inflow organization’s region', () => {
    it('refuses an inflow organization outside the destination unless an administrator gives a reason', async () => {
      const m = await createMember(server, w.tokens.adminB, w.org.B1a);
      const r = await registerOutflow(server, w.tokens.adminB, m.id, { destinationRegionCode: '440300' }); // 深圳
      const report = (token: string, regionOverrideReason?: string) =>
        ask(
          REPORT,
          {
            input: {
              mobilityRecordId: r.id,
              inflowOrganizationId: w.org.A1a, // 城东区 (630102)
              inclusionPath: 'COMMUNITY_ORGANIZATION',
              regionOverrideReason,
            },
          },
          token,
        );
      const refused = await report(w.memberToken(m.id));
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].extensions).toMatchObject({
        field: 'inflowOrganizationId',
        reason: 'REGION_MISMATCH',
      });
      expect(codes(await report(w.tokens.adminA))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await report(w.memberToken(m.id), '实际在西宁务工'))).toEqual(['FORBIDDEN']);
      expect(codes(await report(w.tokens.adminB, '实际在西宁务工'))).toEqual(['FORBIDDEN']); // not the inflow side
      expect((await data(RECORD, { id: r.id }, w.tokens.adminB)).mobilityRecord).toMatchObject({
        status: 'REGISTERED',
        inflowOrganization: null,
        inflowRegionOverrideReason: null,
      });
      const accepted = (await report(w.tokens.adminA, '单位派驻西宁项目部，实际在西宁工作')).data
        .reportToInflow;
      expect(accepted).toMatchObject({
        status: 'REPORTED',
        inflowRegionOverrideReason: '单位派驻西宁项目部，实际在西宁工作',
        inflowOrganization: { id: w.org.A1a },
      });
    });

    it('accepts organizations in the destination, within a city destination, or covering a county one', async () => {
      const cases: [string, string][] = [
        ['630102', w.org.A1a], // same code
        ['630100', w.org.A1a], // within the city
        ['630000', w.org.B1a], // within the province
      ];
      for (const [destinationRegionCode, inflow] of cases) {
        const m = await createMember(server, w.tokens.adminA, w.org.A1b);
        const r = await registerOutflow(server, w.tokens.adminA, m.id, { destinationRegionCode });
        expect(
          codes(
            await ask(
              REPORT,
              {
                input: {
                  mobilityRecordId: r.id,
                  inflowOrganizationId: inflow,
                  inclusionPath: 'COMMUNITY_ORGANIZATION',
                },
              },
              w.memberToken(m.id),
            ),
          ),
        ).toEqual([]);
      }
      // a city-level organization (测试市委, 630100) covers a county destination
      const m = await createMember(server, w.tokens.adminA, w.org.A1b);
      const r = await registerOutflow(server, w.tokens.adminA, m.id, { destinationRegionCode: '630105' });
      expect(
        codes(
          await ask(
            REPORT,
            {
              input: {
                mobilityRecordId: r.id,
                inflowOrganizationId: w.org.C,
                inclusionPath: 'COMMUNITY_ORGANIZATION',
              },
            },
            w.memberToken(m.id),
          ),
        ),
      ).toEqual([]);
    });
  });
});

describe.each(testDatabases())('the analytics budget on %s', (db) => {
  it('lets an organization department refresh an 8-panel dashboard 15 times a minute, not more', async () => {
    const clock = new ManualClock('2024-11-01T10:00:00+08:00');
    const defaults = loadConfig({ JWT_SECRET: 'x'.repeat(32) }).rateLimits;
    expect(defaults.analytics).toEqual({ perSubject: 120, perIp: 240, windowSeconds: 60 });
    const server = await startTestServer({
      db,
      seed: false,
      clock,
      config: { rateLimits: defaults } as never,
    });
    try {
      const w = await buildPartyWorld(server);
      const dashboard = `query($s: ID!) {
        mobileMemberSummary(scopeId: $s) { outflowActive }
        r: mobilityBreakdown(scopeId: $s, by: REASON) { key }
        d: mobilityBreakdown(scopeId: $s, by: DESTINATION_REGION) { key }
        o: mobilityBreakdown(scopeId: $s, by: OUTFLOW_ORGANIZATION) { key }
        i: mobilityBreakdown(scopeId: $s, by: INFLOW_ORGANIZATION) { key }
        m: mobilityBreakdown(scopeId: $s, by: DEPARTURE_MONTH) { key }
        t: mobilityBreakdown(scopeId: $s, by: STATUS) { key }
        dutyCompliance(scopeId: $s) { applicable } }`;
      for (let i = 0; i < 15; i++) {
        clock.set(new Date(Date.parse('2024-11-01T10:00:00+08:00') + i * 3000));
        expect(
          codes(await server.request(dashboard, { s: w.org.A }, { token: w.tokens.departmentA })),
        ).toEqual([]);
      }
      const refused = await server.request(dashboard, { s: w.org.A }, { token: w.tokens.departmentA });
      expect(codes(refused)).toContain('RATE_LIMITED');
    } finally {
      await server.close();
    }
  });
});
