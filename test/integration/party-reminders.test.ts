/**
 * 督促 (DOMAIN.md §2.6a): the daily sweep opens reminders for members unreported past 30 days, duties coming due
 * within 7 days and overdue ones, for the organization that holds them; it runs once a day however many
 * instances try; reminders close when the duty is met or the record ends; holders see them as a query and live.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../src/common/clock';
import { runReminderSweep } from '../../src/party';
import { testDatabases } from '../helpers/environment';
import { until } from '../helpers/live';
import {
  buildPartyWorld,
  createMember,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { codes, startTestServer, type TestServer } from '../helpers/server';

/* eslint-disable @typescript-eslint/no-explicit-any */
const REMINDERS = `query($filter: ReminderFilter) { reminders(first: 100, filter: $filter) { totalCount
  edges { node { id kind dutyCode dueOn status openedOn closedOn organization { id } mobilityRecord { id } } } } }`;

describe.each(testDatabases())('party reminders on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');
  const deps = () => ({
    fork: () => server.app.orm.em.fork(),
    clock,
    config: server.app.config,
    publisher: server.app.publisher,
  });
  const list = async (token: string, filter: Record<string, unknown> = {}) =>
    (await server.data<any>(REMINDERS, { filter }, { token })).reminders.edges.map((e: any) => e.node);
  const of = (reminders: any[], recordId: string) =>
    reminders
      .filter((r) => r.mobilityRecord.id === recordId)
      .map((r) => `${r.kind}:${r.dutyCode ?? '-'}:${r.dueOn}`)
      .sort();

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
  });
  afterAll(() => server?.close());

  it('opens the day’s reminders exactly once however many instances run the sweep', async () => {
    const m = await createMember(server, w.tokens.adminA, w.org.A1a);
    const r = await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2024-09-20' }); // 42 days
    const fresh = await createMember(server, w.tokens.adminA, w.org.A1a);
    const f = await registerOutflow(server, w.tokens.adminA, fresh.id, { departedOn: '2024-10-20' }); // 12 days

    // six instances at once: one claims the day, the others skip it
    const results = await Promise.all(Array.from({ length: 6 }, () => runReminderSweep(deps())));
    expect(results.filter((x) => x.ran)).toHaveLength(1);
    expect((await runReminderSweep(deps())).ran).toBe(false); // and again later that day
    const opened = results.find((x) => x.ran)!.opened;

    const mine = await list(w.tokens.adminA);
    expect(mine).toHaveLength(opened);
    expect(of(mine, r.id)).toEqual(['UNREPORTED:-:2024-10-20']);
    expect(of(mine, f.id)).toEqual([]); // not yet 30 days
    expect(mine.every((x: any) => x.status === 'OPEN' && x.openedOn === '2024-11-01')).toBe(true);
    expect(mine.find((x: any) => x.mobilityRecord.id === r.id).organization).toEqual({ id: w.org.A1a });
  });

  it('shows reminders to the staff whose scope holds the organization only', async () => {
    expect(await list(w.tokens.adminA1)).not.toHaveLength(0);
    expect(await list(w.tokens.adminB)).toEqual([]);
    expect(await list(w.tokens.analystB)).toEqual([]);
    expect((await list(w.tokens.department)).length).toBeGreaterThan(0);
    expect((await list(w.tokens.analystA)).length).toBeGreaterThan(0); // read like any list, in scope
    for (const token of [w.tokens.bidder, w.tokens.tradingCenter, w.memberToken(w.org.A1a)]) {
      expect(codes(await server.request(REMINDERS, {}, { token }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await server.request(REMINDERS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('opens due-soon and overdue reminders as days pass, and closes them when met or ended', async () => {
    clock.set('2024-11-01T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminB, w.org.B1a);
    const r = await registerOutflow(server, w.tokens.adminB, m.id, { departedOn: '2024-10-25' });
    await reportToInflow(server, w.memberToken(m.id), r.id, w.org.A1b);
    // 90 days after 2024-11-01 is 2025-01-30: OUTFLOW_2/4 (outflow side, B) and INFLOW_2 (inflow side, A) come due;
    // INFLOW_3 (30 days from the report) already overdue
    clock.set('2025-01-25T10:00:00+08:00');
    expect((await runReminderSweep(deps())).ran).toBe(true);
    const outflowSide = of(await list(w.tokens.adminB), r.id);
    expect(outflowSide).toEqual(['DUE_SOON:OUTFLOW_2:2025-01-30', 'DUE_SOON:OUTFLOW_4:2025-01-30']);
    const inflowSide = of(await list(w.tokens.adminA), r.id);
    expect(inflowSide).toEqual(['DUE_SOON:INFLOW_2:2025-01-30', 'OVERDUE:INFLOW_3:2024-12-01']);

    // the outflow branch keeps in touch (with a named contact) and studies online: those reminders close next day
    await server.data(
      `mutation($input: AssignContactInput!) { assignContact(input: $input) { id } }`,
      { input: { mobilityRecordId: r.id, side: 'OUTFLOW', name: '甲', phone: '13900000001' } },
      { token: w.tokens.adminB },
    );
    await server.data(
      `mutation($input: RecordDutyInput!) { recordDuty(input: $input) { id } }`,
      { input: { dutyCode: 'OUTFLOW_2', mobilityRecordId: r.id } },
      { token: w.tokens.adminB },
    );
    clock.set('2025-01-31T10:00:00+08:00');
    expect((await runReminderSweep(deps())).ran).toBe(true);
    expect(of(await list(w.tokens.adminB), r.id)).toEqual(['OVERDUE:OUTFLOW_4:2025-01-30']);
    const closed = await list(w.tokens.adminB, { status: 'CLOSED' });
    expect(of(closed, r.id)).toEqual(['DUE_SOON:OUTFLOW_2:2025-01-30', 'DUE_SOON:OUTFLOW_4:2025-01-30']);
    expect(closed.every((x: any) => x.closedOn === '2025-01-31')).toBe(true);

    // the record ends: its reminders close with it
    await server.data(
      `mutation($input: EndMobilityInput!) { endMobility(input: $input) { id } }`,
      { input: { mobilityRecordId: r.id, endedOn: '2025-01-31', reason: 'RETURNED' } },
      { token: w.tokens.adminB },
    );
    clock.set('2025-02-01T10:00:00+08:00');
    await runReminderSweep(deps());
    expect(of(await list(w.tokens.adminB), r.id)).toEqual([]);
    expect(of(await list(w.tokens.adminA), r.id)).toEqual([]);
  });

  it('delivers each opened reminder live to the administrators in scope', async () => {
    clock.set('2025-03-01T10:00:00+08:00');
    const m = await createMember(server, w.tokens.adminA, w.org.A1b);
    await registerOutflow(server, w.tokens.adminA, m.id, { departedOn: '2025-01-10' });
    const watch = async (token: string) => {
      const seen: any[] = [];
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
      });
      const stop = client.subscribe(
        { query: `subscription { reminderOpened { id kind organization { id } } }` },
        { next: (x) => seen.push(x), error: (e) => seen.push({ error: e }), complete: () => undefined },
      );
      // a query on the same socket after the subscription: once it answers, the subscription is listening
      await new Promise((resolve, reject) =>
        client.subscribe(
          { query: `{ viewer { roles } }` },
          { next: () => undefined, error: reject, complete: () => resolve(undefined) },
        ),
      );
      return { seen, close: async () => (stop(), client.dispose()) };
    };
    const a = await watch(w.tokens.adminA);
    const b = await watch(w.tokens.adminB);
    expect((await runReminderSweep(deps())).ran).toBe(true);
    await until(() => a.seen.length > 0, 10_000, 'a reminder for 城东区');
    expect(a.seen.every((x) => x.data?.reminderOpened?.id)).toBe(true);
    const unreported = a.seen.find((x) => x.data.reminderOpened.kind === 'UNREPORTED');
    expect(unreported.data.reminderOpened.organization).toEqual({ id: w.org.A1b });
    expect(b.seen.filter((x) => x.data?.reminderOpened?.organization?.id === w.org.A1b)).toEqual([]);
    await a.close();
    await b.close();
  });
});
