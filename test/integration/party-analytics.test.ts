/**
 * Analytics over a subtree as of a day: exact figures on a small world, who may ask, and agreement of the SQL with
 * the pure duty rules over the demo seed plus random data, for every organization and many days — past days
 * (aggregated from duty_record) and today or later (the last-met days cached on the record).
 */
import { ManualClock } from '../../src/common/clock';
import { percent } from '../../src/common/decimal';
import { addDays, shanghaiDate } from '../../src/common/time';
import { dutyCatalog } from '../../src/party/duty/duty.catalog';
import { DutyRecord } from '../../src/party/duty/duty.entity';
import { compliance, isActiveOn, isReportedOn, type ScopedRecord } from '../../src/party/duty/duty.rules';
import { MobilityRecord } from '../../src/party/mobility/mobility.entity';
import { PartyOrganization } from '../../src/party/organization/organization.entity';
import { isWithin } from '../../src/party/organization/organization.rules';
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
  DutyComplianceDocument,
  EndMobilityDocument,
  MobileMemberSummaryDocument,
  MobilityBreakdownDocument,
  RecordDutyDocument,
  RecordOrgLifeDocument,
  type MobilityDimension,
} from '../operations/generated';

describe.each(testDatabases())('party analytics on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-01-11T10:00:00+08:00');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
    const t = w.tokens;
    // r1: A1a → reported to B1a; mobile from 2024-07-10; outflow contact named
    const m1 = await createMember(server, t.adminA, w.org.A1a);
    const r1 = await registerOutflow(server, t.adminA, m1.id, {
      departedOn: '2024-01-10',
      destinationRegionCode: '630103',
    });
    clock.set('2024-01-20T10:00:00+08:00');
    await reportToInflow(server, w.memberToken(m1.id), r1.id, w.org.B1a);
    await server.data(
      AssignContactDocument,
      { input: { mobilityRecordId: r1.id, side: 'OUTFLOW', name: '甲', phone: '13900000001' } },
      { token: t.adminA },
    );
    // r4: B1a → reported to A1a
    clock.set('2024-03-02T10:00:00+08:00');
    const m4 = await createMember(server, t.adminB, w.org.B1a);
    const r4 = await registerOutflow(server, t.adminB, m4.id, {
      departedOn: '2024-03-01',
      reason: 'STUDY',
      destinationRegionCode: '630102',
    });
    await reportToInflow(server, w.memberToken(m4.id), r4.id, w.org.A1a, 'UNIT_ORGANIZATION');
    // r3: A1b, May → returned 1 October
    clock.set('2024-05-02T10:00:00+08:00');
    const m3 = await createMember(server, t.adminA, w.org.A1b);
    const r3 = await registerOutflow(server, t.adminA, m3.id, {
      departedOn: '2024-05-01',
      reason: 'RESIDENCE',
      destinationRegionCode: '110105',
    });
    clock.set('2024-10-01T10:00:00+08:00');
    await server.data(
      EndMobilityDocument,
      { input: { mobilityRecordId: r3.id, endedOn: '2024-10-01', reason: 'RETURNED' } },
      { token: t.adminA },
    );
    // r2: A1a, September, not reported
    clock.set('2024-09-02T10:00:00+08:00');
    const m2 = await createMember(server, t.adminA, w.org.A1a);
    const r2 = await registerOutflow(server, t.adminA, m2.id, {
      departedOn: '2024-09-01',
      destinationRegionCode: '440300',
    });
    Object.assign(ids, { r1: r1.id, r2: r2.id, r3: r3.id, r4: r4.id });
    clock.set('2024-11-01T10:00:00+08:00');
  });
  afterAll(() => server?.close());

  const summary = async (scopeId: string, asOf?: string, token = w.tokens.analyst) =>
    (await server.data(MobileMemberSummaryDocument, { scopeId, asOf }, { token })).mobileMemberSummary;

  it('summarizes a subtree as of a day', async () => {
    expect(await summary(w.org.A)).toEqual({
      scope: { id: w.org.A },
      asOf: '2024-11-01',
      outflowActive: 2,
      inflowActive: 1,
      mobileMembers: 1,
      unreported: 1,
      reportedRatePercent: '50.00',
      contactAssignedRatePercent: '50.00',
      withOverdueDuties: 3, // r1 and r2 for their outflow and member duties, r4 for its inflow duties in A
    });
    // r1 has both sides in the city: once in outflow, once in inflow figures
    expect(await summary(w.org.C)).toMatchObject({
      outflowActive: 3,
      inflowActive: 2,
      mobileMembers: 2,
      unreported: 1,
    });
    expect(await summary(w.org.B)).toMatchObject({
      outflowActive: 1,
      inflowActive: 1,
      mobileMembers: 1,
      unreported: 0,
    });
    // back in time: r3 was away in September; r2 not yet registered; r1 reported only from 20 January
    expect(await summary(w.org.A, '2024-09-01')).toMatchObject({
      outflowActive: 2,
      unreported: 1,
      mobileMembers: 1,
    });
    expect(await summary(w.org.A, '2024-01-15')).toMatchObject({
      outflowActive: 1,
      unreported: 1,
      inflowActive: 0,
    });
    expect(await summary(w.org.B, '2024-01-15')).toMatchObject({ outflowActive: 0, inflowActive: 0 });
    expect(await summary(w.org.A, '2023-12-31')).toMatchObject({
      outflowActive: 0,
      reportedRatePercent: '0.00',
      contactAssignedRatePercent: '0.00',
    });
    expect(await summary(w.org.A1b)).toMatchObject({ outflowActive: 0 });
  });

  it('breaks the active records down by every dimension', async () => {
    const by = async (dimension: MobilityDimension, scopeId = w.org.A, asOf?: string) =>
      (
        await server.data(
          MobilityBreakdownDocument,
          { scopeId, by: dimension, asOf },
          { token: w.tokens.analyst },
        )
      ).mobilityBreakdown;
    expect(await by('DESTINATION_REGION')).toEqual([
      { key: '440300', label: '广东省深圳市', count: 1 },
      { key: '630103', label: '城中区', count: 1 },
    ]);
    expect(await by('OUTFLOW_ORGANIZATION')).toEqual([
      { key: w.org.A1a, label: '南小街社区党支部', count: 2 },
    ]);
    expect(await by('INFLOW_ORGANIZATION')).toEqual([
      { key: w.org.A1a, label: '南小街社区党支部', count: 1 },
    ]);
    expect(await by('INFLOW_ORGANIZATION', w.org.B)).toEqual([
      { key: w.org.B1a, label: '建设巷社区党支部', count: 1 },
    ]);
    expect(await by('REASON')).toEqual([
      { key: 'WORK', label: '工作单位变化', count: 2 },
      { key: 'RESIDENCE', label: '居住地变化', count: 0 },
      { key: 'STUDY', label: '学习单位变化', count: 0 },
    ]);
    expect(await by('REASON', w.org.A, '2024-09-15')).toContainEqual({
      key: 'RESIDENCE',
      label: '居住地变化',
      count: 1,
    });
    expect(await by('DEPARTURE_MONTH')).toEqual([
      { key: '2024-01', label: '2024年01月', count: 1 },
      { key: '2024-09', label: '2024年09月', count: 1 },
    ]);
    expect(await by('STATUS')).toEqual([
      { key: 'REGISTERED', label: '已登记，未报到', count: 1 },
      { key: 'REPORTED', label: '已报到', count: 1 },
    ]);
    expect(await by('STATUS', w.org.A, '2024-01-15')).toEqual([
      { key: 'REGISTERED', label: '已登记，未报到', count: 1 },
      { key: 'REPORTED', label: '已报到', count: 0 },
    ]);
  });

  it('reports compliance per duty with the holder in scope', async () => {
    const rows = (
      await server.data(DutyComplianceDocument, { scopeId: w.org.A }, { token: w.tokens.analyst })
    ).dutyCompliance;
    expect(rows).toHaveLength(18);
    const row = (code: string) => rows.find((r) => r.duty.code === code)!;
    expect(row('OUTFLOW_1')).toMatchObject({
      applicable: 2,
      fulfilled: 2,
      overdue: 0,
      compliancePercent: '100.00',
    });
    // r1: contact named but never contacted since January; r2: no contact and 61 days since registration
    expect(row('OUTFLOW_2')).toMatchObject({
      applicable: 2,
      fulfilled: 0,
      overdue: 1,
      compliancePercent: '50.00',
    });
    expect(row('MEMBER_2')).toMatchObject({ applicable: 2, fulfilled: 1, overdue: 1 });
    expect(row('INFLOW_1')).toMatchObject({ applicable: 1, fulfilled: 1 }); // r4 came into A
    expect(row('INFLOW_3')).toMatchObject({ applicable: 1, overdue: 1 });
    expect(row('OUTFLOW_3')).toMatchObject({ applicable: 0, compliancePercent: '0.00' });
  });

  it('serves analytics to ORG_ADMIN, ORG_DEPARTMENT and ANALYST within their scope only', async () => {
    const ask = (token: string | undefined, scopeId: string) =>
      server.request(MobileMemberSummaryDocument, { scopeId }, token ? { token } : {});
    for (const token of [w.tokens.adminA, w.tokens.departmentA, w.tokens.analystA, w.tokens.department]) {
      expect(codes(await ask(token, w.org.A1))).toEqual([]);
    }
    expect(codes(await ask(w.tokens.analystA, w.org.B))).toEqual(['NOT_FOUND']);
    expect(codes(await ask(w.tokens.analystA, w.org.C))).toEqual(['NOT_FOUND']); // above its scope
    expect(codes(await ask(w.tokens.adminNoScope, w.org.A))).toEqual(['NOT_FOUND']);
    expect(codes(await ask(w.tokens.adminA, '00000000-0000-4000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    expect(codes(await ask(w.memberToken(ids.r1), w.org.A))).toEqual(['FORBIDDEN']);
    expect(codes(await ask(w.tokens.bidder, w.org.A))).toEqual(['FORBIDDEN']);
    expect(codes(await ask(undefined, w.org.A))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(await server.request(DutyComplianceDocument, { scopeId: w.org.B }, { token: w.tokens.adminA })),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await server.request(
          MobilityBreakdownDocument,
          { scopeId: w.org.B, by: 'REASON' },
          { token: w.tokens.analystA },
        ),
      ),
    ).toEqual(['NOT_FOUND']);
  });
});

/** Random but reproducible choices. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(testDatabases())('analytics SQL agrees with the pure duty rules on %s', (db) => {
  it('for every organization of the demo seed plus random records, on many days', async () => {
    const clock = new ManualClock('2024-11-01T10:00:00+08:00');
    const server = await startTestServer({ db, clock, config: { dutyDays: { INFLOW_3: 45, MEMBER_2: 20 } } });
    try {
      const w = await buildPartyWorld(server);
      const random = prng(20241101);
      const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
      const branches = [w.org.A1a, w.org.A1b, w.org.B1a];
      const adminOf = (branch: string) => (branch === w.org.B1a ? w.tokens.adminB : w.tokens.adminA);
      const start = Date.parse('2023-06-01T10:00:00+08:00');
      for (let i = 0; i < 24; i++) {
        const registeredAt = start + Math.floor(random() * 480) * 86_400_000;
        clock.set(new Date(registeredAt));
        const branch = pick(branches);
        const m = await createMember(server, adminOf(branch), branch, {
          status: random() < 0.2 ? 'PROBATIONARY' : 'FULL',
          joinedAt: shanghaiDate(new Date(registeredAt - 200 * 86_400_000)),
        });
        const departedOn = addDays(shanghaiDate(clock.now()), -Math.floor(random() * 40));
        const r = await registerOutflow(server, adminOf(branch), m.id, {
          departedOn,
          reportedBeforeLeaving: random() < 0.7,
        });
        let t = registeredAt;
        const later = (maxDays: number) => {
          t += Math.floor(1 + random() * maxDays) * 86_400_000;
          clock.set(new Date(Math.min(t, Date.parse('2024-11-01T10:00:00+08:00'))));
        };
        if (random() < 0.7) {
          later(60);
          const inflow = pick(branches.filter((b) => b !== branch));
          await reportToInflow(server, w.memberToken(m.id), r.id, inflow);
          if (random() < 0.6) {
            await server.data(
              AssignContactDocument,
              { input: { mobilityRecordId: r.id, side: 'INFLOW', name: '乙', phone: '13900000002' } },
              { token: adminOf(inflow) },
            );
          }
          for (let k = Math.floor(random() * 4); k > 0; k--) {
            later(50);
            await server.data(
              RecordOrgLifeDocument,
              {
                input: {
                  organizationId: inflow,
                  type: random() < 0.4 ? 'ONLINE_STUDY' : 'THEME_DAY',
                  topic: '组织生活',
                  heldAt: clock.now().toISOString(),
                  online: false,
                  attendeeIds: [m.id],
                },
              },
              { token: adminOf(inflow) },
            );
            if (random() < 0.5) {
              await server.data(
                RecordDutyDocument,
                { input: { dutyCode: pick(['INFLOW_2', 'INFLOW_6']), mobilityRecordId: r.id } },
                {
                  token: adminOf(inflow),
                },
              );
            }
          }
        }
        if (random() < 0.5) {
          await server.data(
            AssignContactDocument,
            { input: { mobilityRecordId: r.id, side: 'OUTFLOW', name: '甲', phone: '13900000001' } },
            { token: adminOf(branch) },
          );
        }
        for (let k = Math.floor(random() * 5); k > 0; k--) {
          later(80);
          const code = pick([
            'OUTFLOW_2',
            'OUTFLOW_4',
            'OUTFLOW_5',
            'OUTFLOW_6',
            'OUTFLOW_7',
            'MEMBER_3',
            'MEMBER_4',
            'MEMBER_5',
          ]);
          if (code === 'OUTFLOW_6') {
            // a recommendation; CONFLICT when the year already has one is fine
            const answer = await server.request(
              `mutation($id: ID!) { recommendCommendation(input: { mobilityRecordId: $id, reason: "表现突出" }) { id } }`,
              { id: r.id },
              { token: adminOf(branch) },
            );
            expect(codes(answer).filter((c) => c !== 'CONFLICT' && c !== 'NOT_MOBILE_ELIGIBLE')).toEqual([]);
            continue;
          }
          await server.data(
            RecordDutyDocument,
            { input: { dutyCode: code, mobilityRecordId: r.id } },
            { token: code.startsWith('MEMBER') ? w.memberToken(m.id) : adminOf(branch) },
          );
        }
        if (m.status === 'PROBATIONARY' && m.probationEndsAt && random() < 0.8) {
          // a probation decision on or after the end (CONVERT or EXTEND), or an early EXTEND
          later(200);
          const day = shanghaiDate(clock.now());
          const outcome = day >= m.probationEndsAt && random() < 0.5 ? 'CONVERT' : 'EXTEND';
          const answer = await server.request(
            `mutation($input: DecideProbationInput!) { decideProbation(input: $input) { id } }`,
            {
              input: {
                memberId: m.id,
                outcome,
                meetingOn: day,
                ...(outcome === 'EXTEND' ? { reason: '需继续考察', extensionMonths: 6 } : {}),
              },
            },
            { token: adminOf(branch) },
          );
          expect(codes(answer)).toEqual([]);
        }
        if (random() < 0.2) {
          later(100);
          await server.data(
            EndMobilityDocument,
            { input: { mobilityRecordId: r.id, endedOn: shanghaiDate(clock.now()), reason: 'RETURNED' } },
            { token: adminOf(branch) },
          );
        }
      }
      clock.set('2024-11-01T10:00:00+08:00');

      const em = server.app.orm.em.fork();
      const records = await em.find(MobilityRecord, {});
      const events = await em.find(DutyRecord, {});
      const organizations = await em.find(PartyOrganization, {});
      const catalog = dutyCatalog(server.app.config.dutyDays);
      expect(records.length).toBeGreaterThan(30);
      expect(events.length).toBeGreaterThan(100);

      const days = [
        '2023-06-15',
        '2023-09-30',
        '2024-01-01',
        '2024-02-29',
        '2024-05-20',
        '2024-08-31',
        '2024-11-01',
        '2025-01-01',
      ];
      let compared = 0;
      const totals = { fulfilled: 0, overdue: 0, pending: 0 };
      for (const org of organizations) {
        for (const day of days) {
          const scoped: ScopedRecord[] = records.map((r) => ({
            registeredOn: r.registeredOn,
            departedOn: r.departedOn,
            reportedOn: r.reportedOn ?? null,
            endedOn: r.endedOn ?? null,
            probationEndsOn: r.probationEndsOn ?? null,
            probationExtendedOn: r.probationExtendedOn ?? null,
            mobileFrom: r.mobileFrom,
            outflowContactSince: r.outflowContactSince ?? null,
            inflowContactSince: r.inflowContactSince ?? null,
            outflowInScope: isWithin(r.outflowPath, org.path),
            inflowInScope:
              isReportedOn({ reportedOn: r.reportedOn ?? null }, day) && isWithin(r.inflowPath, org.path),
            events: events.filter((e) => e.mobilityRecord.id === r.id),
          }));
          const expected = compliance(catalog, scoped, day);
          const sql = (
            await server.data(
              DutyComplianceDocument,
              { scopeId: org.id, asOf: day },
              { token: w.tokens.analyst },
            )
          ).dutyCompliance;
          expect(
            sql.map((row) => [
              row.duty.code,
              row.applicable,
              row.fulfilled,
              row.late,
              row.overdue,
              row.compliancePercent,
            ]),
          ).toEqual(
            expected.rows.map((row) => [
              row.code,
              row.applicable,
              row.fulfilled,
              row.late,
              row.overdue,
              row.compliancePercent,
            ]),
          );
          const active = scoped.filter((r) => isActiveOn(r, day));
          const outflow = active.filter((r) => r.outflowInScope);
          const unreported = outflow.filter((r) => !isReportedOn(r, day)).length;
          const s = (
            await server.data(
              MobileMemberSummaryDocument,
              { scopeId: org.id, asOf: day },
              { token: w.tokens.analyst },
            )
          ).mobileMemberSummary;
          expect(s).toMatchObject({
            outflowActive: outflow.length,
            inflowActive: active.filter((r) => r.inflowInScope).length,
            unreported,
            reportedRatePercent: percent(outflow.length - unreported, outflow.length),
            withOverdueDuties: expected.withOverdueDuties,
          });
          compared++;
          for (const row of expected.rows) {
            totals.fulfilled += row.fulfilled;
            totals.overdue += row.overdue;
            totals.pending += row.applicable - row.fulfilled - row.overdue;
          }
        }
      }
      expect(compared).toBe(organizations.length * days.length);
      // the comparison covered every state, not just empty scopes
      expect(totals.fulfilled).toBeGreaterThan(100);
      expect(totals.overdue).toBeGreaterThan(100);
      expect(totals.pending).toBeGreaterThan(100);
    } finally {
      await server.close();
    }
  });
});
