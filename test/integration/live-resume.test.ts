/**
 * Streams made for resuming (issue 18): `bidPlaced(afterSequence)` replays then goes live like
 * `auctionEvents`; both streams complete on the server once trading has ended; an expired token closes the
 * socket with 4440 ("refresh and reconnect"), not 4403. Real graphql-ws clients on real sockets.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ManualClock } from '../../src/common/clock';
import { LiveCloseCode } from '../../src/server/ws/connections';
import { testDatabases } from '../helpers/environment';
import { DEFAULT_TIMES, Land } from '../helpers/land';
import { AUCTION_EVENTS, auctionInQuoting, placeBid, type QuotingAuction } from '../helpers/land-flow';
import { range, until } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const BIDS_AFTER = `subscription ResumeBids($auctionId: ID!, $afterSequence: Int) {
  bidPlaced(auctionId: $auctionId, afterSequence: $afterSequence) { sequence amount biddingNumber }
}`;

const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
const amountOf = (k: number) => yuan(75_418_000_000n + BigInt(k) * 1_200_000_000n);

interface Followed<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  client: Client;
}

const clients = new Set<Client>();
afterEach(async () => {
  await Promise.all([...clients].map((c) => c.dispose()));
  clients.clear();
});

function follow<T>(server: TestServer, query: string, variables: Record<string, unknown>): Followed<T> {
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  clients.add(client);
  const got: Followed<T> = { items: [], errors: [], completed: false, client };
  client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (r) => (r.data ? got.items.push(Object.values(r.data)[0]) : got.errors.push(r.errors)),
      error: (e) => got.errors.push(e),
      complete: () => (got.completed = true),
    },
  );
  return got;
}

/** how the server closes a socket that sends connection_init with this Authorization */
function closeOf(server: TestServer, authorization: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })),
    );
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
}

describe.each(testDatabases())('streams made for resuming on %s', (db) => {
  let server: TestServer;
  let auction: QuotingAuction;
  let placed = 0;
  const bid = (bidder = placed % 2) =>
    placeBid(server, auction.bidders[bidder].token, auction.auctionId, amountOf(placed++));

  beforeAll(async () => {
    server = await startTestServer({ db });
    auction = await auctionInQuoting(server, `RESUME-${db}`);
  });
  afterAll(() => server?.close());

  it('bidPlaced(afterSequence) replays the stored bids after it, then goes live, with no gap and no repeat', async () => {
    for (let i = 0; i < 10; i++) await bid();
    const fromFour = follow<{ sequence: number }>(server, BIDS_AFTER, {
      auctionId: auction.auctionId,
      afterSequence: 4,
    });
    const fromStart = follow<{ sequence: number }>(server, BIDS_AFTER, {
      auctionId: auction.auctionId,
      afterSequence: 0,
    });
    const more = (async () => {
      for (let i = 0; i < 20; i++) await bid();
    })();
    await more;
    await until(() => fromFour.items.at(-1)?.sequence === 30 && fromStart.items.at(-1)?.sequence === 30);
    expect(fromFour.items.map((b) => b.sequence)).toEqual(range(5, 30));
    expect(fromStart.items.map((b) => b.sequence)).toEqual(range(1, 30));
    expect([...fromFour.errors, ...fromStart.errors]).toEqual([]);
    expect(fromFour.completed).toBe(false);
  });

  it('refuses an afterSequence that is no bid of the auction, with BAD_USER_INPUT', async () => {
    const past = follow(server, BIDS_AFTER, { auctionId: auction.auctionId, afterSequence: 9999 });
    const negative = follow(server, BIDS_AFTER, { auctionId: auction.auctionId, afterSequence: -1 });
    await until(() => past.errors.length > 0 && negative.errors.length > 0);
    expect(JSON.stringify(past.errors)).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(negative.errors)).toContain('BAD_USER_INPUT');
  });

  it('completes both streams on the server after the AWARDED event is delivered', async () => {
    const events = follow<{ sequence: number; type: string }>(server, AUCTION_EVENTS, {
      auctionId: auction.auctionId,
      afterSequence: 0,
    });
    const bids = follow<{ sequence: number }>(server, BIDS_AFTER, { auctionId: auction.auctionId });
    await until(() => events.items.length >= 32, 15_000, 'the replay');
    await bid(0); // the last bid: bidder 0 leads in quoting
    // quoting ends with bids from two applications: timed bidding, then nobody bids and it is awarded
    const clock = server.clock as ManualClock;
    const land = new Land(server);
    clock.set(new Date(clock.now().getTime() + DEFAULT_TIMES.quoteEnd * 1000));
    await land.view(auction.auctionId);
    clock.set(new Date(clock.now().getTime() + 3600 * 1000));
    expect((await land.view(auction.auctionId)).status).toBe('AWARDED');
    await until(() => events.completed && bids.completed, 15_000, 'both streams to complete');
    const types = events.items.map((e) => e.type);
    expect(types.at(-1)).toBe('AWARDED');
    expect(events.items.map((e) => e.sequence)).toEqual(range(1, events.items.length));
    expect(bids.items.map((b) => b.sequence)).toEqual([31]);
    expect([...events.errors, ...bids.errors]).toEqual([]);
    // the server let go of every subscriber of the auction
    await until(() => server.app.liveStats().live.fanout.subscribers === 0, 5000, 'the fan-out to empty');
  });

  it('after the award: a replay delivers the stored log and completes; a live-only stream completes at once', async () => {
    const replay = follow<{ sequence: number; type: string }>(server, AUCTION_EVENTS, {
      auctionId: auction.auctionId,
      afterSequence: 30,
    });
    const liveOnly = follow(server, AUCTION_EVENTS, { auctionId: auction.auctionId });
    const bidsReplay = follow<{ sequence: number }>(server, BIDS_AFTER, {
      auctionId: auction.auctionId,
      afterSequence: 29,
    });
    await until(() => replay.completed && liveOnly.completed && bidsReplay.completed);
    expect(replay.items.at(-1)?.type).toBe('AWARDED');
    expect(replay.items[0].sequence).toBe(31);
    expect(liveOnly.items).toEqual([]);
    expect(bidsReplay.items.map((b) => b.sequence)).toEqual([30, 31]);
  });

  it('closes with 4440 "refresh and reconnect" for an expired token, and 4403 for a bad one', async () => {
    const clock = server.clock as ManualClock;
    const token = server.token({ roles: [] as never[] }, 60);
    clock.set(new Date(clock.now().getTime() + 120_000));
    const expired = await closeOf(server, `Bearer ${token}`);
    expect(expired.code).toBe(LiveCloseCode.TokenExpired);
    expect(expired.code).toBe(4440);
    expect(expired.reason).toMatch(/refresh the token and reconnect/);
    const forged = await closeOf(server, `Bearer ${token.slice(0, -4)}AAAA`);
    expect(forged.code).toBe(4403);
  });

  it('closes a connected socket with 4440 when its token expires', async () => {
    const token = server.token({ roles: [] as never[] }, 1);
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const acked = new Promise<void>((resolve) =>
      socket.on('message', (data) => String(data).includes('connection_ack') && resolve()),
    );
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    await acked;
    expect(await closed).toBe(4440);
  });
});
