/** The duty catalogue over HTTP, who may record which duty, and overdue duties as the clock moves. */
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
  DutyCatalogDocument,
  MobilityRecordDocument,
  PartyNodeDocument,
  RecordDutyDocument,
} from '../operations/generated';

describe.each(testDatabases())('party duties on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock, config: { dutyDays: { OUTFLOW_2: 60 } } });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  it('publishes the 18 duties in Chinese with this deployment’s cadences', async () => {
    const { dutyCatalog } = await server.data(DutyCatalogDocument);
    expect(dutyCatalog).toHaveLength(18);
    expect(dutyCatalog.map((d) => d.holder).filter((h) => h === 'OUTFLOW_ORGANIZATION')).toHaveLength(7);
    expect(dutyCatalog.map((d) => d.holder).filter((h) => h === 'INFLOW_ORGANIZATION')).toHaveLength(6);
    expect(dutyCatalog.map((d) => d.holder).filter((h) => h === 'MEMBER')).toHaveLength(5);
    const byCode = Object.fromEntries(dutyCatalog.map((d) => [d.code, d]));
    expect(byCode.OUTFLOW_2).toMatchObject({ cadenceDays: 60, appliesFrom: 'REGISTRATION' }); // configured
    expect(byCode.INFLOW_3).toMatchObject({ cadenceDays: 30, appliesFrom: 'REPORT' });
    expect(byCode.MEMBER_2).toMatchObject({ cadenceDays: null, dueWithinDays: 30, appliesFrom: 'DEPARTURE' });
    expect(byCode.OUTFLOW_6).toMatchObject({ cadenceDays: null, neverOverdue: false, dueEachYear: true });
    expect(byCode.OUTFLOW_1).toMatchObject({
      dueWithinDays: 30,
      appliesFrom: 'DEPARTURE',
      lateAfterDue: true,
    });
    expect(byCode.OUTFLOW_1.title).toBe('及时掌握党员外出流动情况');
  });

  it('lets only the holder record a duty: outflow side, inflow side, or the member itself', async () => {
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-10-20' });
    const record = (dutyCode: string, token: string, extra: Record<string, unknown> = {}) =>
      server.request(
        RecordDutyDocument,
        { input: { dutyCode, mobilityRecordId: r.id, ...extra } },
        { token },
      );
    const me = w.memberToken(m.id);

    expect(codes(await record('OUTFLOW_2', w.tokens.adminB))).toEqual(['FORBIDDEN']);
    expect(codes(await record('OUTFLOW_2', me))).toEqual(['FORBIDDEN']);
    expect(codes(await record('OUTFLOW_2', w.tokens.analyst))).toEqual(['FORBIDDEN']);
    expect(codes(await record('INFLOW_2', w.tokens.adminB))).toEqual(['FORBIDDEN']); // no inflow side yet
    expect(codes(await record('MEMBER_3', w.tokens.adminA))).toEqual(['FORBIDDEN']);
    expect(codes(await record('MEMBER_3', w.memberToken('00000000-0000-4000-8000-000000000003')))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await record('NOPE_1', w.tokens.adminA))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await record('OUTFLOW_2', w.tokens.adminA, { performedAt: '2024-11-02T10:00:00+08:00' })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await record('MEMBER_1', me, { performedAt: '2024-10-25T10:00:00+08:00' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(
        await server.request(RecordDutyDocument, {
          input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: r.id },
        }),
      ),
    ).toEqual(['UNAUTHENTICATED']);

    const outflow = await server.data(
      RecordDutyDocument,
      { input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: r.id, note: '电话联系' } },
      {
        token: w.tokens.adminA1,
      },
    );
    expect(outflow.recordDuty).toMatchObject({
      duty: { code: 'OUTFLOW_2', holder: 'OUTFLOW_ORGANIZATION' },
      organization: { id: w.org.A1a },
      source: 'RECORDED',
      note: '电话联系',
    });
    const mine = await server.data(
      RecordDutyDocument,
      { input: { dutyCode: 'MEMBER_3', mobilityRecordId: r.id } },
      { token: me },
    );
    expect(mine.recordDuty.organization).toBeNull();

    await reportToInflow(server, me, r.id, w.org.B1a);
    expect(codes(await record('INFLOW_2', w.tokens.adminA))).toEqual(['FORBIDDEN']);
    const inflow = await server.data(
      RecordDutyDocument,
      { input: { dutyCode: 'INFLOW_6', mobilityRecordId: r.id } },
      {
        token: w.tokens.adminB,
      },
    );
    expect(inflow.recordDuty.organization).toEqual({ id: w.org.B1a });
    expect(
      (await server.data(PartyNodeDocument, { id: inflow.recordDuty.id }, { token: w.tokens.adminB })).node,
    ).toEqual({
      __typename: 'DutyRecord',
      id: inflow.recordDuty.id,
    });
    expect(
      (await server.data(PartyNodeDocument, { id: inflow.recordDuty.id }, { token: w.tokens.analystB })).node,
    ).not.toBeNull();
    expect(
      (await server.data(PartyNodeDocument, { id: outflow.recordDuty.id }, { token: w.memberToken(w.org.A) }))
        .node,
    ).toBeNull();
  });

  it('derives overdue duties and lastContactAt from the records and the clock', async () => {
    clock.set('2024-11-01T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1b);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-11-01' });
    const overdue = async () =>
      (
        await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.adminA })
      ).mobilityRecord!.overdueDuties.map((d) => d.code);
    expect(await overdue()).toEqual([]);
    clock.set('2024-12-01T10:00:00+08:00'); // day 30: the report is still within 30 days of departure
    expect(await overdue()).toEqual([]);
    clock.set('2024-12-02T10:00:00+08:00');
    expect(await overdue()).toEqual(['MEMBER_2']);
    clock.set('2025-01-01T10:00:00+08:00'); // 61 days: the configured 60-day OUTFLOW_2 has lapsed (no contact named)
    expect(await overdue()).toEqual(['OUTFLOW_2', 'MEMBER_2']);
    await server.data(
      AssignContactDocument,
      { input: { mobilityRecordId: r.id, side: 'OUTFLOW', name: '联系人', phone: '13900001111' } },
      { token: w.tokens.adminA },
    );
    await server.data(
      RecordDutyDocument,
      { input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: r.id } },
      { token: w.tokens.adminA },
    );
    expect(await overdue()).toEqual(['MEMBER_2']);
    clock.set('2025-02-01T10:00:00+08:00'); // 92 days after departure: MEMBER_3 and OUTFLOW_4 lapse too
    expect(await overdue()).toEqual(['OUTFLOW_4', 'MEMBER_2', 'MEMBER_3']);
    const details = (await server.data(MobilityRecordDocument, { id: r.id }, { token: w.tokens.adminA }))
      .mobilityRecord!;
    expect(details.lastContactAt).toBe('2025-01-01T10:00:00.000+08:00');
  });
});
