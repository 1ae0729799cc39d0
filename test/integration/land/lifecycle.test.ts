/**
 * The whole life of a listing over real HTTP, with the clock moved by hand (DOMAIN.md §1.3–§1.7): applications,
 * deposits (full, short, late, repeated), qualification, quoting, every rejected kind of bid, timed bidding with
 * round restarts, award, documents and confirmation. No scheduler call: reads apply what the clock has passed.
 */
import { ManualClock } from '../../../src/common/clock';
import { testDatabases } from '../../helpers/environment';
import { codes, startTestServer, type TestServer } from '../../helpers/server';
import { errorOf, Land, type TestBidder } from '../../helpers/land';
import { SAMPLES, sha256Of, TestCa, upload } from '../../helpers/documents';
import {
  ApplicationDocument,
  AuctionApplicationsDocument,
  AuctionBidsDocument,
  AuctionEventsDocument,
  AuctionSummaryDocument,
  DepositArrivalDocument,
  PlaceBidDocument,
  ViewerBidderDocument,
  DepositRefundDocument,
  RejectDocument,
  SignConfirmationDocument,
  SubmitDocumentsDocument,
  WithdrawDocument,
} from '../../operations/generated';

const START = '2025-03-03T09:00:00+08:00';
const minutes = (n: number) => n * 60_000;
const HASH = 'ab'.repeat(32);
const ca = new TestCa();
const certA = ca.issue('竞买人A');

describe.each(testDatabases())('an auction from publication to confirmation on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let land: Land;
  let auctionId: string;
  const bidders: Record<string, TestBidder> = {};
  const accounts: Record<string, string> = {};
  const applications: Record<string, string> = {};

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startTestServer({
      db,
      clock,
      config: { trustedCaFile: ca.file, storage: { kind: 'database' } },
    });
    land = new Land(server);
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
      bidders[name] = await land.bidder(
        `竞买人${name}`,
        undefined,
        name === 'A' ? { certificatePem: certA.certificatePem } : {},
      );
    auctionId = await land.auction();
  });
  afterAll(() => server?.close());

  const at = (m: number) => new Date(Date.parse(START) + minutes(m));
  const advanceTo = (m: number) => clock.set(at(m));

  it('publishes the auction ANNOUNCED, with its first event and the phase ending at quoteStart', async () => {
    const auction = await land.view(auctionId);
    expect(auction).toMatchObject({
      status: 'ANNOUNCED',
      biddingOpen: false,
      nextMinimumBid: '100.00',
      bidCount: 0,
    });
    expect(Date.parse(auction.phaseEndsAt!)).toBe(at(10).getTime());
    const events = await server.data(AuctionEventsDocument, { id: auctionId });
    expect(events.auction?.events.map((e) => [e.sequence, e.type, e.status])).toEqual([
      [1, 'PUBLISHED', 'ANNOUNCED'],
    ]);
  });

  it('takes sole and joint applications, each with its own random deposit account', async () => {
    for (const name of ['A', 'B', 'E', 'F', 'G']) {
      const response = await land.apply(bidders[name], auctionId);
      const application = response.data!.applyForAuction;
      expect(application).toMatchObject({ status: 'DEPOSIT_PENDING', joint: false, depositState: 'NONE' });
      expect(application.depositAccount).toMatchObject({ amountDue: '20.00' });
      expect(application.depositAccount.accountNumber).toMatch(/^\d{16,}$/);
      accounts[name] = application.depositAccount.accountNumber;
      applications[name] = application.id;
    }
    const joint = await land.apply(bidders.C, auctionId, [
      { bidderId: bidders.C.id, sharePercent: '60', lead: true },
      { bidderId: bidders.D.id, sharePercent: '40' },
    ]);
    expect(joint.data!.applyForAuction).toMatchObject({ joint: true, status: 'DEPOSIT_PENDING' });
    expect(joint.data!.applyForAuction.members.map((m) => [m.bidder.name, m.sharePercent, m.lead])).toEqual([
      ['竞买人C', '60', true],
      ['竞买人D', '40', false],
    ]);
    accounts.C = joint.data!.applyForAuction.depositAccount.accountNumber;
    applications.C = joint.data!.applyForAuction.id;
    expect(new Set(Object.values(accounts)).size).toBe(6);
  });

  it('refuses a second live application of a bidder, alone or as a member (CONFLICT)', async () => {
    expect(codes(await land.apply(bidders.A, auctionId))).toEqual(['CONFLICT']);
    expect(codes(await land.apply(bidders.D, auctionId))).toEqual(['CONFLICT']);
    const withA = await land.apply(bidders.H, auctionId, [
      { bidderId: bidders.H.id, sharePercent: '50', lead: true },
      { bidderId: bidders.A.id, sharePercent: '50' },
    ]);
    expect(codes(withA)).toEqual(['CONFLICT']);
  });

  it('refuses bad joint shares with BAD_USER_INPUT and stores nothing', async () => {
    const bad = await land.apply(bidders.H, auctionId, [
      { bidderId: bidders.H.id, sharePercent: '50', lead: true },
      { bidderId: bidders.A.id, sharePercent: '49.99' },
    ]);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps a full transfer before the deadline and qualifies at once with a random bidding number', async () => {
    const paid = await land.pay(accounts.A, '20.00', { tx: 'TX-A-1' });
    expect(paid.data!.recordDepositArrival).toMatchObject({ accepted: true, rejectionCode: null });
    const application = (
      await server.data(ApplicationDocument, { id: applications.A }, { token: bidders.A.token })
    ).application!;
    expect(application).toMatchObject({ status: 'QUALIFIED', depositState: 'HELD' });
    expect(application.qualification?.biddingNumber).toMatch(/^\d{6}$/);
    expect(application.qualification?.certificateNumber).toMatch(/^ZG-/);
  });

  it('answers a repeated bank report with the same payment, and CONFLICT for the same id with other data', async () => {
    const again = await land.pay(accounts.A, '20.00', { tx: 'TX-A-1' });
    const first = await server.data(ApplicationDocument, { id: applications.A }, { token: bidders.A.token });
    expect(again.data!.recordDepositArrival.id).toBe(first.application!.payments[0].id);
    expect(first.application!.payments).toHaveLength(1);
    expect(codes(await land.pay(accounts.A, '25.00', { tx: 'TX-A-1' }))).toEqual(['CONFLICT']);
    expect(codes(await land.pay('0000000000000000', '20.00'))).toEqual(['NOT_FOUND']);
    const second = await land.pay(accounts.A, '20.00', { tx: 'TX-A-2' });
    expect(second.data!.recordDepositArrival).toMatchObject({ accepted: false, rejectionCode: 'CONFLICT' });
  });

  it('records a short transfer as DEPOSIT_INSUFFICIENT; a later full one qualifies', async () => {
    const short = await land.pay(accounts.B, '19.99');
    expect(short.data!.recordDepositArrival).toMatchObject({
      accepted: false,
      rejectionCode: 'DEPOSIT_INSUFFICIENT',
    });
    expect((await land.pay(accounts.B, '20.00')).data!.recordDepositArrival.accepted).toBe(true);
    for (const name of ['C', 'F', 'G']) {
      expect((await land.pay(accounts[name], '20.00')).data!.recordDepositArrival.accepted).toBe(true);
    }
  });

  it('only lets the bank report transfers', async () => {
    const response = await server.request(
      DepositArrivalDocument,
      {
        input: {
          accountNumber: accounts.E,
          amount: '20',
          arrivedAt: at(1).toISOString(),
          bankTransactionId: 'x',
          payerAccountName: 'p',
        },
      },
      { token: bidders.E.token },
    );
    expect(codes(response)).toEqual(['FORBIDDEN']);
  });

  it('refuses bids before quoting opens (AUCTION_NOT_OPEN, with nextMinimumBid)', async () => {
    advanceTo(5);
    const early = await land.bid(bidders.A, auctionId, '100');
    expect(errorOf(early)).toEqual({ code: 'AUCTION_NOT_OPEN', nextMinimumBid: '100.00' });
  });

  it('lets the trading centre reject an application with a reason; the deposit is due back, then refunded', async () => {
    const rejected = await server.data(
      RejectDocument,
      { id: applications.G, reason: '资格不符' },
      { token: land.center },
    );
    expect(rejected.rejectApplication).toMatchObject({
      status: 'REJECTED',
      rejectionReason: '资格不符',
      depositState: 'REFUND_DUE',
    });
    const paymentId = rejected.rejectApplication.payments[0].id;
    const refund = await server.data(
      DepositRefundDocument,
      { input: { paymentId, bankTransactionId: 'RF-G', refundedAt: at(6).toISOString() } },
      { token: land.bank },
    );
    expect(refund.recordDepositRefund.refundedAt).not.toBeNull();
    const view = await server.data(ApplicationDocument, { id: applications.G }, { token: land.center });
    expect(view.application!.depositState).toBe('REFUNDED');
    expect(
      codes(
        await server.request(RejectDocument, { id: applications.A, reason: 'x' }, { token: bidders.A.token }),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('refuses to return a deposit that is still held', async () => {
    const view = await server.data(ApplicationDocument, { id: applications.A }, { token: land.center });
    const kept = view.application!.payments.find((p) => p.accepted)!;
    const refund = await server.request(
      DepositRefundDocument,
      { input: { paymentId: kept.id, bankTransactionId: 'RF-A', refundedAt: at(6).toISOString() } },
      { token: land.bank },
    );
    expect(codes(refund)).toEqual(['INVALID_TRANSITION']);
  });

  it('opens quoting at quoteStart without anyone asking the scheduler', async () => {
    advanceTo(10);
    const auction = await land.view(auctionId);
    expect(auction).toMatchObject({ status: 'QUOTING', biddingOpen: true });
    expect(Date.parse(auction.phaseEndsAt!)).toBe(at(30).getTime());
    const events = (await server.data(AuctionEventsDocument, { id: auctionId, afterSequence: 1 })).auction!
      .events;
    expect(events.map((e) => [e.type, Date.parse(e.occurredAt)])).toEqual([
      ['QUOTING_OPENED', at(10).getTime()],
    ]);
  });

  it('refuses each kind of bad bid with its code and the current nextMinimumBid', async () => {
    expect(errorOf(await land.bid(bidders.E, auctionId, '100'))).toEqual({
      code: 'NOT_QUALIFIED',
      nextMinimumBid: '100.00',
    });
    expect(errorOf(await land.bid(bidders.G, auctionId, '100')).code).toBe('NOT_QUALIFIED');
    expect(errorOf(await land.bid(bidders.H, auctionId, '100')).code).toBe('NOT_QUALIFIED');
    expect(errorOf(await land.bid(bidders.A, auctionId, '102.50'))).toEqual({
      code: 'BID_NOT_ON_INCREMENT',
      nextMinimumBid: '100.00',
    });
    expect((await land.placed(bidders.A, auctionId, '100')).sequence).toBe(1);
    expect(errorOf(await land.bid(bidders.A, auctionId, '105'))).toEqual({
      code: 'ALREADY_LEADING',
      nextMinimumBid: '105.00',
    });
    expect(errorOf(await land.bid(bidders.B, auctionId, '100'))).toEqual({
      code: 'BID_TOO_LOW',
      nextMinimumBid: '105.00',
    });
    const malformed = await land.bid(bidders.B, auctionId, '1e3');
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    const literal = await server.request(
      `mutation { placeBid(input: { auctionId: "${auctionId}", amount: 105, idempotencyKey: "k" }) { id } }`,
      {},
      { token: bidders.B.token },
    );
    expect(codes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const other = await land.bid(bidders.A, '00000000-0000-4000-8000-000000000000', '100');
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await server.request(
          PlaceBidDocument,
          { input: { auctionId, amount: '105', idempotencyKey: 'x' } },
          { token: land.center },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('accepts rungs above the price, from any member of a joint application, under its bidding number', async () => {
    const b = await land.placed(bidders.B, auctionId, '110');
    expect(b).toMatchObject({
      sequence: 2,
      phase: 'QUOTING',
      isLeading: true,
      auction: { currentPrice: '110.00', nextMinimumBid: '115.00' },
    });
    const d = await land.bid(bidders.D, auctionId, '115', 'joint-key');
    expect(d.data!.placeBid).toMatchObject({ sequence: 3, amount: '115.00' });
    const joint = await server.data(ApplicationDocument, { id: applications.C }, { token: bidders.C.token });
    expect(d.data!.placeBid.biddingNumber).toBe(joint.application!.qualification!.biddingNumber);
    // C leads through D's bid: ALREADY_LEADING for the other member too
    expect(errorOf(await land.bid(bidders.C, auctionId, '120')).code).toBe('ALREADY_LEADING');
  });

  it('replays an idempotent retry and refuses the same key with another amount', async () => {
    const retry = await land.bid(bidders.D, auctionId, '115', 'joint-key');
    expect(retry.data!.placeBid).toMatchObject({ sequence: 3, amount: '115.00' });
    expect(codes(await land.bid(bidders.D, auctionId, '125', 'joint-key'))).toEqual(['CONFLICT']);
    expect((await land.view(auctionId)).bidCount).toBe(3);
  });

  it('lets the lead withdraw a DEPOSIT_PENDING application', async () => {
    const late = await land.pay(accounts.E, '20.00', { arrivedAt: at(15).toISOString() });
    expect(late.data!.recordDepositArrival).toMatchObject({ accepted: false, rejectionCode: 'DEPOSIT_LATE' });
    const withdrawn = await server.data(WithdrawDocument, { id: applications.E }, { token: bidders.E.token });
    expect(withdrawn.withdrawApplication).toMatchObject({ status: 'WITHDRAWN', depositState: 'NONE' });
    expect(
      codes(await server.request(WithdrawDocument, { id: applications.A }, { token: bidders.A.token })),
    ).toEqual(['INVALID_TRANSITION']);
  });

  it('closes applications at the deposit deadline (APPLICATION_CLOSED)', async () => {
    advanceTo(15);
    expect(codes(await land.apply(bidders.H, auctionId))).toEqual(['APPLICATION_CLOSED']);
  });

  it('starts timed bidding at quoteEnd when two or more applications quoted', async () => {
    advanceTo(29.99);
    expect((await land.view(auctionId)).status).toBe('QUOTING');
    const lateReport = await land.pay(accounts.F, '20.00', { arrivedAt: at(1).toISOString() });
    expect(lateReport.data!.recordDepositArrival.rejectionCode).toBe('CONFLICT');
    advanceTo(30);
    const auction = await land.view(auctionId);
    expect(auction).toMatchObject({ status: 'TIMED_BIDDING', biddingOpen: true, currentPrice: '115.00' });
    expect(Date.parse(auction.phaseEndsAt!)).toBe(at(31).getTime());
    const afterQuoting = await land.pay(accounts.B, '20.00', { arrivedAt: at(1).toISOString() });
    expect(afterQuoting.data!.recordDepositArrival.rejectionCode).toBe('DEPOSIT_LATE');
  });

  it('lets only applications that quoted bid on in timed bidding', async () => {
    expect(errorOf(await land.bid(bidders.F, auctionId, '120')).code).toBe('NOT_IN_TIMED_BIDDING');
  });

  it('restarts the round from each accepted timed bid', async () => {
    advanceTo(30.5);
    const b = await land.placed(bidders.B, auctionId, '120');
    expect(b.phase).toBe('TIMED');
    expect(Date.parse(b.auction.phaseEndsAt!)).toBe(at(31.5).getTime());
    advanceTo(31.4);
    const a = await land.placed(bidders.A, auctionId, '130');
    expect(Date.parse(a.auction.phaseEndsAt!)).toBe(at(32.4).getTime());
    advanceTo(32.39);
    expect((await land.view(auctionId)).status).toBe('TIMED_BIDDING');
  });

  it('awards the leader when a round passes with no bid, at the end of the round', async () => {
    advanceTo(32.4);
    expect(errorOf(await land.bid(bidders.B, auctionId, '135')).code).toBe('AUCTION_NOT_OPEN');
    const auction = await land.view(auctionId);
    expect(auction.status).toBe('AWARDED');
    expect(auction.result).toMatchObject({
      winnerName: '竞买人A',
      finalPrice: '130.00',
      premiumRatePercent: '30.00',
      transactionNoticeNumber: null,
      documents: [],
    });
    expect(Date.parse(auction.result!.awardedAt)).toBe(at(32.4).getTime());
    // award on 2025-03-03 (Shanghai), 5 days: due at 2025-03-09 00:00+08:00
    expect(Date.parse(auction.result!.documentsDueAt)).toBe(Date.parse('2025-03-09T00:00:00+08:00'));
    expect(auction.phaseEndsAt).toBe(auction.result!.documentsDueAt);
    const winner = await server.data(ApplicationDocument, { id: applications.A }, { token: bidders.A.token });
    expect(auction.result!.winnerBiddingNumber).toBe(winner.application!.qualification!.biddingNumber);
  });

  it('credits the winner and owes every other kept deposit back', async () => {
    const all = await server.data(AuctionApplicationsDocument, { id: auctionId }, { token: land.center });
    const states = Object.fromEntries(
      all.auction!.applications.map((a) => [a.members[0].bidder.name, a.depositState]),
    );
    expect(states).toEqual({
      竞买人A: 'CREDITED',
      竞买人B: 'REFUND_DUE',
      竞买人C: 'REFUND_DUE',
      竞买人E: 'NONE',
      竞买人F: 'REFUND_DUE',
      竞买人G: 'REFUNDED',
    });
  });

  it('takes the documents from the winner only, with the bidding documents required', async () => {
    advanceTo(60 * 24);
    const files = [];
    for (const [bytes, fileName] of [
      [SAMPLES.pdf, '竞买资料.pdf'],
      [SAMPLES.png, '执照.png'],
    ] as const) {
      const uploaded = await upload(server, {
        token: bidders.A.token,
        auctionId,
        bytes,
        fileName,
        key: certA.privateKeyPem,
      });
      expect(uploaded.status).toBe(201);
      files.push({
        fileName,
        sha256: sha256Of(bytes),
        sizeBytes: bytes.length,
        documentId: uploaded.body.id,
      });
    }
    const doc = { kind: 'BIDDING_DOCUMENTS' as const, ...files[0] };
    expect(
      codes(
        await server.request(
          SubmitDocumentsDocument,
          { auctionId, documents: [doc] },
          { token: bidders.B.token },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await server.request(
          SubmitDocumentsDocument,
          { auctionId, documents: [{ ...doc, kind: 'OTHER' }] },
          { token: bidders.A.token },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const first = await server.data(
      SubmitDocumentsDocument,
      { auctionId, documents: [doc] },
      { token: bidders.A.token },
    );
    expect(first.submitAwardDocuments.transactionNoticeNumber).toMatch(/^CJTZ-/);
    expect(first.submitAwardDocuments.documents).toHaveLength(1);
    const again = await server.data(
      SubmitDocumentsDocument,
      {
        auctionId,
        documents: [doc, { kind: 'BUSINESS_LICENSE', ...files[1] }],
      },
      { token: bidders.A.token },
    );
    expect(again.submitAwardDocuments.documents.map((d) => d.kind)).toEqual([
      'BIDDING_DOCUMENTS',
      'BUSINESS_LICENSE',
    ]);
    expect(again.submitAwardDocuments.transactionNoticeNumber).toBe(
      first.submitAwardDocuments.transactionNoticeNumber,
    );
    expect((await land.view(auctionId)).status).toBe('DOCUMENTS_SUBMITTED');
  });

  it('is confirmed when the seller signs, and only then', async () => {
    expect(
      codes(await server.request(SignConfirmationDocument, { auctionId }, { token: land.center })),
    ).toEqual(['FORBIDDEN']);
    const signed = await server.data(SignConfirmationDocument, { auctionId }, { token: land.bureau });
    expect(Date.parse(signed.signConfirmation.confirmationSignedAt!)).toBe(clock.now().getTime());
    expect((await land.view(auctionId)).status).toBe('CONFIRMED');
    expect(
      codes(await server.request(SignConfirmationDocument, { auctionId }, { token: land.bureau })),
    ).toEqual(['INVALID_TRANSITION']);
    const doc = { kind: 'BIDDING_DOCUMENTS' as const, fileName: 'x.pdf', sha256: HASH, sizeBytes: 1 };
    expect(
      codes(
        await server.request(
          SubmitDocumentsDocument,
          { auctionId, documents: [doc] },
          { token: bidders.A.token },
        ),
      ),
    ).toEqual(['INVALID_TRANSITION']);
  });

  it('keeps a gapless log: one event per change and per accepted bid, in order', async () => {
    const events = (await server.data(AuctionEventsDocument, { id: auctionId })).auction!.events;
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'PUBLISHED',
      'QUOTING_OPENED',
      'BID_PLACED',
      'BID_PLACED',
      'BID_PLACED',
      'TIMED_BIDDING_STARTED',
      'BID_PLACED',
      'BID_PLACED',
      'AWARDED',
      'DOCUMENTS_SUBMITTED',
      'CONFIRMED',
    ]);
    const bids = (await server.data(AuctionBidsDocument, { id: auctionId })).auction!.bids.edges.map(
      (e) => e.node,
    );
    expect(bids.map((b) => [b.sequence, b.amount, b.phase])).toEqual([
      [1, '100.00', 'QUOTING'],
      [2, '110.00', 'QUOTING'],
      [3, '115.00', 'QUOTING'],
      [4, '120.00', 'TIMED'],
      [5, '130.00', 'TIMED'],
    ]);
    expect(bids.map((b) => b.isLeading)).toEqual([false, false, false, false, true]);
    expect(events.filter((e) => e.type === 'BID_PLACED').map((e) => e.bid!.id)).toEqual(
      bids.map((b) => b.id),
    );
    expect(events.every((e) => e.auctionId === auctionId)).toBe(true);
    const paged = await server.data(AuctionEventsDocument, { id: auctionId, afterSequence: 9, first: 1 });
    expect(paged.auction!.events.map((e) => e.sequence)).toEqual([10]);
  });

  it('sums the trade in auctionSummary', async () => {
    const summary = (await server.data(AuctionSummaryDocument, { filter: { city: '西宁市' } }))
      .auctionSummary;
    expect(summary).toMatchObject({
      awarded: 1,
      failed: 0,
      totalFinalPrice: '130.00',
      averagePremiumRatePercent: '30.00',
      totalBids: 5,
    });
    expect(summary.auctions).toBeGreaterThanOrEqual(2); // the IMPORTED 2024C-5 and this one
  });

  it('lets a bidder see its own applications through viewer.bidder', async () => {
    const mine = await server.data(ViewerBidderDocument, {}, { token: bidders.D.token });
    expect(mine.viewer.bidder?.id).toBe(bidders.D.id);
    expect(mine.viewer.bidder?.applications.map((a) => a.id)).toEqual([applications.C]);
    expect((await server.data(ViewerBidderDocument, {}, { token: land.bank })).viewer.bidder).toBeNull();
  });
});
