/**
 * The other ends of a listing (§1.5–§1.7): no quote → FAILED; one application → AWARDED; a reserve not met →
 * FAILED; suspend, resume (with and without a new schedule), terminate; a late winner DEFAULTED.
 */
import { ManualClock } from '../../../src/common/clock';
import { testDatabases } from '../../helpers/environment';
import { codes, startTestServer, type TestServer } from '../../helpers/server';
import { errorOf, Land, type TestBidder } from '../../helpers/land';
import {
  ApplicationDocument,
  AuctionEventsDocument,
  ResumeAuctionDocument,
  SubmitDocumentsDocument,
  SuspendAuctionDocument,
  TerminateAuctionDocument,
} from '../../operations/generated';

const START = '2025-06-02T10:00:00+08:00';
const minute = 60_000;

describe.each(testDatabases())('how listings end on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let land: Land;
  let a: TestBidder;
  let b: TestBidder;

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startTestServer({ db, clock });
    land = new Land(server);
    a = await land.bidder('甲公司');
    b = await land.bidder('乙公司');
  });
  afterAll(() => server?.close());
  beforeEach(() => clock.set(START));

  const eventTypes = async (id: string) =>
    (await server.data(AuctionEventsDocument, { id })).auction!.events.map((e) => e.type);
  const after = (m: number) => clock.advance(m * minute);

  it('fails a listing nobody quoted on (流拍) at quoteEnd, and owes the deposits back', async () => {
    const id = await land.auction();
    const { applicationId } = await land.qualify(a, id);
    after(30);
    expect((await land.view(id)).status).toBe('FAILED');
    expect(await eventTypes(id)).toEqual(['PUBLISHED', 'QUOTING_OPENED', 'FAILED']);
    const application = await server.data(ApplicationDocument, { id: applicationId }, { token: a.token });
    expect(application.application!.depositState).toBe('REFUND_DUE');
    expect((await land.view(id)).result).toBeNull();
  });

  it('awards a listing quoted by one application only, with no timed bidding', async () => {
    const id = await land.auction();
    await land.qualify(a, id);
    await land.qualify(b, id);
    after(10);
    await land.placed(a, id, '100');
    await land.placed(a, id, '100').catch(() => undefined);
    after(20);
    const auction = await land.view(id);
    expect(auction.status).toBe('AWARDED');
    expect(auction.result).toMatchObject({
      winnerName: '甲公司',
      finalPrice: '100.00',
      premiumRatePercent: '0.00',
    });
    expect(await eventTypes(id)).toEqual(['PUBLISHED', 'QUOTING_OPENED', 'BID_PLACED', 'AWARDED']);
  });

  it('keeps the reserve price secret until the end, and fails when the leader is below it', async () => {
    const id = await land.auction({ reservePrice: '200.00' });
    const before = await land.view(id);
    expect(before).toMatchObject({ reservePrice: null, hasReservePrice: true });
    expect((await land.view(id, land.center)).reservePrice).toBe('200.00');
    expect((await land.view(id, land.bureau)).reservePrice).toBe('200.00');
    expect((await land.view(id, a.token)).reservePrice).toBeNull();
    await land.qualify(a, id);
    await land.qualify(b, id);
    after(10);
    await land.placed(a, id, '100');
    await land.placed(b, id, '150');
    after(20); // timed bidding
    expect((await land.view(id)).status).toBe('TIMED_BIDDING');
    after(1); // the round passes: 150 is below the reserve of 200
    const ended = await land.view(id);
    expect(ended).toMatchObject({ status: 'FAILED', reservePrice: '200.00', result: null });
  });

  it('suspends quoting (no bids, no applications, bank reports still recorded) and resumes with the time added', async () => {
    const id = await land.auction();
    await land.qualify(a, id);
    const applied = await land.apply(b, id);
    after(12);
    const suspended = await server.data(
      SuspendAuctionDocument,
      { id, reason: '收到异议' },
      { token: land.center },
    );
    expect(suspended.suspendAuction).toMatchObject({
      status: 'SUSPENDED',
      statusReason: '收到异议',
      phaseEndsAt: null,
      biddingOpen: false,
    });
    expect(errorOf(await land.bid(a, id, '100')).code).toBe('AUCTION_NOT_OPEN');
    expect(codes(await land.apply(await land.bidder('丙'), id))).toEqual(['APPLICATION_CLOSED']);
    const paid = await land.pay(applied.data!.applyForAuction.depositAccount.accountNumber, '20.00');
    expect(paid.data!.recordDepositArrival.accepted).toBe(true);
    expect(
      codes(await server.request(SuspendAuctionDocument, { id, reason: 'x' }, { token: land.center })),
    ).toEqual(['INVALID_TRANSITION']);
    after(60); // the suspension outlasts quoteEnd: nothing happens while suspended
    expect((await land.view(id)).status).toBe('SUSPENDED');
    const laterSchedule = await land.auctionInput();
    const refused = await server.request(
      ResumeAuctionDocument,
      { id, schedule: laterSchedule.schedule },
      { token: land.center },
    );
    expect(codes(refused)).toEqual(['INVALID_TRANSITION']);
    const resumed = await server.data(
      ResumeAuctionDocument,
      { id, reason: '异议已处理' },
      { token: land.center },
    );
    // suspended at 12 for 60 minutes: quoting now ends at 30 + 60 = 90 minutes after the start
    expect(resumed.resumeAuction.status).toBe('QUOTING');
    expect(Date.parse(resumed.resumeAuction.phaseEndsAt!)).toBe(Date.parse(START) + 90 * minute);
    expect(Date.parse(resumed.resumeAuction.schedule.quoteEnd)).toBe(Date.parse(START) + 90 * minute);
    expect(Date.parse(resumed.resumeAuction.schedule.quoteStart)).toBe(Date.parse(START) + 10 * minute);
    expect((await land.placed(a, id, '100')).sequence).toBe(1);
    const events = (await server.data(AuctionEventsDocument, { id })).auction!.events;
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['PUBLISHED', null],
      ['QUOTING_OPENED', null],
      ['SUSPENDED', '收到异议'],
      ['RESUMED', '异议已处理'],
      ['BID_PLACED', null],
    ]);
  });

  it('restarts a suspended timed round in full on resume', async () => {
    const id = await land.auction();
    await land.qualify(a, id);
    await land.qualify(b, id);
    after(10);
    await land.placed(a, id, '100');
    await land.placed(b, id, '105');
    after(20.5); // 30 s into the first round
    await server.data(SuspendAuctionDocument, { id, reason: '系统故障' }, { token: land.center });
    after(10);
    const resumed = await server.data(ResumeAuctionDocument, { id }, { token: land.center });
    expect(resumed.resumeAuction.status).toBe('TIMED_BIDDING');
    expect(Date.parse(resumed.resumeAuction.phaseEndsAt!)).toBe(clock.now().getTime() + 60_000);
  });

  it('replaces the schedule of a listing suspended before quoting started', async () => {
    const id = await land.auction();
    after(5);
    await server.data(SuspendAuctionDocument, { id, reason: '公告更正' }, { token: land.center });
    after(60);
    const bad = await land.auctionInput(
      {},
      { announcementEnd: 600, applicationEnd: 1200, depositDeadline: 1300, quoteStart: 600, quoteEnd: 1800 },
    );
    expect(
      codes(
        await server.request(ResumeAuctionDocument, { id, schedule: bad.schedule }, { token: land.center }),
      ),
    ).toEqual(['INVALID_SCHEDULE']);
    const next = await land.auctionInput();
    const resumed = await server.data(
      ResumeAuctionDocument,
      { id, schedule: next.schedule },
      { token: land.center },
    );
    expect(resumed.resumeAuction.status).toBe('ANNOUNCED');
    expect(Date.parse(resumed.resumeAuction.phaseEndsAt!)).toBe(Date.parse(next.schedule.quoteStart));
    expect(Date.parse(resumed.resumeAuction.schedule.quoteEnd)).toBe(Date.parse(next.schedule.quoteEnd));
  });

  it('terminates with a reason, finally, owing every kept deposit back', async () => {
    const id = await land.auction();
    const { applicationId } = await land.qualify(a, id);
    after(11);
    expect(
      codes(await server.request(TerminateAuctionDocument, { id, reason: 'x' }, { token: a.token })),
    ).toEqual(['FORBIDDEN']);
    const done = await server.data(
      TerminateAuctionDocument,
      { id, reason: '规划调整' },
      { token: land.center },
    );
    expect(done.terminateAuction).toMatchObject({
      status: 'TERMINATED',
      statusReason: '规划调整',
      phaseEndsAt: null,
    });
    expect(
      (await server.data(ApplicationDocument, { id: applicationId }, { token: a.token })).application!
        .depositState,
    ).toBe('REFUND_DUE');
    expect(
      codes(await server.request(TerminateAuctionDocument, { id, reason: 'again' }, { token: land.center })),
    ).toEqual(['INVALID_TRANSITION']);
    expect(codes(await server.request(ResumeAuctionDocument, { id }, { token: land.center }))).toEqual([
      'INVALID_TRANSITION',
    ]);
    after(100);
    expect((await land.view(id)).status).toBe('TERMINATED');
    expect((await eventTypes(id)).at(-1)).toBe('TERMINATED');
  });

  it('defaults a winner whose documents are late, forfeiting its deposit', async () => {
    const id = await land.auction({ documentUploadDays: 1 });
    const { applicationId } = await land.qualify(a, id);
    after(10);
    await land.placed(a, id, '100');
    after(20); // awarded at 10:30 on 2025-06-02: documents due by 2025-06-04 00:00+08:00
    const awarded = await land.view(id);
    expect(Date.parse(awarded.result!.documentsDueAt)).toBe(Date.parse('2025-06-04T00:00:00+08:00'));
    clock.set('2025-06-03T23:59:59+08:00');
    expect((await land.view(id)).status).toBe('AWARDED');
    clock.set('2025-06-04T00:00:00+08:00');
    expect((await land.view(id)).status).toBe('DEFAULTED');
    const late = await server.request(
      SubmitDocumentsDocument,
      {
        auctionId: id,
        documents: [{ kind: 'BIDDING_DOCUMENTS', fileName: 'a.pdf', sha256: 'cd'.repeat(32), sizeBytes: 5 }],
      },
      { token: a.token },
    );
    expect(codes(late)).toEqual(['DOCUMENTS_OVERDUE']);
    expect(
      (await server.data(ApplicationDocument, { id: applicationId }, { token: a.token })).application!
        .depositState,
    ).toBe('FORFEITED');
    expect((await eventTypes(id)).slice(-2)).toEqual(['AWARDED', 'DEFAULTED']);
    // the award stays public
    expect((await land.view(id)).result!.winnerName).toBe('甲公司');
  });
});
