/**
 * Exact bids under concurrency (§1.4), over real HTTP with many parallel requests. placeBid serializes the bids
 * of an auction (row lock on PostgreSQL; one connection, one transaction at a time, on SQLite): one winner per
 * price, gapless sequences, strictly rising amounts, one BID_PLACED event per bid.
 */
import { ManualClock } from '../../../src/common/clock';
import { testDatabases } from '../../helpers/environment';
import { startTestServer, type TestServer } from '../../helpers/server';
import { Land, type TestBidder } from '../../helpers/land';
import { AuctionBidsDocument, AuctionEventsDocument } from '../../operations/generated';

const START = '2025-10-08T09:00:00+08:00';
/** PostgreSQL gets the full load the issue names; SQLite a smaller one that still interleaves requests. */
const sizes = {
  postgresql: { perBidder: 25, random: 200, bidders: 10 },
  sqlite: { perBidder: 10, random: 60, bidders: 6 },
};

describe.each(testDatabases())('concurrent bids on %s', (db) => {
  let server: TestServer;
  let land: Land;
  const size = sizes[db];

  beforeAll(async () => {
    server = await startTestServer({ db, clock: new ManualClock(START) });
    land = new Land(server);
  });
  afterAll(() => server?.close());

  async function quotingAuction(bidderCount: number): Promise<{ id: string; bidders: TestBidder[] }> {
    const clock = server.clock as ManualClock;
    clock.set(START);
    const id = await land.auction({ increment: '5.00' });
    const bidders: TestBidder[] = [];
    for (let i = 0; i < bidderCount; i++) {
      const bidder = await land.bidder(`并发${i}`);
      await land.qualify(bidder, id);
      bidders.push(bidder);
    }
    clock.set(new Date(Date.parse(START) + 11 * 60_000));
    return { id, bidders };
  }

  async function allBids(id: string) {
    const out = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await server.data(AuctionBidsDocument, { id, first: 100, after });
      out.push(...page.auction!.bids.edges.map((e) => e.node));
      if (!page.auction!.bids.pageInfo.hasNextPage) return out;
      after = page.auction!.bids.pageInfo.endCursor;
    }
  }

  async function allEvents(id: string) {
    const out = [];
    let after = 0;
    for (;;) {
      const page = (await server.data(AuctionEventsDocument, { id, afterSequence: after, first: 100 }))
        .auction!.events;
      out.push(...page);
      if (page.length < 100) return out;
      after = page[page.length - 1].sequence;
    }
  }

  it(`accepts exactly one of 2 × ${size.perBidder} bids at the same price fired at once`, async () => {
    const { id, bidders } = await quotingAuction(2);
    const attempts = bidders.flatMap((bidder) =>
      Array.from({ length: size.perBidder }, (_, i) =>
        land.bid(bidder, id, '100.00', `same-${bidder.id}-${i}`),
      ),
    );
    const responses = await Promise.all(attempts);
    const accepted = responses.filter((r) => r.data?.placeBid);
    expect(accepted).toHaveLength(1);
    const winner = accepted[0].data!.placeBid.biddingNumber;
    const refusals = responses.filter((r) => !r.data?.placeBid).map((r) => r.errors![0].extensions!);
    expect(refusals).toHaveLength(2 * size.perBidder - 1);
    for (const e of refusals) {
      expect(['BID_TOO_LOW', 'ALREADY_LEADING']).toContain(e.code);
      expect(e.nextMinimumBid).toBe('105.00');
    }
    // the other bidder lost every race it ran: BID_TOO_LOW with the new minimum
    expect(refusals.filter((e) => e.code === 'BID_TOO_LOW')).toHaveLength(size.perBidder);
    const bids = await allBids(id);
    expect(bids.map((b) => [b.sequence, b.amount, b.biddingNumber])).toEqual([[1, '100.00', winner]]);
    expect((await allEvents(id)).filter((e) => e.type === 'BID_PLACED')).toHaveLength(1);
  });

  it(`keeps ${size.random} random concurrent bids gapless, rising, and matched one to one by events`, async () => {
    const { id, bidders } = await quotingAuction(size.bidders);
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const attempts = Array.from({ length: size.random }, (_, i) => {
      const bidder = bidders[random(bidders.length)];
      const amount = (100 + 5 * random(size.random)).toFixed(2);
      return land.bid(bidder, id, amount, `rnd-${i}`);
    });
    const responses = await Promise.all(attempts);
    const accepted = responses.flatMap((r) => (r.data?.placeBid ? [r.data.placeBid] : []));
    const refused = responses.filter((r) => !r.data?.placeBid).map((r) => r.errors![0].extensions!.code);
    expect(accepted.length).toBeGreaterThanOrEqual(1); // the highest amount may arrive first
    expect(new Set(refused)).toEqual(
      new Set(refused.filter((c) => ['BID_TOO_LOW', 'ALREADY_LEADING'].includes(c as string))),
    );
    const bids = await allBids(id);
    expect(bids.map((b) => b.sequence)).toEqual(bids.map((_, i) => i + 1));
    expect(bids).toHaveLength(accepted.length);
    for (let i = 1; i < bids.length; i++) {
      expect(Number(bids[i].amount)).toBeGreaterThan(Number(bids[i - 1].amount));
      expect(Date.parse(bids[i].placedAt)).toBeGreaterThanOrEqual(Date.parse(bids[i - 1].placedAt));
    }
    expect(new Set(accepted.map((b) => b.sequence)).size).toBe(accepted.length);
    const events = await allEvents(id);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const placed = events.filter((e) => e.type === 'BID_PLACED');
    expect(placed.map((e) => e.bid!.id)).toEqual(bids.map((b) => b.id));
    expect(placed.map((e) => e.currentPrice)).toEqual(bids.map((b) => b.amount));
    const auction = await land.view(id);
    expect(auction.bidCount).toBe(bids.length);
    expect(auction.currentPrice).toBe(bids.at(-1)!.amount);
    expect(auction.leadingBid!.id).toBe(bids.at(-1)!.id);
  });
});
