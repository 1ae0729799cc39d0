/**
 * The analytics and the county roll-up as of a past day read each record's last-met days from duty_last_met_day,
 * which a trigger on duty_record keeps: the figures of a past day equal those read on that day, and a duty
 * recorded later for an earlier day (performedAt in the past) counts from that day on — and not before.
 */
import { ManualClock } from '../../src/common/clock';
import { testDatabases } from '../helpers/environment';
import { buildPartyWorld, createMember, registerOutflow, type PartyWorld } from '../helpers/party';
import { startTestServer, type TestServer } from '../helpers/server';
import {
  DutyComplianceDocument,
  MobileMemberSummaryDocument,
  RecordDutyDocument,
} from '../operations/generated';

const ROLLUP = `query($scopeId: ID!, $asOf: Date) { committeeRollup(scopeId: $scopeId, asOf: $asOf) {
  committee { id } outflowActive inflowActive unreported lostContact
  overdueOutflowDuties overdueInflowDuties overdueMemberDuties conversionsDue shouldTransfer } }`;

interface RollupRow {
  committee: { id: string };
  overdueOutflowDuties: number;
}

describe.each(testDatabases())('analytics as of a past day on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-01-10T10:00:00+08:00');

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  /** everything the analytics say about county A as of `asOf` (today when omitted) */
  const figures = async (asOf?: string) => {
    const token = w.tokens.analyst;
    const scopeId = w.org.A;
    const { dutyCompliance } = await server.data(DutyComplianceDocument, { scopeId, asOf }, { token });
    const { mobileMemberSummary } = await server.data(
      MobileMemberSummaryDocument,
      { scopeId, asOf },
      { token },
    );
    const { committeeRollup } = await server.data<{ committeeRollup: RollupRow[] }>(
      ROLLUP,
      { scopeId, asOf },
      { token },
    );
    const { asOf: _day, ...summary } = mobileMemberSummary;
    return { compliance: dutyCompliance, summary, rollup: committeeRollup };
  };
  const recordDuty = (mobilityRecordId: string, dutyCode: string, performedAt?: string) =>
    server.data(
      RecordDutyDocument,
      { input: { dutyCode, mobilityRecordId, ...(performedAt ? { performedAt } : {}) } },
      { token: w.tokens.adminA },
    );
  const row = (f: Awaited<ReturnType<typeof figures>>, code: string) =>
    f.compliance.find((r) => r.duty.code === code)!;
  const overdueOutflow = (f: Awaited<ReturnType<typeof figures>>) =>
    f.rollup.reduce((sum, r) => sum + r.overdueOutflowDuties, 0);

  it('answers a past day as that day did, with back-dated duties counted from their day on', async () => {
    const t = w.tokens.department;
    const r1 = await registerOutflow(server, t, (await createMember(server, t, w.org.A1a)).id, {
      departedOn: '2024-01-05',
    });
    const r2 = await registerOutflow(server, t, (await createMember(server, t, w.org.A1b)).id, {
      departedOn: '2024-01-02',
    });
    clock.set('2024-03-01T10:00:00+08:00');
    await recordDuty(r1.id, 'OUTFLOW_4');

    // 2024-05-01: r2 has had no online study for more than 90 days since its registration
    clock.set('2024-05-01T10:00:00+08:00');
    const onMay1 = await figures();
    expect(row(onMay1, 'OUTFLOW_4')).toMatchObject({ applicable: 2, fulfilled: 1, overdue: 1 });

    // 2024-06-10: a study of 20 May recorded late, another duty today; r1's study of 1 March is now too old
    clock.set('2024-06-10T10:00:00+08:00');
    await recordDuty(r2.id, 'OUTFLOW_4', '2024-05-20T09:00:00+08:00');
    await recordDuty(r1.id, 'OUTFLOW_5');
    const onJune10 = await figures();
    expect(row(onJune10, 'OUTFLOW_4')).toMatchObject({ applicable: 2, fulfilled: 1, overdue: 1 });

    // months later, more duties, and one back-dated to 15 April for r2
    clock.set('2024-09-01T10:00:00+08:00');
    await recordDuty(r1.id, 'OUTFLOW_4');
    await recordDuty(r2.id, 'OUTFLOW_4');
    await recordDuty(r2.id, 'OUTFLOW_4', '2024-04-15T09:00:00+08:00');

    // 10 June reads as it did that day (15 April changes nothing there: 20 May was later)
    expect(await figures('2024-06-10')).toEqual(onJune10);
    // 1 May: r2's study of 15 April now counts, and nothing else moved
    const may1Now = await figures('2024-05-01');
    expect(row(may1Now, 'OUTFLOW_4')).toMatchObject({ applicable: 2, fulfilled: 2, overdue: 0 });
    expect(may1Now.compliance.filter((r) => r.duty.code !== 'OUTFLOW_4')).toEqual(
      onMay1.compliance.filter((r) => r.duty.code !== 'OUTFLOW_4'),
    );
    expect(overdueOutflow(may1Now)).toBe(overdueOutflow(onMay1) - 1);
    // 14 April: before the back-dated study, r2 is overdue as it was on 1 May
    expect(row(await figures('2024-04-14'), 'OUTFLOW_4')).toMatchObject({ fulfilled: 1, overdue: 1 });
  });
});
