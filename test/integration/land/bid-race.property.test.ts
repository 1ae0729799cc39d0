/**
 * The race path of placeBid (src/land/bid/bid.race.ts) answers exactly what the locked path answers (DOMAIN.md
 * §1.4, §1.5, §1.7). fast-check drives random command sequences against two twin auctions on one server: every
 * sequential command runs on auction A through the race path and on auction B through the locked path only
 * (racePath.enabled = false), and the answers and the auctions' states must be equal after each. Commands: bids
 * at, below, above and off the ladder by several bidders, retries with the same key (same and other amount),
 * suspensions and resumes, the clock moving (quoting ends, timed rounds end), restarts of the server, and
 * bursts of bids fired at once on A (then replayed in A's order on B). After each sequence: gapless bid and event
 * sequences, strictly rising amounts, one bid per amount, a BID_PLACED event per bid, and an audit entry per
 * accepted bid (and per replay). Time comes from the injected clock; nothing sleeps.
 *
 * The same property with two instances on one PostgreSQL and one Redis (sharing the clock): the race path's bids
 * on A alternate between the instances and a burst is split across them, the operator acts on A through the
 * second instance; the locked path's twin B is driven through the first. Every answer must still be the locked
 * path's.
 */
import fc from 'fast-check';
import { ManualClock } from '../../../src/common/clock';
import { racePath } from '../../../src/land/bid/bid.race';
import { viewCounts } from '../../../src/land/bid/bid.view';
import {
  describeIf,
  testDatabases,
  testPostgresUrl,
  testRedisUrl,
  type DbKind,
} from '../../helpers/environment';
import {
  createTestDatabase,
  startTestServer,
  type GraphQLResponse,
  type TestDatabase,
  type TestServer,
} from '../../helpers/server';
import { Land, type TestBidder } from '../../helpers/land';
import {
  AuctionDocument,
  AuctionEventsDocument,
  ResumeAuctionDocument,
  SuspendAuctionDocument,
  type PlaceBidMutation,
} from '../../operations/generated';

const START = Date.parse('2026-03-02T09:00:00+08:00');
const INCREMENT = 500; // fen
const STARTING = 10_000; // fen
const yuan = (fen: number) => (fen / 100).toFixed(2);
const fen = (text: string) => Math.round(Number(text) * 100);

type Command =
  | { kind: 'bid'; who: number; rung: number; offLadder: boolean }
  | { kind: 'retry'; who: number; sameAmount: boolean }
  | { kind: 'burst'; who: number[]; rung: number[]; duplicate: boolean }
  | { kind: 'suspend' }
  | { kind: 'resume' }
  | { kind: 'advance'; seconds: number }
  | { kind: 'restart' };

const BIDDERS = 3;
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      who: fc.nat(BIDDERS - 1),
      rung: fc.integer({ min: -1, max: 2 }),
      offLadder: fc.boolean().map((b) => b && Math.random() < 0.3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('retry' as const),
      who: fc.nat(BIDDERS - 1),
      sameAmount: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      who: fc.uniqueArray(fc.nat(BIDDERS - 1), { minLength: 2, maxLength: BIDDERS }),
      rung: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: BIDDERS, maxLength: BIDDERS }),
      duplicate: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'suspend' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.constantFrom(20, 61, 1200) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

type Answer = GraphQLResponse<PlaceBidMutation>;

/** What a placeBid answer says, without what differs between twin auctions (ids, bidding numbers). */
function outcome(r: Answer) {
  if (r.data?.placeBid) {
    const b = r.data.placeBid;
    return {
      sequence: b.sequence,
      amount: b.amount,
      phase: b.phase,
      placedAt: b.placedAt,
      isLeading: b.isLeading,
      auction: { ...b.auction, id: undefined },
    };
  }
  const e = r.errors?.[0];
  return { code: e?.extensions?.code, nextMinimumBid: e?.extensions?.nextMinimumBid, message: e?.message };
}

describe.each(testDatabases())('placeBid: race path and locked path agree, on %s', (db) => {
  raceProperty(db, 1);
});

describeIf(!!testPostgresUrl() && !!testRedisUrl(), 'needs TEST_DATABASE_URL and TEST_REDIS_URL')(
  'placeBid: race path and locked path agree, two instances on one PostgreSQL and one Redis',
  () => {
    raceProperty('postgresql', 2);
  },
);

function raceProperty(db: DbKind, instances: 1 | 2): void {
  let database: TestDatabase;
  /** instance 0 serves the locked twin and the reads; the race path's bids go round all of them */
  let servers: TestServer[];
  let lands: Land[];
  let bidders: TestBidder[];
  let turn = 0;
  const nextInstance = () => turn++ % instances;
  const clock = new ManualClock(new Date(START));
  /** every accepted placeBid answer (new bids and replays): each must have its audit entry */
  const okAnswers: { key: string; auction: string }[] = [];

  const start = async () => {
    servers = [];
    for (let i = 0; i < instances; i++)
      servers.push(
        await startTestServer({
          db: database,
          clock,
          workers: false,
          ...(instances > 1 ? { config: { redisUrl: testRedisUrl() } } : {}),
        }),
      );
    lands = servers.map((s) => new Land(s));
  };
  beforeAll(async () => {
    database = await createTestDatabase(db);
    await start();
    bidders = [];
    for (let i = 0; i < BIDDERS; i++) bidders.push(await lands[0].bidder(`竞买人${i}`));
  });
  afterAll(async () => {
    racePath.enabled = true;
    for (const s of servers ?? []) await s.close();
    await database?.drop();
  });

  async function state(id: string) {
    const auction = (await servers[0].data(AuctionDocument, { id })).auction!;
    const events = (await servers[0].data(AuctionEventsDocument, { id, afterSequence: 0, first: 100 }))
      .auction!.events;
    return {
      status: auction.status,
      phaseEndsAt: auction.phaseEndsAt,
      currentPrice: auction.currentPrice,
      nextMinimumBid: auction.nextMinimumBid,
      bidCount: auction.bidCount,
      events: events.map((e) => ({
        sequence: e.sequence,
        type: e.type,
        status: e.status,
        currentPrice: e.currentPrice,
        phaseEndsAt: e.phaseEndsAt,
        occurredAt: e.occurredAt,
        bid: e.bid ? { sequence: e.bid.sequence, amount: e.bid.amount } : null,
      })),
    };
  }

  async function placeOn(
    id: string,
    who: number,
    amount: string,
    key: string,
    race: boolean,
    instance = 0,
  ): Promise<Answer> {
    racePath.enabled = race;
    try {
      const answer = await lands[instance].bid(bidders[who], id, amount, key);
      if (answer.data?.placeBid) okAnswers.push({ key, auction: id });
      return answer;
    } finally {
      racePath.enabled = true;
    }
  }

  async function restart(): Promise<void> {
    for (const s of servers) await s.close();
    await start();
  }

  async function checkLog(id: string): Promise<void> {
    const s = await state(id);
    expect(s.events.map((e) => e.sequence)).toEqual(s.events.map((_, i) => i + 1));
    const bids = s.events.filter((e) => e.type === 'BID_PLACED').map((e) => e.bid!);
    expect(bids.map((b) => b.sequence)).toEqual(bids.map((_, i) => i + 1));
    expect(bids).toHaveLength(s.bidCount);
    const amounts = bids.map((b) => fen(b.amount));
    for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeGreaterThan(amounts[i - 1]);
    expect(new Set(amounts).size).toBe(amounts.length);
  }

  async function checkAudit(): Promise<void> {
    const rows = (await servers[0].app.orm.em
      .fork()
      .getConnection()
      .execute(`select arguments_summary from audit_entry where field = 'placeBid' and outcome = 'OK'`)) as {
      arguments_summary: string | { input?: { idempotencyKey?: string } };
    }[];
    const keys = rows.map((r) => {
      const summary =
        typeof r.arguments_summary === 'string' ? JSON.parse(r.arguments_summary) : r.arguments_summary;
      return String(summary.input?.idempotencyKey);
    });
    expect(keys.sort()).toEqual(okAnswers.map((a) => a.key).sort());
  }

  /** Two auctions alike on the first instance, in the week of `run`, every bidder qualified, quoting open. */
  async function twinAuctionsInQuoting(run: number): Promise<[string, string]> {
    clock.set(new Date(START + run * 7 * 24 * 3600_000));
    const land = lands[0];
    const auction = () =>
      land.auction({
        increment: yuan(INCREMENT),
        startingPrice: yuan(STARTING),
        timedBiddingRoundSeconds: 60,
      });
    const twins: [string, string] = [await auction(), await auction()];
    for (const b of bidders) for (const id of twins) await land.qualify(b, id);
    clock.advance(660_000); // quoting is open
    return twins;
  }

  it('gives the same answers and leaves the same log, with exact logs and audit', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 6, maxLength: 12 }), async (commands) => {
        run++;
        const land = lands[0];
        const twins = await twinAuctionsInQuoting(run);
        const lastKey: { key: string; amount: number }[] = [];
        let keys = 0;
        const newKey = () => `r${run}-${keys++}`;
        const [A, B] = twins;
        let before = await state(A);
        let stale = false;
        expect(await state(B)).toEqual(before);

        for (const c of commands) {
          if (stale && c.kind === 'burst') {
            // a burst is checked against the state it starts from: let the clock's step be taken first
            before = await state(A);
            expect(await state(B)).toEqual(before);
            stale = false;
          }
          const next = fen(before.nextMinimumBid);
          if (c.kind === 'bid' || c.kind === 'retry') {
            let key: string;
            let amount: number;
            if (c.kind === 'bid' || !lastKey[c.who]) {
              const rung = c.kind === 'bid' ? c.rung : 0;
              amount = next + rung * INCREMENT + (c.kind === 'bid' && c.offLadder ? INCREMENT / 5 : 0);
              key = newKey();
            } else {
              key = lastKey[c.who].key;
              amount = lastKey[c.who].amount + (c.sameAmount ? 0 : INCREMENT);
            }
            lastKey[c.who] = { key, amount };
            const a = await placeOn(A, c.who, yuan(amount), `A-${key}`, true, nextInstance());
            const b = await placeOn(B, c.who, yuan(amount), `B-${key}`, false);
            expect(outcome(a)).toEqual(outcome(b));
            if (!a.data?.placeBid && !stale) {
              // a refusal changed nothing
              expect(await state(A)).toEqual(before);
            }
          } else if (c.kind === 'burst') {
            const shots = c.who.map((who, i) => ({
              who,
              amount: next + c.rung[i] * INCREMENT,
              key: newKey(),
            }));
            if (c.duplicate) shots.push({ ...shots[0] }); // the same key and amount, at once
            const answers = await Promise.all(
              shots.map((s) => placeOn(A, s.who, yuan(s.amount), `A-${s.key}`, true, nextInstance())),
            );
            const placed = answers.flatMap((r, i) =>
              r.data?.placeBid ? [{ ...shots[i], bid: r.data.placeBid }] : [],
            );
            const order = [...new Map(placed.map((p) => [p.bid.sequence, p])).values()].sort(
              (x, y) => x.bid.sequence - y.bid.sequence,
            );
            // a retry under the same key answers with the same bid
            if (c.duplicate) {
              const same = placed.filter((p) => p.key === shots[0].key).map((p) => p.bid.sequence);
              expect(new Set(same).size).toBeLessThanOrEqual(1);
            }
            // every refusal is one the locked path gives at some moment of the burst
            const prices = [before.currentPrice, ...order.map((p) => p.bid.amount)];
            const nextMinimums = new Set(
              prices.map((p) => (p === null ? yuan(STARTING) : yuan(fen(p) + INCREMENT))),
            );
            for (const [i, r] of answers.entries()) {
              if (r.data?.placeBid) continue;
              const e = r.errors![0].extensions!;
              if (before.status !== 'QUOTING' && before.status !== 'TIMED_BIDDING') {
                expect(e.code).toBe('AUCTION_NOT_OPEN');
                continue;
              }
              expect(['BID_TOO_LOW', 'ALREADY_LEADING']).toContain(e.code);
              expect(nextMinimums).toContain(e.nextMinimumBid);
              if (e.code === 'BID_TOO_LOW')
                expect(fen(e.nextMinimumBid as string)).toBeGreaterThan(shots[i].amount);
            }
            // the locked path accepts the same bids in the same order on the twin
            for (const p of order) {
              const b = await placeOn(B, p.who, yuan(p.amount), `B-${p.key}`, false);
              expect(outcome(b)).toMatchObject({
                sequence: p.bid.sequence,
                amount: p.bid.amount,
                placedAt: p.bid.placedAt,
              });
            }
          } else if (c.kind === 'suspend' || c.kind === 'resume') {
            const results = [];
            for (const [i, id] of twins.entries()) {
              // A (the race path's) through the last instance, B through the first
              const server = servers[i === 0 ? instances - 1 : 0];
              const r =
                c.kind === 'suspend'
                  ? await server.request(
                      SuspendAuctionDocument,
                      { id, reason: '系统维护' },
                      { token: land.center },
                    )
                  : await server.request(ResumeAuctionDocument, { id }, { token: land.center });
              results.push(r.errors?.[0]?.extensions?.code ?? 'OK');
            }
            expect(results[0]).toBe(results[1]);
          } else if (c.kind === 'advance') {
            clock.advance(c.seconds * 1000);
            // nothing reads before the next command: its bids find the clock step due, and take it first
            stale = true;
            continue;
          } else {
            await restart();
          }
          stale = false;
          before = await state(A);
          const twin = await state(B);
          expect(twin).toEqual(before);
        }
        for (const id of twins) await checkLog(id);
        await checkAudit();
      }),
      {
        numRuns: 5,
        endOnFailure: true,
        // first, sequences that surely meet a clock step due, a round end, a suspension and a restart
        examples: [
          [
            [
              { kind: 'advance', seconds: 1200 },
              { kind: 'bid', who: 0, rung: -1, offLadder: false },
              { kind: 'bid', who: 1, rung: 0, offLadder: false },
            ],
          ],
          [
            [
              { kind: 'bid', who: 0, rung: 0, offLadder: false },
              { kind: 'bid', who: 1, rung: 0, offLadder: false },
              { kind: 'advance', seconds: 1200 },
              { kind: 'bid', who: 2, rung: 0, offLadder: false },
              { kind: 'bid', who: 0, rung: 1, offLadder: false },
              { kind: 'suspend' },
              { kind: 'bid', who: 1, rung: 1, offLadder: false },
              { kind: 'resume' },
              { kind: 'burst', who: [0, 1], rung: [1, 1, 1], duplicate: true },
              { kind: 'retry', who: 0, sameAmount: true },
              { kind: 'restart' },
              { kind: 'advance', seconds: 61 },
              { kind: 'bid', who: 1, rung: 1, offLadder: false },
            ],
          ],
        ],
      },
    );
  });

  // Runs of bids on A alone (no locked-path write in between), so that the race path answers from its view of
  // committed state (bid.view.ts) on one instance; then the same bids, in the same order and at the same clock
  // time, on B through the locked path. Every answer must be the same.
  type Solo =
    | { kind: 'bid'; who: number; rung: number; offLadder: boolean }
    | { kind: 'retry'; who: number; sameAmount: boolean }
    | { kind: 'suspend' }
    | { kind: 'resume' };
  const solo: fc.Arbitrary<Solo> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('bid' as const),
        who: fc.nat(BIDDERS - 1),
        rung: fc.integer({ min: -1, max: 1 }),
        offLadder: fc.boolean().map((b) => b && Math.random() < 0.2),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('retry' as const),
        who: fc.nat(BIDDERS - 1),
        sameAmount: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'suspend' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
  );

  it('answers from memory what the locked path answers, in runs of bids on one auction', async () => {
    let run = 7; // the first property took weeks 1 to 7; the bidders' tokens last 90 days
    const usedBefore = viewCounts.used;
    await fc.assert(
      fc.asyncProperty(fc.array(solo, { minLength: 8, maxLength: 20 }), async (commands) => {
        run++;
        const land = lands[0];
        const twins = await twinAuctionsInQuoting(run);
        const [A, B] = twins;
        let next = STARTING;
        let keys = 0;
        const lastKey: { key: string; amount: number }[] = [];
        const done: (
          | { kind: 'bid'; who: number; key: string; amount: number }
          | { kind: 'suspend' | 'resume' }
        )[] = [];
        const answersA: unknown[] = [];
        for (const c of commands) {
          if (c.kind === 'suspend' || c.kind === 'resume') {
            const server = servers[instances - 1];
            const r =
              c.kind === 'suspend'
                ? await server.request(
                    SuspendAuctionDocument,
                    { id: A, reason: '系统维护' },
                    { token: land.center },
                  )
                : await server.request(ResumeAuctionDocument, { id: A }, { token: land.center });
            answersA.push(r.errors?.[0]?.extensions?.code ?? 'OK');
            done.push({ kind: c.kind });
            continue;
          }
          let key: string;
          let amount: number;
          if (c.kind === 'bid' || !lastKey[c.who]) {
            const rung = c.kind === 'bid' ? c.rung : 0;
            amount = next + rung * INCREMENT + (c.kind === 'bid' && c.offLadder ? INCREMENT / 5 : 0);
            key = `s${run}-${keys++}`;
          } else {
            key = lastKey[c.who].key;
            amount = lastKey[c.who].amount + (c.sameAmount ? 0 : INCREMENT);
          }
          lastKey[c.who] = { key, amount };
          const a = await placeOn(A, c.who, yuan(amount), `A-${key}`, true, nextInstance());
          answersA.push(outcome(a));
          done.push({ kind: 'bid', who: c.who, key, amount });
          if (a.data?.placeBid) next = fen(a.data.placeBid.amount) + INCREMENT;
          else if (a.errors?.[0]?.extensions?.nextMinimumBid)
            next = fen(a.errors[0].extensions.nextMinimumBid as string);
        }
        const answersB: unknown[] = [];
        for (const d of done) {
          if (d.kind === 'bid') {
            answersB.push(outcome(await placeOn(B, d.who, yuan(d.amount), `B-${d.key}`, false)));
          } else {
            const r =
              d.kind === 'suspend'
                ? await servers[0].request(
                    SuspendAuctionDocument,
                    { id: B, reason: '系统维护' },
                    { token: land.center },
                  )
                : await servers[0].request(ResumeAuctionDocument, { id: B }, { token: land.center });
            answersB.push(r.errors?.[0]?.extensions?.code ?? 'OK');
          }
        }
        expect(answersA).toEqual(answersB);
        expect(await state(A)).toEqual(await state(B));
        for (const id of twins) await checkLog(id);
        await checkAudit();
      }),
      { numRuns: 4, endOnFailure: true },
    );
    // one instance (no Redis) answers from its view; two never do (their views could be behind each other)
    if (instances === 1) expect(viewCounts.used).toBeGreaterThan(usedBefore);
    else expect(viewCounts.used).toBe(usedBefore);
  });
}
