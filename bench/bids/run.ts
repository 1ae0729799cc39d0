/**
 * npm run bench:bids [-- --db sqlite|postgresql|both] [--bidders 16] [--seconds 10]
 *
 * One hot auction, N bidders bidding at once over real HTTP against a server started in this process on a fresh
 * database: each bidder bids the nextMinimumBid it last heard of, so bidders race for every rung. Reports accepted
 * bids per second, p50/p99 latency of placeBid, and the races lost (BID_TOO_LOW). Results: bench/results/bids-<db>.json.
 * The load generator shares the process (and the machine's cores) with the server: figures are a floor.
 * PostgreSQL: BENCH_DATABASE_URL (an admin URL where a database may be created), default
 * postgresql://postgres@127.0.0.1:5432/test.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { loadConfig, type DatabaseConfig } from '../../src/config';
import { createTemporaryPostgresDatabase } from '../../src/db/temporary-database';
import { signToken } from '../../src/auth/token';
import { startApp } from '../../src/server/app';

const SECRET = 'bench-secret-0123456789abcdef';

interface Result {
  db: string;
  bidders: number;
  seconds: number;
  attempts: number;
  accepted: number;
  acceptedPerSecond: number;
  attemptsPerSecond: number;
  loadAverage: number[];
  lostRaces: number;
  alreadyLeading: number;
  otherErrors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  gapless: boolean;
  node: string;
  cpus: number;
  at: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

async function database(
  kind: 'sqlite' | 'postgresql',
): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `bench-${randomBytes(4).toString('hex')}.sqlite`);
    return {
      config: { kind, path },
      drop: async () => {
        for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
      },
    };
  }
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const temp = await createTemporaryPostgresDatabase(admin, 'bench');
  return { config: { kind, url: temp.url }, drop: temp.drop };
}

async function run(kind: 'sqlite' | 'postgresql', bidderCount: number, seconds: number): Promise<Result> {
  const db = await database(kind);
  const config = { ...loadConfig({ JWT_SECRET: SECRET, SEED: 'demo', PORT: '0' }), database: db.config };
  const app = await startApp({ config, clock: systemClock, log: () => undefined });
  try {
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as {
        data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        errors?: { extensions?: { code?: string; nextMinimumBid?: string } }[];
      };
    };
    const token = (roles: Role[], bidderId?: string) =>
      signToken(SECRET, { sub: `bench:${bidderId ?? roles[0]}`, roles, bidderId }, 3600).token;
    const center = token([Role.TRADING_CENTER]);
    const bank = token([Role.BANK]);
    const parcels = await call(`{ parcels { edges { node { id } } } }`, {});
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    const opens = 2500 + bidderCount * 60;
    const created = await call(
      `mutation($input: CreateAuctionInput!) { createAuction(input: $input) { id } }`,
      {
        input: {
          code: `BENCH-${randomBytes(3).toString('hex')}`,
          title: 'bench',
          parcelId: parcels.data!.parcels.edges[0].node.id,
          seller: { name: 's' },
          tradingCenter: { name: 'c' },
          startingPrice: '1000000.00',
          increment: '100.00',
          deposit: '1.00',
          schedule: {
            announcementStart: iso(-60_000),
            announcementEnd: iso(opens),
            applicationStart: iso(-60_000),
            applicationEnd: iso(opens),
            depositDeadline: iso(opens),
            quoteStart: iso(opens),
            quoteEnd: iso(3_600_000),
          },
        },
      },
      center,
    );
    const auctionId = created.data!.createAuction.id as string;
    await call(`mutation($id: ID!) { publishAuction(id: $id) { id } }`, { id: auctionId }, center);
    const bidders: string[] = [];
    for (let i = 0; i < bidderCount; i++) {
      const registered = await call(
        `mutation($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`,
        {
          input: {
            kind: 'LEGAL_PERSON',
            name: `bench ${i}`,
            domestic: true,
            registrationNumber: `BENCH${i}${randomBytes(3).toString('hex')}`,
          },
        },
        center,
      );
      const bidderToken = token([Role.BIDDER], registered.data!.registerBidder.id);
      const applied = await call(
        `mutation($input: ApplyInput!) { applyForAuction(input: $input) { depositAccount { accountNumber } } }`,
        { input: { auctionId } },
        bidderToken,
      );
      await call(
        `mutation($input: DepositArrivalInput!) { recordDepositArrival(input: $input) { accepted } }`,
        {
          input: {
            accountNumber: applied.data!.applyForAuction.depositAccount.accountNumber,
            amount: '1.00',
            arrivedAt: new Date().toISOString(),
            bankTransactionId: `BENCH-${i}-${randomBytes(4).toString('hex')}`,
            payerAccountName: 'bench',
          },
        },
        bank,
      );
      bidders.push(bidderToken);
    }
    while (Date.now() < now + opens + 50) await new Promise((r) => setTimeout(r, 50));

    const latencies: number[] = [];
    let accepted = 0;
    let lostRaces = 0;
    let alreadyLeading = 0;
    let otherErrors = 0;
    let nextMinimum = '1000000.00';
    const stopAt = Date.now() + seconds * 1000;
    let key = 0;
    const bidder = async (bidderToken: string) => {
      while (Date.now() < stopAt) {
        const amount = nextMinimum;
        const started = performance.now();
        const response = await call(
          `mutation($input: PlaceBidInput!) { placeBid(input: $input) { amount } }`,
          { input: { auctionId, amount, idempotencyKey: `k${key++}` } },
          bidderToken,
        );
        latencies.push(performance.now() - started);
        const error = response.errors?.[0]?.extensions;
        if (!error) {
          accepted++;
          const next = (Number(response.data!.placeBid.amount) + 100).toFixed(2);
          if (Number(next) > Number(nextMinimum)) nextMinimum = next;
        } else if (error.code === 'BID_TOO_LOW') {
          lostRaces++;
          if (error.nextMinimumBid && Number(error.nextMinimumBid) > Number(nextMinimum))
            nextMinimum = error.nextMinimumBid;
        } else if (error.code === 'ALREADY_LEADING') {
          alreadyLeading++;
          await new Promise((r) => setTimeout(r, 1));
        } else {
          otherErrors++;
        }
      }
    };
    const began = performance.now();
    await Promise.all(bidders.map(bidder));
    const elapsed = (performance.now() - began) / 1000;

    const bids = await call(
      `query($id: ID!) { auction(id: $id) { bidCount bids(first: 1) { totalCount } events(afterSequence: 0, first: 1) { sequence } } }`,
      { id: auctionId },
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      db: kind,
      bidders: bidderCount,
      seconds: Number(elapsed.toFixed(2)),
      attempts: latencies.length,
      accepted,
      acceptedPerSecond: Number((accepted / elapsed).toFixed(1)),
      attemptsPerSecond: Number((latencies.length / elapsed).toFixed(1)),
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      lostRaces,
      alreadyLeading,
      otherErrors,
      p50Ms: Number(percentile(sorted, 50).toFixed(2)),
      p99Ms: Number(percentile(sorted, 99).toFixed(2)),
      maxMs: Number((sorted.at(-1) ?? 0).toFixed(2)),
      gapless: bids.data!.auction.bidCount === accepted && bids.data!.auction.bids.totalCount === accepted,
      node: process.version,
      cpus: cpus().length,
      at: new Date().toISOString(),
    };
  } finally {
    await app.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      bidders: { type: 'string', default: '16' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const kinds =
    values.db === 'both' ? (['sqlite', 'postgresql'] as const) : [values.db as 'sqlite' | 'postgresql'];
  const results: Result[] = [];
  const outDir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  for (const kind of kinds) {
    const result = await run(kind, Number(values.bidders), Number(values.seconds));
    results.push(result);
    writeFileSync(join(outDir, `bids-${kind}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
  console.table(
    results.map((r) => ({
      db: r.db,
      bidders: r.bidders,
      'accepted/s': r.acceptedPerSecond,
      accepted: r.accepted,
      attempts: r.attempts,
      'attempts/s': r.attemptsPerSecond,
      'lost races (BID_TOO_LOW)': r.lostRaces,
      ALREADY_LEADING: r.alreadyLeading,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      gapless: r.gapless,
    })),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
