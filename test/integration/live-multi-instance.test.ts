/**
 * Two real server processes on one PostgreSQL database and one Redis behave as one service (issue 4): a
 * viewer on A sees, in order, the bids placed on B; an auction in timed bidding with both running is awarded
 * once; and when one is killed mid-round the other awards the auction on time. Real time, with second-scale
 * schedules: the auctions are set up through GraphQL, then their stored deadlines are moved with SQL (the
 * schedulers read nothing else).
 */
import { Client } from 'pg';
import { Role } from '../../src/common/viewer';
import { describeIf, testPostgresUrl, testRedisUrl } from '../helpers/environment';
import {
  followOn,
  gql,
  startInstance,
  stopInstance,
  tokenFor,
  type Followed,
  type Instance,
} from '../helpers/instance';
import {
  APPLICATION,
  APPLY,
  BID_PLACED,
  CREATE_AUCTION,
  CREATE_PARCEL,
  DEPOSIT,
  LIVE_PRICES,
  PLACE_BID,
  PUBLISH_AUCTION,
  REGISTER_BIDDER,
} from '../helpers/land-flow';
import { range, until } from '../helpers/live';
import { createTestDatabase, type TestDatabase } from '../helpers/server';

const SECRET = 'multi-instance-test-secret-0123456789';
const ROUND_SECONDS = 2;

const EVENTS = `subscription MultiEvents($auctionId: ID!, $afterSequence: Int) {
  auctionEvents(auctionId: $auctionId, afterSequence: $afterSequence) {
    sequence type status occurredAt phaseEndsAt bid { sequence amount biddingNumber }
  }
}`;

interface Event {
  sequence: number;
  type: string;
  status: string;
  occurredAt: string;
  phaseEndsAt: string | null;
  bid: { sequence: number; amount: string; biddingNumber: string } | null;
}

const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
const amountOf = (k: number) => yuan(75_418_000_000n + BigInt(k) * 1_200_000_000n);
const iso = (ms: number) => new Date(ms).toISOString();

interface Bidder {
  token: string;
  biddingNumber: string;
}

describeIf(
  !!testPostgresUrl() && !!testRedisUrl(),
  'needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL',
)('two server processes on one PostgreSQL and one Redis', () => {
  let db: TestDatabase;
  let sql: Client;
  let a: Instance | undefined;
  let b: Instance | undefined;
  const followed: Followed<unknown>[] = [];
  const center = tokenFor(SECRET, { roles: [Role.TRADING_CENTER] });
  const bank = tokenFor(SECRET, { roles: [Role.BANK] });
  let parcelId: string;
  let bidders: { id: string; token: string }[] = [];
  let keys = 0;

  const follow = (instance: Instance, auctionId: string, afterSequence?: number) => {
    const f = followOn<Event>(instance, EVENTS, { auctionId, afterSequence }, 'auctionEvents');
    followed.push(f as Followed<unknown>);
    return f;
  };
  const bid = (on: Instance, bidder: Bidder, auctionId: string, amount: string) =>
    gql<{ placeBid: { sequence: number; amount: string; biddingNumber: string } }>(
      on,
      PLACE_BID,
      { input: { auctionId, amount, idempotencyKey: `multi-${++keys}` } },
      bidder.token,
    );

  /** A published auction with both bidders qualified, quoting 10 minutes away (moved later with SQL). */
  async function qualifiedAuction(code: string): Promise<{ auctionId: string; bidders: Bidder[] }> {
    const now = Date.now();
    const created = await gql<{ createAuction: { id: string } }>(
      a!,
      CREATE_AUCTION,
      {
        input: {
          code,
          title: `${code} 测试`,
          parcelId,
          seller: { name: '出让方' },
          tradingCenter: { name: '交易中心' },
          ...LIVE_PRICES,
          timedBiddingRoundSeconds: ROUND_SECONDS,
          schedule: {
            announcementStart: iso(now),
            applicationStart: iso(now),
            announcementEnd: iso(now + 600_000),
            quoteStart: iso(now + 600_000),
            depositDeadline: iso(now + 900_000),
            applicationEnd: iso(now + 1_000_000),
            quoteEnd: iso(now + 1_200_000),
          },
        },
      },
      center,
    );
    const auctionId = created.createAuction.id;
    await gql(a!, PUBLISH_AUCTION, { id: auctionId }, center);
    const qualified: Bidder[] = [];
    for (const [i, bidder] of bidders.entries()) {
      const applied = await gql<{
        applyForAuction: { id: string; depositAccount: { accountNumber: string; amountDue: string } };
      }>(i % 2 ? b! : a!, APPLY, { input: { auctionId } }, bidder.token);
      const { accountNumber, amountDue } = applied.applyForAuction.depositAccount;
      await gql(
        a!,
        DEPOSIT,
        {
          input: {
            accountNumber,
            amount: amountDue,
            arrivedAt: iso(Date.now()),
            bankTransactionId: `multi-${code}-${i}`,
            payerAccountName: `bidder ${i}`,
            payerAccountNumber: `622200000000${i % 2}`, // the basic account of the bidder that applied
          },
        },
        bank,
      );
      const application = await gql<{ application: { qualification: { biddingNumber: string } } }>(
        b!,
        APPLICATION,
        { id: applied.applyForAuction.id },
        bidder.token,
      );
      qualified.push({
        token: bidder.token,
        biddingNumber: application.application.qualification.biddingNumber,
      });
    }
    return { auctionId, bidders: qualified };
  }

  /** Quoting opened a moment ago (the next sweep opens it) and ends `quotingMs` from now. */
  async function openQuoting(auctionId: string, quotingMs: number): Promise<number> {
    const quoteEnd = Date.now() + quotingMs;
    await sql.query(
      `update auction set announcement_end = $2, quote_start = $2, phase_ends_at = $2,
              deposit_deadline = $2, application_end = $2, quote_end = $3 where id = $1`,
      [auctionId, new Date(Date.now() - 1000), new Date(quoteEnd)],
    );
    return quoteEnd;
  }

  const awardedEvents = async (auctionId: string) =>
    (
      await sql.query<{ occurred_at: Date }>(
        `select occurred_at from auction_event where auction_id = $1 and type = 'AWARDED'`,
        [auctionId],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql', { migrated: false });
    const url = db.config.kind === 'postgresql' ? db.config.url : '';
    const env = {
      DATABASE_URL: url,
      REDIS_URL: testRedisUrl()!,
      JWT_SECRET: SECRET,
      RATE_LIMIT_PLACE_BID: 'off',
    };
    a = await startInstance('A', env); // applies the migrations
    b = await startInstance('B', env);
    sql = new Client({ connectionString: url });
    await sql.connect();
    const parcel = await gql<{ createParcel: { id: string } }>(
      a,
      CREATE_PARCEL,
      {
        input: {
          code: 'MULTI-1',
          city: '西宁市',
          district: '城东区',
          location: '城东区（测试）',
          areaSqm: '86788.68',
          landUses: ['RESIDENTIAL'],
          planning: { floorAreaRatioMin: '1.0', floorAreaRatioMax: '2.3' },
          leaseTerms: [{ landUse: 'RESIDENTIAL', years: 70 }],
        },
      },
      center,
    );
    parcelId = parcel.createParcel.id;
    bidders = [];
    for (const [i, name] of ['甲测试置业有限公司', '乙测试建设集团有限公司'].entries()) {
      const registered = await gql<{ registerBidder: { id: string } }>(
        a,
        REGISTER_BIDDER,
        {
          input: {
            kind: 'LEGAL_PERSON',
            name,
            domestic: true,
            registrationNumber: `91630100MULTI0${i}X`,
            integrityProfileComplete: true,
            basicAccount: { bankName: '测试银行', accountName: name, accountNumber: `622200000000${i}` },
          },
        },
        center,
      );
      const id = registered.registerBidder.id;
      bidders.push({
        id,
        token: tokenFor(SECRET, { roles: [Role.BIDDER], bidderId: id, sub: `bidder:${id}` }),
      });
    }
  }, 60_000);

  afterEach(() => {
    for (const f of followed.splice(0)) f.stop();
  });

  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await sql?.end();
    await db?.drop();
  });

  let timed: { auctionId: string; bidders: Bidder[]; quoteEnd: number };

  it('a viewer on A sees, in order and once each, the bids placed on B', async () => {
    const auction = await qualifiedAuction('MULTI-A');
    const quoteEnd = await openQuoting(auction.auctionId, 5000);
    timed = { ...auction, quoteEnd };
    const onA = follow(a!, auction.auctionId, 0);
    const bidsOnA = followOn<{ sequence: number; biddingNumber: string }>(
      a!,
      BID_PLACED,
      { auctionId: auction.auctionId },
      'bidPlaced',
    );
    followed.push(bidsOnA as Followed<unknown>);
    await until(() => onA.items.some((e) => e.type === 'QUOTING_OPENED'), 10_000, 'QUOTING_OPENED on A');
    const placed: number[] = [];
    for (let k = 0; k < 20; k++) {
      placed.push((await bid(b!, auction.bidders[k % 2], auction.auctionId, amountOf(k))).placeBid.sequence);
    }
    expect(placed).toEqual(range(1, 20));
    await until(() => onA.items.length >= 22, 10_000, 'the bids on A');
    expect(onA.items.map((e) => e.sequence)).toEqual(range(1, 22));
    expect(onA.items.slice(2).map((e) => [e.type, e.bid?.sequence, e.bid?.amount])).toEqual(
      range(0, 19).map((k) => ['BID_PLACED', k + 1, amountOf(k)]),
    );
    await until(() => bidsOnA.items.length >= 20, 10_000, 'bidPlaced on A');
    expect(bidsOnA.items.map((x) => x.sequence)).toEqual(range(1, 20));
    expect(bidsOnA.items.map((x) => x.biddingNumber)).toEqual(
      range(0, 19).map((k) => auction.bidders[k % 2].biddingNumber),
    );
    expect([...onA.errors, ...bidsOnA.errors]).toEqual([]);
  }, 30_000);

  it('with both instances running, an auction in timed bidding is awarded once', async () => {
    const { auctionId, bidders: two } = timed;
    const onA = follow(a!, auctionId, 0);
    const onB = follow(b!, auctionId, 0);
    await until(() => onB.items.some((e) => e.type === 'TIMED_BIDDING_STARTED'), 15_000, 'timed bidding');
    // one timed bid through each instance: each restarts the round
    await bid(a!, two[0], auctionId, amountOf(20));
    await bid(b!, two[1], auctionId, amountOf(21));
    await until(
      () => [onA, onB].every((f) => f.items.some((e) => e.type === 'AWARDED')),
      15_000,
      'AWARDED on both',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both schedulers had their chance again
    expect(await awardedEvents(auctionId)).toHaveLength(1);
    for (const f of [onA, onB]) {
      expect(f.items.filter((e) => e.type === 'AWARDED')).toHaveLength(1);
      expect(f.items.map((e) => e.sequence)).toEqual(range(1, f.items.length));
      expect(f.errors).toEqual([]);
    }
    expect(onA.items).toEqual(onB.items);
    const lastBid = onA.items.filter((e) => e.type === 'BID_PLACED').at(-1)!;
    const awarded = onA.items.find((e) => e.type === 'AWARDED')!;
    expect(Date.parse(awarded.occurredAt)).toBe(Date.parse(lastBid.phaseEndsAt!));
  }, 30_000);

  it('when one instance is killed mid-round, the other awards the auction on time', async () => {
    const auction = await qualifiedAuction('MULTI-K');
    await openQuoting(auction.auctionId, 3000);
    const onB = follow(b!, auction.auctionId, 0);
    await until(() => onB.items.some((e) => e.type === 'QUOTING_OPENED'), 10_000, 'quoting');
    await bid(a!, auction.bidders[0], auction.auctionId, amountOf(0));
    await bid(b!, auction.bidders[1], auction.auctionId, amountOf(1));
    await until(() => onB.items.some((e) => e.type === 'TIMED_BIDDING_STARTED'), 10_000, 'timed bidding');
    // a timed bid through A restarts the round; then A dies without a word
    await bid(a!, auction.bidders[0], auction.auctionId, amountOf(2));
    a!.child.kill('SIGKILL');
    expect(await a!.exited).toBe('SIGKILL');
    await until(() => onB.items.some((e) => e.type === 'AWARDED'), 10_000, 'AWARDED by B');
    const lastBid = onB.items.filter((e) => e.type === 'BID_PLACED').at(-1)!;
    const deadline = Date.parse(lastBid.phaseEndsAt!);
    const awardedIndex = onB.items.findIndex((e) => e.type === 'AWARDED');
    expect(Date.parse(onB.items[awardedIndex].occurredAt)).toBe(deadline);
    // on time: the surviving scheduler wakes at the stored deadline (it sleeps at most a second)
    const lateBy = onB.at[awardedIndex] - deadline;
    expect(lateBy).toBeGreaterThanOrEqual(-50);
    expect(lateBy).toBeLessThan(1500);
    expect(await awardedEvents(auction.auctionId)).toHaveLength(1);
    expect(onB.items.map((e) => e.sequence)).toEqual(range(1, onB.items.length));
    expect(onB.errors).toEqual([]);
  }, 30_000);
});
