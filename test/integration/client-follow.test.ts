/**
 * @land-party/client's followAuction and liveClientOptions against the real server (the package's source,
 * as the tarball test runs its build): a server-side socket drop mid-stream loses and repeats nothing, an
 * expired token is refreshed once through the callback, a bad token is not retried, and the stream ends
 * with the award.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  backoffDelay,
  followAuction,
  liveClientOptions,
  LiveCloseCode,
  type LiveAuctionEvent,
} from '../../packages/client/src/index';
import type { ManualClock } from '../../src/common/clock';
import { testDatabases } from '../helpers/environment';
import { auctionInQuoting, award, placeBid, type QuotingAuction } from '../helpers/land-flow';
import { range, until } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
const amountOf = (k: number) => yuan(75_418_000_000n + BigInt(k) * 1_200_000_000n);

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with jitter between half and all of it', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { random: () => 0.999999 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0 })).toBe(2000);
    expect(backoffDelay(20, { random: () => 0.5 })).toBe(22500);
  });
});

describe.each(testDatabases())('followAuction on %s', (db) => {
  let server: TestServer;
  let auction: QuotingAuction;
  let placed = 0;
  const bid = () =>
    placeBid(server, auction.bidders[placed % 2].token, auction.auctionId, amountOf(placed++));

  beforeAll(async () => {
    server = await startTestServer({ db });
    auction = await auctionInQuoting(server, `FOLLOW-${db}`);
  });
  afterAll(() => server?.close());

  it('resumes after the server drops the socket mid-stream, with no gap and no repeat, and ends at the award', async () => {
    for (let i = 0; i < 5; i++) await bid();
    let connected = 0;
    const client = createClient(
      liveClientOptions({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        backoff: { baseMs: 20, maxMs: 200 },
        on: { connected: () => connected++ },
      }),
    );
    clients.push(client);
    const seen: LiveAuctionEvent[] = [];
    const following = followAuction(client, auction.auctionId, {
      afterSequence: 3,
      onEvent: (e) => seen.push(e),
    });
    await until(() => seen.length >= 4, 15_000, 'the replay');
    expect(server.app.dropLiveConnections()).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await bid(); // while the client is away
    await until(() => connected >= 2, 15_000, 'the reconnect');
    for (let i = 0; i < 5; i++) await bid();
    await award(server, auction.auctionId);
    const result = await following.done;
    expect(result.finalStatus).toBe('AWARDED');
    expect(seen.map((e) => e.sequence)).toEqual(range(4, result.lastSequence));
    expect(seen.at(-1)?.type).toBe('AWARDED');
    // events 1–3 are PUBLISHED, QUOTING_OPENED and bid 1: every later bid, each once
    expect(seen.flatMap((e) => (e.bid ? [e.bid.sequence] : []))).toEqual(range(2, 20));
    expect(connected).toBe(2);
  });

  it('refreshes an expired token once through the callback (4440) and goes on', async () => {
    const clock = server.clock as ManualClock;
    const stale = server.token({ roles: [] as never[] }, 60);
    clock.set(new Date(clock.now().getTime() + 120_000));
    const closes: number[] = [];
    let refreshed = 0;
    const client = createClient(
      liveClientOptions({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        token: () => stale,
        refreshToken: () => {
          refreshed++;
          return server.token({ roles: [] as never[] }, 3600);
        },
        backoff: { baseMs: 20, maxMs: 200 },
        on: { closed: (e) => closes.push((e as { code: number }).code) },
      }),
    );
    clients.push(client);
    const seen: number[] = [];
    const following = followAuction(client, auction.auctionId, {
      afterSequence: 0,
      onEvent: (e) => seen.push(e.sequence),
    });
    const result = await following.done; // the auction was awarded by the previous test: replay, then end
    expect(closes[0]).toBe(LiveCloseCode.TokenExpired);
    expect(refreshed).toBe(1);
    expect(seen).toEqual(range(1, result.lastSequence));
    expect(result.finalStatus).toBe('AWARDED');
  });

  it('does not retry a bad token (4403): done rejects at once', async () => {
    const client = createClient(
      liveClientOptions({ url: server.wsUrl, webSocketImpl: WebSocket, token: 'not-a-jwt' }),
    );
    clients.push(client);
    const started = Date.now();
    await expect(
      followAuction(client, auction.auctionId, { onEvent: () => undefined }).done,
    ).rejects.toMatchObject({ code: 4403 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects with the GraphQL error for an unknown auction', async () => {
    const client = createClient(liveClientOptions({ url: server.wsUrl, webSocketImpl: WebSocket }));
    clients.push(client);
    await expect(
      followAuction(client, '00000000-0000-4000-8000-000000000000', { onEvent: () => undefined }).done,
    ).rejects.toMatchObject({ name: 'LiveSubscriptionError', message: expect.stringMatching(/not found/i) });
  });
});
