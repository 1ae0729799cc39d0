/**
 * Redis goes away for 5 s and comes back. The suite starts its own `redis-server` on a free port (the shared
 * one is never touched), stops it with SIGKILL and starts it again, empty, on the same port. Two servers on one
 * PostgreSQL database share one auction over it. Meanwhile bids and reads still work (they need only
 * PostgreSQL), /readyz says 503 on both, and the rate limits let requests through as the README documents;
 * afterwards the same servers, never restarted, answer 200, count the limits in Redis again, and every
 * subscriber on either instance has every event once and in order (those that joined during the outage too);
 * no accepted bid is lost or doubled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../src/common/clock';
import { describeIf, testPostgresUrl } from '../helpers/environment';
import { AUCTION_EVENTS, auctionInQuoting, PLACE_BID, storedSequences } from '../helpers/land-flow';
import { until } from '../helpers/live';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../helpers/server';

const CUT_MS = 5000;
const SUBSCRIBERS_PER_INSTANCE = 30;
/** anonymous analytics: 3 per IP in a window the stopped clock never leaves */
const ANALYTICS_PER_IP = 3;

const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A redis-server of the suite's own, without persistence: started again, it is empty. */
class OwnRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${output}`));
      });
    });
  }

  /** gone at once, as a crashed or partitioned Redis: no goodbye to the clients */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

interface Follower {
  instance: 'A' | 'B';
  got: number[];
  errors: unknown[];
}

describeIf(
  !!testPostgresUrl() && redisServerInstalled,
  'needs TEST_DATABASE_URL (PostgreSQL) and redis-server on the PATH',
)('Redis goes away for 5 s', () => {
  let db: TestDatabase;
  let redis: OwnRedis;
  let a: TestServer;
  let b: TestServer;
  const clients: Client[] = [];
  const logged: Record<'A' | 'B', string[]> = { A: [], B: [] };

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    db = await createTestDatabase('postgresql');
    const clock = new ManualClock('2024-11-01T00:00:00+08:00');
    const config = {
      redisUrl: redis.url,
      rateLimits: {
        signIn: { perSubject: 0, perIp: 0, windowSeconds: 60 },
        placeBid: { perSubject: 0, perIp: 0, windowSeconds: 60 },
        analytics: { perSubject: 100, perIp: ANALYTICS_PER_IP, windowSeconds: 3600 },
      },
    };
    // one clock for both, as one wall clock for two machines
    a = await startTestServer({ db, clock, config, log: (m) => logged.A.push(m) });
    b = await startTestServer({ db, clock, config, seed: false, log: (m) => logged.B.push(m) });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a?.close(), b?.close()]);
    await redis?.kill();
    await db?.drop();
  });

  const readyz = async (server: TestServer) => {
    const response = await fetch(server.url.replace('/graphql', '/readyz'));
    return {
      status: response.status,
      body: (await response.json()) as { redis: unknown; database: unknown },
    };
  };

  const follow = (instance: 'A' | 'B', auctionId: string): Follower => {
    const follower: Follower = { instance, got: [], errors: [] };
    const client = createClient({
      url: (instance === 'A' ? a : b).wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe<{ auctionEvents: { sequence: number } }>(
      { query: AUCTION_EVENTS, variables: { auctionId, afterSequence: 0 } },
      {
        next: (r) => (r.data ? follower.got.push(r.data.auctionEvents.sequence) : follower.errors.push(r)),
        error: (e) => follower.errors.push(e),
        complete: () => undefined,
      },
    );
    return follower;
  };

  const SUMMARY = 'query FaultSummary { auctionSummary { auctions } }';
  const summaryCode = async (server: TestServer) => {
    const response = await server.request(SUMMARY);
    return response.errors ? String(response.errors[0].extensions?.code) : 'ok';
  };

  it('keeps bids and reads going, reports 503, lets the limits through, then fans out again, losing and doubling nothing', async () => {
    const auction = await auctionInQuoting(a, 'FAULT-REDIS');
    const followers: Follower[] = [];
    for (let i = 0; i < SUBSCRIBERS_PER_INSTANCE; i++) followers.push(follow('A', auction.auctionId));
    for (let i = 0; i < SUBSCRIBERS_PER_INSTANCE; i++) followers.push(follow('B', auction.auctionId));
    await until(() => followers.every((f) => f.got.length > 0), 20_000, 'every subscriber to catch up');

    const [first, second] = auction.bidders;
    let step = 0;
    const accepted: string[] = [];
    /** the bidders take turns, and so do the instances (a bid through A, the next through B) */
    const bid = async () => {
      const server = step % 2 ? b : a;
      const token = step % 2 ? second.token : first.token;
      const amount = (754_180_000 + 12_000_000 * step).toFixed(2);
      const started = performance.now();
      const response = await server.request(
        PLACE_BID,
        { input: { auctionId: auction.auctionId, amount, idempotencyKey: `redis-fault-${step}` } },
        { token },
      );
      if (!response.errors) {
        accepted.push(amount);
        step++;
      }
      return { errors: response.errors, ms: performance.now() - started };
    };

    for (let i = 0; i < 4; i++) expect((await bid()).errors).toBeUndefined();
    // fan-out across instances works: every subscriber on A and on B has the bids of both
    await until(() => followers.every((f) => f.got.length === 5), 15_000, 'the first bids on both instances');
    // the limit is shared through Redis: three on A and B together, the fourth refused
    expect([await summaryCode(a), await summaryCode(b), await summaryCode(a), await summaryCode(b)]).toEqual([
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
    ]);
    expect((await readyz(a)).status).toBe(200);
    expect((await readyz(b)).status).toBe(200);

    await redis.kill();
    const cutAt = Date.now();

    // bids and reads need only PostgreSQL: accepted on both instances, without waiting for Redis
    for (let i = 0; i < 4; i++) {
      const during = await bid();
      expect(during.errors).toBeUndefined();
      expect(during.ms).toBeLessThan(2000);
    }
    const read = await b.data<{ auction: { status: string } }>(
      'query FaultRead($id: ID!) { auction(id: $id) { status } }',
      { id: auction.auctionId },
    );
    expect(read.auction.status).toBe('QUOTING');
    // the README: "If Redis stops answering, requests are let through and the server logs it"
    const limited = await Promise.all([a, b, a, b, a, b].map(summaryCode));
    expect(limited).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    for (const instance of ['A', 'B'] as const) {
      expect(logged[instance].filter((m) => m.startsWith('rate limits not enforced'))).toHaveLength(1);
    }
    for (const server of [a, b]) {
      const { status, body } = await readyz(server);
      expect(status).toBe(503);
      expect(body).toMatchObject({ database: true, redis: false });
    }
    // a viewer who comes in now still gets the whole log from storage
    const late = [follow('A', auction.auctionId), follow('B', auction.auctionId)];
    followers.push(...late);
    await until(() => late.every((f) => f.got.length >= 10), 15_000, 'the late subscribers to read storage');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, CUT_MS - (Date.now() - cutAt))));
    await redis.start(); // the same port, empty
    const statuses = { A: 0, B: 0 };
    await until(
      () => {
        void readyz(a).then((r) => (statuses.A = r.status));
        void readyz(b).then((r) => (statuses.B = r.status));
        return statuses.A === 200 && statuses.B === 200;
      },
      15_000,
      '/readyz to answer 200 again on both',
    );

    for (let i = 0; i < 4; i++) expect((await bid()).errors).toBeUndefined();
    // the counts live in Redis again (the new Redis starts empty): three answers, then the refusal
    expect([await summaryCode(b), await summaryCode(a), await summaryCode(b), await summaryCode(a)]).toEqual([
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
    ]);

    const stored = await storedSequences(a, 'FAULT-REDIS');
    // PUBLISHED and QUOTING_OPENED, then the twelve bids
    expect(stored).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const bids = await a.data<{ auction: { bids: { edges: { node: { amount: string } }[] } } }>(
      'query FaultBids($id: ID!) { auction(id: $id) { bids(first: 100) { edges { node { amount } } } } }',
      { id: auction.auctionId },
    );
    expect(bids.auction.bids.edges.map((e) => e.node.amount).sort()).toEqual([...accepted].sort());
    expect(new Set(accepted).size).toBe(12);

    await until(
      () => followers.every((f) => f.got.length >= stored.length),
      20_000,
      'every subscriber on both instances to resume',
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would have arrived by now
    for (const f of followers) {
      expect({ instance: f.instance, got: f.got, errors: f.errors }).toEqual({
        instance: f.instance,
        got: stored,
        errors: [],
      });
    }
  }, 60_000);
});
