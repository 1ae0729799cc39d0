/**
 * PostgreSQL goes away for a while and comes back, through a TCP proxy the test controls (the shared
 * PostgreSQL itself is never touched): meanwhile requests fail fast with SERVICE_UNAVAILABLE and /readyz says
 * 503; afterwards the same servers, never restarted, answer 200, take bids again, and every one of 100
 * subscribers has every event once and in order; no accepted bid is lost or doubled. Two servers (two
 * schedulers) share the database and one clock; quoting ends while the database is away, and the move to timed
 * bidding happens once, after it is back. With TEST_REDIS_URL the subscribers are split over both servers.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../src/common/clock';
import { describeIf, testPostgresUrl, testRedisUrl } from '../helpers/environment';
import {
  AUCTION_EVENTS,
  AUCTION_STATUS,
  auctionInQuoting,
  PLACE_BID,
  storedSequences,
} from '../helpers/land-flow';
import { until } from '../helpers/live';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../helpers/server';

const CUT_MS = 5000;
const SUBSCRIBERS = 100;

/** A TCP proxy that can cut every connection and refuse new ones until restored. */
class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private cut = false;
  private server?: Server;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (this.cut) {
        client.destroy();
        return;
      }
      const upstream = connect(this.port, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  goAway(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  comeBack(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    this.goAway();
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describeIf(!!testPostgresUrl(), 'needs TEST_DATABASE_URL (PostgreSQL)')(
  'PostgreSQL goes away for 5 s',
  () => {
    let db: TestDatabase;
    let proxy: CuttableProxy;
    let server: TestServer;
    let other: TestServer;
    const clients: Client[] = [];
    const redisUrl = testRedisUrl();

    beforeAll(async () => {
      db = await createTestDatabase('postgresql');
      const direct = new URL(db.config.kind === 'postgresql' ? db.config.url : '');
      proxy = new CuttableProxy(direct.hostname, Number(direct.port || 5432));
      const viaProxy = new URL(direct.href);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(await proxy.start());
      const clock = new ManualClock('2024-11-01T00:00:00+08:00');
      const proxied = { ...db, config: { kind: 'postgresql' as const, url: viaProxy.href } };
      server = await startTestServer({ db: proxied, clock, config: { redisUrl } });
      other = await startTestServer({ db: proxied, clock, seed: false, config: { redisUrl } });
    }, 60_000);
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await Promise.all([server?.close(), other?.close()]);
      await proxy?.close();
      await db?.drop();
    });

    const readyz = async (on = server) => (await fetch(on.url.replace('/graphql', '/readyz'))).status;

    it('fails fast with SERVICE_UNAVAILABLE, reports 503, then recovers without a restart, losing and doubling nothing', async () => {
      const auction = await auctionInQuoting(server, 'FAULT-PG');
      const seen: number[][] = [];
      const failures: unknown[] = [];
      for (let i = 0; i < SUBSCRIBERS; i++) {
        // viewers arrive in groups of 20, not all in one millisecond (each subscribe reads the database once)
        if (i > 0 && i % 20 === 0)
          await until(() => seen.every((s) => s.length > 0), 15_000, `subscribers ${i - 20}–${i - 1}`);
        const got: number[] = [];
        seen.push(got);
        // without Redis the servers do not share live events: then every subscriber is on the first
        const on = redisUrl && i % 2 ? other : server;
        const client = createClient({ url: on.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
        clients.push(client);
        client.subscribe<{ auctionEvents: { sequence: number } }>(
          { query: AUCTION_EVENTS, variables: { auctionId: auction.auctionId, afterSequence: 0 } },
          {
            next: (r) => (r.data ? got.push(r.data.auctionEvents.sequence) : failures.push(r)),
            error: (e) => failures.push(e),
            complete: () => undefined,
          },
        );
      }
      await until(() => seen.every((s) => s.length > 0), 15_000, 'every subscriber to catch up');

      const [a, b] = auction.bidders;
      let step = 0;
      const accepted: string[] = [];
      const bid = async (token: string) => {
        const amount = (754_180_000 + 12_000_000 * step).toFixed(2);
        const response = await server.request(
          PLACE_BID,
          { input: { auctionId: auction.auctionId, amount, idempotencyKey: `fault-${step}` } },
          { token },
        );
        if (!response.errors) {
          accepted.push(amount);
          step++;
        }
        return response;
      };
      for (let i = 0; i < 4; i++) expect((await bid(i % 2 ? b.token : a.token)).errors).toBeUndefined();
      expect(await readyz()).toBe(200);
      const { auctionByCode } = await server.data<{ auctionByCode: { phaseEndsAt: string } }>(
        AUCTION_STATUS,
        {
          code: 'FAULT-PG',
        },
      );
      const quoteEnd = auctionByCode.phaseEndsAt;

      proxy.goAway();
      const cutAt = Date.now();
      const started = performance.now();
      const during = await bid(a.token);
      const took = performance.now() - started;
      expect(during.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(took).toBeLessThan(4000);
      const read = await server.request('query FaultRead($id: ID!) { auction(id: $id) { status } }', {
        id: auction.auctionId,
      });
      expect(read.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(await readyz()).toBe(503);
      expect(await readyz(other)).toBe(503);
      // quoting ends while the database is away: both schedulers find the move due and cannot make it yet
      (server.clock as ManualClock).set(new Date(Date.parse(quoteEnd) + 1000));

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, CUT_MS - (Date.now() - cutAt))));
      proxy.comeBack();
      await until(
        () => {
          void readyz().then((s) => (ready = s));
          void readyz(other).then((s) => (otherReady = s));
          return ready === 200 && otherReady === 200;
        },
        15_000,
        '/readyz to answer 200 again on both',
      );

      // the same server takes bids again (the idempotency key of the refused bid is used once, now)
      // a client retries what is SERVICE_UNAVAILABLE (the pool may still be reconnecting); nothing else may fail
      for (let i = 0, tries = 0; i < 4 && tries < 20; tries++) {
        const { errors } = await bid(i % 2 ? b.token : a.token);
        if (errors?.[0].extensions?.code === 'SERVICE_UNAVAILABLE') continue;
        expect(errors).toBeUndefined();
        i++;
      }
      expect(accepted).toHaveLength(8);

      const stored = await storedSequences(server, 'FAULT-PG');
      expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      const types = await server.data<{ auction: { events: { type: string }[] } }>(
        'query FaultTypes($id: ID!) { auction(id: $id) { events(first: 100) { type } } }',
        { id: auction.auctionId },
      );
      expect(types.auction.events.filter((e) => e.type === 'TIMED_BIDDING_STARTED')).toHaveLength(1);
      const bids = await server.data<{ auction: { bids: { edges: { node: { amount: string } }[] } } }>(
        'query FaultBids($id: ID!) { auction(id: $id) { bids(first: 100) { edges { node { amount } } } } }',
        { id: auction.auctionId },
      );
      expect(bids.auction.bids.edges.map((e) => e.node.amount).sort()).toEqual([...accepted].sort());
      expect(new Set(accepted).size).toBe(8);

      const last = stored[stored.length - 1];
      await until(() => seen.every((s) => s[s.length - 1] === last), 20_000, 'every subscriber to resume');
      for (const got of seen) expect(got).toEqual(stored.slice(stored.length - got.length));
      for (const got of seen) expect(got[0]).toBe(1);
      expect(failures).toEqual([]);
    }, 60_000);
    let ready = 0;
    let otherReady = 0;
  },
);
