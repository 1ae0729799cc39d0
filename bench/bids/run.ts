/**
 * npm run bench:bids -- [--db postgresql|sqlite] [--bidders 50] [--seconds 10] [--instances 1|2] [--redis]
 *                       [--paths rawtx,cte,platform,platform-plain] [--profile DIR] [--tag NAME]
 *
 * The bid decision under a race, compared in one run with what the database does with the same work. One hot
 * auction per path; N bidders each bid the nextMinimumBid they last heard and, on BID_TOO_LOW, at once the new
 * one they are told (ALREADY_LEADING: the same amount again after 1 ms). The paths, one after another on the same
 * database server, same bidders, same duration:
 *
 * - platform: placeBid over HTTP (keep-alive) against the real server, started as its own process(es)
 *   (bench/bids/server.ts; `--instances 2`: two processes on one PostgreSQL and one Redis, bidders split;
 *   `--redis`: one process with REDIS_URL set, as a deployment ready for more instances runs — the bid path's
 *   in-memory view of committed state is then off, bid.view.ts says why);
 * - rawtx (PostgreSQL): the same decision as one SQL transaction through a pg.Pool of 20 — begin; select the
 *   auction row for update; check the rung; insert the bid; update price, leader and sequences; insert the
 *   event; commit;
 * - cte (PostgreSQL): the same decision as one statement;
 * - platform-plain (asked for by --paths): the platform again with AUCTION_RECEIPTS=off (fresh server processes
 *   on the same database, a fresh auction): no hash chain on the events and no receipt, so that one run shows
 *   what the verifiable log and the receipts cost. The platform path asks for each accepted bid's receipt.
 *
 * For each path it prints decisions/s, accepted/s, p50/p99, the server's CPU ms per decision (from
 * /proc/PID/stat; platform only) and the ratio to rawtx, and checks in the database that bid and event
 * sequences are gapless, amounts strictly rise and none was accepted twice (and, for the platform, that every
 * decision left its audit entry). Results: bench/results/bids-<db>-<instances>x<bidders>[-tag].json with the
 * commit, the core count and the load average.
 *
 * Environment: BENCH_DATABASE_URL (an admin URL where a database may be created; default
 * postgresql://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL (for --instances 2 and --redis; default
 * redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { Role } from '../../src/common/viewer';
import { createTemporaryPostgresDatabase } from '../../src/db/temporary-database';
import { signToken } from '../../src/auth/token';
import { cpuSeconds } from '../fanout/proc';
import { summarize } from './profile';

const SECRET = 'bench-secret-0123456789abcdef';

interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
  close(): void;
}
const BetterSqlite = createRequire(__filename)('better-sqlite3') as new (
  path: string,
  options: { readonly: boolean },
) => SqliteDatabase;
const STARTING = 100_000_000; // fen: 1,000,000.00 yuan
const INCREMENT = 10_000; // fen: 100.00 yuan

type Kind = 'sqlite' | 'postgresql';
type Outcome = { ok: true } | { ok: false; code: string; next?: number };

interface PathResult {
  path: string;
  seconds: number;
  decisions: number;
  accepted: number;
  decisionsPerSecond: number;
  acceptedPerSecond: number;
  tooLow: number;
  alreadyLeading: number;
  otherErrors: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuMsPerDecision: number | null;
  /** the load generator's own CPU (this process), for telling a client-bound run */
  clientCpuMsPerDecision: number;
  ratioToRawTx: number | null;
  checks: Record<string, boolean | number>;
  loadAverage: number[];
  profile?: { file: string; top: { category: string; ms: number; share: number }[] }[];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const yuan = (fen: number) => (fen / 100).toFixed(2);
const fen = (text: string) => Math.round(Number(text) * 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = fork(join(__dirname, 'server.js'), [], {
    env: { ...process.env, ...env },
    execArgv: ['--max-semi-space-size=64'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.once('message', (m: { type: string; url: string; pid: number }) => {
      if (m.type === 'ready') resolve({ url: m.url, pid: m.pid, child });
    });
  });
}

function ask<T>(server: Server, message: Record<string, unknown>, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      server.child.off('message', on);
      resolve(m as T);
    };
    server.child.on('message', on);
    server.child.send(message);
  });
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  // keep-alive sockets of the bidders may hold a graceful close up
  const force = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(force);
}

type GraphQLAnswer = {
  data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  errors?: { message?: string; extensions?: { code?: string; nextMinimumBid?: string } }[];
};

async function call(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer;
}

const token = (roles: Role[], bidderId?: string) =>
  signToken(SECRET, { sub: `bench:${bidderId ?? roles[0]}`, roles, bidderId }, 3600 * 4).token;

/** An auction in QUOTING with `count` qualified bidders, set up over the API; returns the bidders' tokens. */
async function setUpAuction(url: string, count: number): Promise<{ auctionId: string; tokens: string[] }> {
  const center = token([Role.TRADING_CENTER]);
  const bank = token([Role.BANK]);
  const parcels = await call(url, `{ parcels { edges { node { id } } } }`, {});
  const now = Date.now();
  const iso = (ms: number) => new Date(now + ms).toISOString();
  // set-up over the API takes a while on a busy machine: the schedule is moved forward once every bidder qualified
  const opens = 3_600_000;
  const created = await call(
    url,
    `mutation($input: CreateAuctionInput!) { createAuction(input: $input) { id } }`,
    {
      input: {
        code: `BENCH-${randomBytes(3).toString('hex')}`,
        title: 'bench',
        parcelId: parcels.data!.parcels.edges[0].node.id,
        seller: { name: 's' },
        tradingCenter: { name: 'c' },
        startingPrice: yuan(STARTING),
        increment: yuan(INCREMENT),
        deposit: '1.00',
        schedule: {
          announcementStart: iso(-60_000),
          announcementEnd: iso(opens),
          applicationStart: iso(-60_000),
          applicationEnd: iso(opens),
          depositDeadline: iso(opens),
          quoteStart: iso(opens),
          quoteEnd: iso(4 * 3_600_000),
        },
      },
    },
    center,
  );
  const auctionId = created.data!.createAuction.id as string;
  await call(url, `mutation($id: ID!) { publishAuction(id: $id) { id } }`, { id: auctionId }, center);
  const tokens: string[] = new Array(count);
  const qualify = async (i: number) => {
    const registered = await call(
      url,
      `mutation($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name: `bench ${i}`,
          domestic: true,
          registrationNumber: `BENCH${i}${randomBytes(3).toString('hex')}`,
          // a deposit is accepted only from the bidder's registered basic account (基本户), once its
          // integrity record (诚信库) is complete
          integrityProfileComplete: true,
          basicAccount: { bankName: 'bench bank', accountName: `bench ${i}`, accountNumber: `62220000${i}` },
        },
      },
      center,
    );
    if (!registered.data) throw new Error(`registerBidder: ${JSON.stringify(registered.errors)}`);
    const bidderToken = token([Role.BIDDER], registered.data.registerBidder.id);
    const applied = await call(
      url,
      `mutation($input: ApplyInput!) { applyForAuction(input: $input) { depositAccount { accountNumber } } }`,
      { input: { auctionId } },
      bidderToken,
    );
    if (!applied.data) throw new Error(`applyForAuction: ${JSON.stringify(applied.errors)}`);
    await call(
      url,
      `mutation($input: DepositArrivalInput!) { recordDepositArrival(input: $input) { accepted } }`,
      {
        input: {
          accountNumber: applied.data!.applyForAuction.depositAccount.accountNumber,
          amount: '1.00',
          arrivedAt: new Date().toISOString(),
          bankTransactionId: `BENCH-${i}-${randomBytes(4).toString('hex')}`,
          payerAccountName: `bench ${i}`,
          payerAccountNumber: `62220000${i}`,
        },
      },
      bank,
    );
    tokens[i] = bidderToken;
  };
  for (let i = 0; i < count; i += 5) {
    await Promise.all(Array.from({ length: Math.min(5, count - i) }, (_, j) => qualify(i + j)));
  }
  // suspended before quoting, an auction may resume with a new schedule: quoting opens in 2 s
  await call(
    url,
    `mutation($id: ID!) { suspendAuction(id: $id, reason: "bench") { id } }`,
    { id: auctionId },
    center,
  );
  const soon = Date.now() + 2000;
  const at = (ms: number) => new Date(ms).toISOString();
  const resumed = await call(
    url,
    `mutation($id: ID!, $schedule: AuctionScheduleInput) { resumeAuction(id: $id, schedule: $schedule) { status } }`,
    {
      id: auctionId,
      schedule: {
        announcementStart: iso(-60_000),
        announcementEnd: at(soon),
        applicationStart: iso(-60_000),
        applicationEnd: at(soon - 1000),
        depositDeadline: at(soon - 1000),
        quoteStart: at(soon),
        quoteEnd: iso(4 * 3_600_000),
      },
    },
    center,
  );
  if (!resumed.data) throw new Error(`resumeAuction: ${JSON.stringify(resumed.errors)}`);
  while (Date.now() < soon + 100) await sleep(50);
  return { auctionId, tokens };
}

/**
 * One line per path that a person can follow: the seconds left and what the last second did, rewritten in place
 * on a terminal, one line per second otherwise (a log file).
 */
function startProgress(
  tag: string,
  seconds: number,
  counts: () => { decisions: number; accepted: number },
): { stop(): void } {
  const tty = process.stderr.isTTY;
  const began = performance.now();
  let last = counts();
  const timer = setInterval(() => {
    const now = counts();
    const elapsed = (performance.now() - began) / 1000;
    const left = Math.max(0, Math.ceil(seconds - elapsed));
    const line =
      `${tag.padEnd(8)} ${String(left).padStart(3)} s left  ` +
      `${String(now.decisions - last.decisions).padStart(6)} decisions/s  ` +
      `${String(now.accepted - last.accepted).padStart(4)} accepted/s  ` +
      `(${now.decisions} decisions so far; load ${loadavg()[0].toFixed(2)})`;
    last = now;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      if (tty) process.stderr.write('\n');
    },
  };
}

/** N rung-chasing bidders for `seconds`; decide() is one decision of one path. */
async function race(
  tag: string,
  bidders: number,
  seconds: number,
  decide: (bidder: number, amount: number, key: string) => Promise<Outcome>,
) {
  const latencies: number[] = [];
  let accepted = 0;
  let tooLow = 0;
  let alreadyLeading = 0;
  const otherErrors: Record<string, number> = {};
  const stopAt = performance.now() + seconds * 1000;
  let keys = 0;
  const bidder = async (i: number) => {
    let next = STARTING;
    while (performance.now() < stopAt) {
      const amount = next;
      const started = performance.now();
      const outcome = await decide(i, amount, `${tag}-k${i}-${keys++}`);
      latencies.push(performance.now() - started);
      if (outcome.ok) {
        accepted++;
        next = amount + INCREMENT;
      } else if (outcome.code === 'BID_TOO_LOW') {
        tooLow++;
        if (outcome.next !== undefined && outcome.next > next) next = outcome.next;
      } else if (outcome.code === 'ALREADY_LEADING') {
        alreadyLeading++;
        if (outcome.next !== undefined && outcome.next > next) next = outcome.next;
        await sleep(1);
      } else {
        otherErrors[outcome.code] = (otherErrors[outcome.code] ?? 0) + 1;
        await sleep(5);
      }
    }
  };
  const began = performance.now();
  const progress = startProgress(tag, seconds, () => ({ decisions: latencies.length, accepted }));
  await Promise.all(Array.from({ length: bidders }, (_, i) => bidder(i)));
  progress.stop();
  const elapsed = (performance.now() - began) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seconds: round(elapsed, 2),
    decisions: sorted.length,
    accepted,
    decisionsPerSecond: round(sorted.length / elapsed),
    acceptedPerSecond: round(accepted / elapsed),
    tooLow,
    alreadyLeading,
    otherErrors,
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted.at(-1) ?? 0, 2),
  };
}

/** What the database holds for the auction: gapless bid and event sequences, rising amounts, none twice. */
const CHECK_SQL = {
  bids: `select count(*) as n, coalesce(max(sequence), 0) as maxseq, count(distinct amount) as amounts,
            count(distinct sequence) as sequences,
            sum(case when prev is null or amount > prev then 0 else 1 end) as falls
       from (select sequence, amount, lag(amount) over (order by sequence) as prev from bid where auction_id = $1) x`,
  events: `select count(*) as n, coalesce(max(sequence), 0) as maxseq, count(distinct sequence) as sequences,
              sum(case when type = 'BID_PLACED' then 1 else 0 end) as placed
         from auction_event where auction_id = $1`,
  audit: `select count(*) as n, sum(case when outcome = 'OK' then 1 else 0 end) as ok
        from audit_entry where field = 'placeBid'`,
};

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** `audit`: the platform's audit entries for placeBid before this path ran, and the decisions it made */
async function check(
  query: Query,
  auctionId: string,
  accepted: number,
  audit?: { before: { n: number; ok: number }; decisions: number },
) {
  const num = (row: Record<string, unknown>, k: string) => Number(row[k] ?? 0);
  const [b] = await query(CHECK_SQL.bids, [auctionId]);
  const [e] = await query(CHECK_SQL.events, [auctionId]);
  const result: Record<string, boolean | number> = {
    bids: num(b, 'n'),
    bidsGapless: num(b, 'n') === num(b, 'maxseq') && num(b, 'sequences') === num(b, 'n'),
    amountsStrictlyRise: num(b, 'falls') === 0 && num(b, 'amounts') === num(b, 'n'),
    everyAcceptedStored: num(b, 'n') === accepted,
    eventsGapless: num(e, 'n') === num(e, 'maxseq') && num(e, 'sequences') === num(e, 'n'),
    oneEventPerBid: num(e, 'placed') === num(b, 'n'),
  };
  if (audit) {
    const [a] = await query(CHECK_SQL.audit, []);
    result.auditEntries = num(a, 'n') - audit.before.n;
    result.auditForEveryDecision =
      num(a, 'n') - audit.before.n === audit.decisions && num(a, 'ok') - audit.before.ok === accepted;
  }
  return result;
}

/** Copies the auction row under a new id, reset to no bids (the raw paths' own hot auction). */
async function copyAuction(pool: Pool, sourceId: string): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into auction (id, code, title, parcel_id, seller, trading_center, starting_price, increment, deposit,
        reserve_price, announcement_start, announcement_end, application_start, application_end, deposit_deadline,
        quote_start, quote_end, timed_bidding_round_seconds, joint_application_allowed, document_upload_days,
        status, phase_ends_at, last_bid_sequence, last_event_sequence, version, created_at)
     select $1::uuid, code || '-' || $3::text, title, parcel_id, seller, trading_center, starting_price,
        increment, deposit, reserve_price, announcement_start, announcement_end, application_start, application_end,
        deposit_deadline, quote_start, quote_end, timed_bidding_round_seconds, joint_application_allowed,
        document_upload_days, 'QUOTING', quote_end, 0, 0, 1, created_at
       from auction where id = $2`,
    [id, sourceId, id.slice(0, 8)],
  );
  return id;
}

interface Applicant {
  bidderId: string;
  applicationId: string;
  biddingNumber: string;
}

async function applicantsOf(pool: Pool, auctionId: string): Promise<Applicant[]> {
  const { rows } = await pool.query(
    `select m.bidder_id, a.id, a.bidding_number from application_member m
       join auction_application a on a.id = m.application_id where a.auction_id = $1 order by a.bidding_number`,
    [auctionId],
  );
  return rows.map((r) => ({ bidderId: r.bidder_id, applicationId: r.id, biddingNumber: r.bidding_number }));
}

/** The raw transaction: the same decision and writes as the platform, by hand, holding the row lock. */
function rawTx(pool: Pool, auctionId: string, applicants: Applicant[]) {
  return async (i: number, amount: number, key: string): Promise<Outcome> => {
    const me = applicants[i % applicants.length];
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query(
        `select current_price, starting_price, increment, leading_application_id, last_bid_sequence,
                last_event_sequence, version from auction where id = $1 for update`,
        [auctionId],
      );
      const a = rows[0];
      const price = a.current_price === null ? null : Number(a.current_price);
      const next = price === null ? Number(a.starting_price) : price + Number(a.increment);
      if (a.leading_application_id === me.applicationId) {
        await client.query('rollback');
        return { ok: false, code: 'ALREADY_LEADING', next };
      }
      if (amount < next) {
        await client.query('rollback');
        return { ok: false, code: 'BID_TOO_LOW', next };
      }
      const bidId = randomUUID();
      const now = new Date();
      const sequence = a.last_bid_sequence + 1;
      await client.query(
        `insert into bid (id, auction_id, application_id, bidder_id, sequence, amount, phase, placed_at,
            bidding_number, idempotency_key) values ($1, $2, $3, $4, $5, $6, 'QUOTING', $7, $8, $9)`,
        [bidId, auctionId, me.applicationId, me.bidderId, sequence, amount, now, me.biddingNumber, key],
      );
      await client.query(
        `update auction set current_price = $2, leading_bid_id = $3, leading_application_id = $4,
            last_bid_sequence = $5, last_event_sequence = $6, version = $7 where id = $1`,
        [auctionId, amount, bidId, me.applicationId, sequence, a.last_event_sequence + 1, a.version + 1],
      );
      await client.query(
        `insert into auction_event (id, auction_id, sequence, type, occurred_at, status, bid_id, current_price)
         values ($1, $2, $3, 'BID_PLACED', $4, 'QUOTING', $5, $6)`,
        [randomUUID(), auctionId, a.last_event_sequence + 1, now, bidId, amount],
      );
      await client.query('commit');
      return { ok: true };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** The same decision and writes as one statement. */
function cte(pool: Pool, auctionId: string, applicants: Applicant[]) {
  const sql = `
    with a as (
      select id, current_price, starting_price, increment, leading_application_id, last_bid_sequence,
             last_event_sequence
        from auction where id = $1 for update),
    ok as (
      select * from a
       where a.leading_application_id is distinct from $3::uuid
         and $5::bigint >= coalesce(a.current_price + a.increment, a.starting_price)),
    b as (
      insert into bid (id, auction_id, application_id, bidder_id, sequence, amount, phase, placed_at,
                       bidding_number, idempotency_key)
      select $2::uuid, ok.id, $3, $4, ok.last_bid_sequence + 1, $5, 'QUOTING', now(), $6, $7 from ok
      returning id),
    u as (
      update auction set current_price = $5, leading_bid_id = $2, leading_application_id = $3,
             last_bid_sequence = ok.last_bid_sequence + 1, last_event_sequence = ok.last_event_sequence + 1,
             version = version + 1
        from ok where auction.id = ok.id
      returning auction.last_event_sequence),
    e as (
      insert into auction_event (id, auction_id, sequence, type, occurred_at, status, bid_id, current_price)
      select gen_random_uuid(), $1, u.last_event_sequence, 'BID_PLACED', now(), 'QUOTING', $2, $5 from u)
    select (select count(*) from b) as accepted, a.current_price, a.starting_price, a.increment,
           a.leading_application_id from a`;
  return async (i: number, amount: number, key: string): Promise<Outcome> => {
    const me = applicants[i % applicants.length];
    const { rows } = await pool.query(sql, [
      auctionId,
      randomUUID(),
      me.applicationId,
      me.bidderId,
      amount,
      me.biddingNumber,
      key,
    ]);
    const r = rows[0];
    if (Number(r.accepted) === 1) return { ok: true };
    const next =
      r.current_price === null ? Number(r.starting_price) : Number(r.current_price) + Number(r.increment);
    return {
      ok: false,
      code: r.leading_application_id === me.applicationId ? 'ALREADY_LEADING' : 'BID_TOO_LOW',
      next,
    };
  };
}

/** keep-alive HTTP/1.1 through node:http (lighter on the load generator than fetch) */
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

function post(url: string, body: string, token: string): Promise<GraphQLAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLAnswer);
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function platform(servers: Server[], auctionId: string, tokens: string[], receipts: boolean) {
  // a bidder keeps the receipt of an accepted bid (README: Receipts and the verifiable auction log)
  const query = `mutation($input: PlaceBidInput!) { placeBid(input: $input) { amount${receipts ? ' receipt' : ''} } }`;
  return async (i: number, amount: number, key: string): Promise<Outcome> => {
    const server = servers[i % servers.length];
    const answer = await post(
      server.url,
      JSON.stringify({
        query,
        variables: { input: { auctionId, amount: yuan(amount), idempotencyKey: key } },
      }),
      tokens[i],
    );
    const error = answer.errors?.[0];
    if (!error) return { ok: true };
    const next = error.extensions?.nextMinimumBid;
    return { ok: false, code: error.extensions?.code ?? 'INTERNAL', next: next ? fen(next) : undefined };
  };
}

function commitOf(): string {
  try {
    const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8', cwd: __dirname }).trim();
    // a run of uncommitted code says so
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      encoding: 'utf8',
      cwd: __dirname,
    });
    return dirty.trim() ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'postgresql' },
      bidders: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '10' },
      instances: { type: 'string', default: '1' },
      redis: { type: 'boolean', default: false },
      paths: { type: 'string' },
      profile: { type: 'string' },
      tag: { type: 'string' },
    },
  });
  const kind = values.db as Kind;
  if (kind !== 'sqlite' && kind !== 'postgresql') throw new Error('--db is sqlite or postgresql');
  const bidders = Number(values.bidders);
  const seconds = Number(values.seconds);
  const instances = Number(values.instances);
  if (kind === 'sqlite' && instances !== 1) throw new Error('SQLite serves one instance');
  const paths = (values.paths ?? (kind === 'postgresql' ? 'rawtx,cte,platform' : 'platform')).split(',');
  const loadAtStart = loadavg().map((l) => round(l, 2));
  console.error(
    `bids: ${kind}, ${instances} instance(s), ${bidders} bidders, ${seconds} s per path (${paths.join(', ')}); ` +
      `${cpus().length} cores, load average ${loadAtStart.join(' ')}`,
  );

  let databaseUrl: string;
  let drop: () => Promise<void>;
  let query: Query;
  let pool: Pool | undefined;
  let sqlite: SqliteDatabase | undefined;
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `bench-bids-${randomBytes(4).toString('hex')}.sqlite`);
    databaseUrl = `sqlite:${path}`;
    drop = async () => {
      for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    };
    query = async (sql, params) => {
      sqlite ??= new BetterSqlite(path, { readonly: true });
      return sqlite.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
    };
  } else {
    const admin = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    const temp = await createTemporaryPostgresDatabase(admin, 'bench');
    databaseUrl = temp.url;
    drop = temp.drop;
    pool = new Pool({ connectionString: temp.url, max: 20 });
    query = async (sql, params) => (await pool!.query(sql, params)).rows;
  }
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: SECRET,
    SEED: 'demo',
    PORT: '0',
    // counted as in production, but high enough that the race is never refused for its rate
    RATE_LIMIT_PLACE_BID: '999999/999999/10',
  };
  if (instances > 1 || values.redis) env.REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  // the slow-request lines of a loaded machine would bury the progress lines (LOG_LEVEL=info shows them)
  env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  const servers: Server[] = [];
  const results: PathResult[] = [];
  try {
    servers.push(await startServer(env));
    console.error(`server ready at ${servers[0].url}`);
    for (let i = 1; i < instances; i++) servers.push(await startServer({ ...env, SEED: 'none' }));
    let { auctionId, tokens } = await setUpAuction(servers[0].url, bidders);
    console.error(`set up: auction ${auctionId}, ${tokens.length} bidders`);
    const applicants = pool ? await applicantsOf(pool, auctionId) : [];
    for (const path of paths) {
      await sleep(500);
      let decide: (bidder: number, amount: number, key: string) => Promise<Outcome>;
      if (path === 'platform-plain') {
        // the same platform without the chain and receipts: new processes, and an auction of their own
        for (const s of servers.splice(0)) await stopServer(s);
        const plain = { ...env, AUCTION_RECEIPTS: 'off', SEED: 'none' };
        for (let i = 0; i < instances; i++) servers.push(await startServer(plain));
        ({ auctionId, tokens } = await setUpAuction(servers[0].url, bidders));
        console.error(`platform-plain: servers restarted with AUCTION_RECEIPTS=off, auction ${auctionId}`);
      }
      let target = auctionId;
      if (path === 'platform' || path === 'platform-plain')
        decide = platform(servers, auctionId, tokens, path === 'platform');
      else if (!pool) throw new Error(`${path} needs PostgreSQL`);
      else {
        target = await copyAuction(pool, auctionId);
        decide = path === 'rawtx' ? rawTx(pool, target, applicants) : cte(pool, target, applicants);
      }
      const profiling = path.startsWith('platform') && values.profile;
      if (profiling) {
        mkdirSync(values.profile!, { recursive: true });
        await Promise.all(servers.map((s) => ask(s, { type: 'profile-start' }, 'profile-start')));
      }
      const cpuBefore = servers.map((s) => cpuSeconds(s.pid));
      const [auditRow] = path.startsWith('platform') ? await query(CHECK_SQL.audit, []) : [];
      const auditBefore = { n: Number(auditRow?.n ?? 0), ok: Number(auditRow?.ok ?? 0) };
      console.error(`${path}: racing ${seconds} s`);
      const clientBefore = process.cpuUsage();
      const measured = await race(path, bidders, seconds, decide);
      const client = process.cpuUsage(clientBefore);
      const cpu = servers.reduce((sum, s, i) => sum + cpuSeconds(s.pid) - cpuBefore[i], 0);
      const loadAverage = loadavg().map((l) => round(l, 2));
      let profile: PathResult['profile'];
      if (profiling) {
        const files = await Promise.all(
          servers.map((s, i) =>
            ask<{ path: string }>(
              s,
              { type: 'profile-stop', dir: values.profile, tag: `${values.tag ?? 'run'}-${i}` },
              'profile-stop',
            ),
          ),
        );
        const { readFileSync } = await import('node:fs');
        profile = files.map((f) => ({
          file: f.path,
          top: summarize(JSON.parse(readFileSync(f.path, 'utf8')), 15).categories,
        }));
      }
      console.error(`${path}: ${measured.decisions} decisions; checking`);
      await sleep(300); // the last audit entries of refusals
      const checks = await check(
        query,
        target,
        measured.accepted,
        path.startsWith('platform') ? { before: auditBefore, decisions: measured.decisions } : undefined,
      );
      results.push({
        path,
        ...measured,
        serverCpuMsPerDecision: path.startsWith('platform')
          ? round((cpu * 1000) / measured.decisions, 3)
          : null,
        clientCpuMsPerDecision: round((client.user + client.system) / 1000 / measured.decisions, 3),
        ratioToRawTx: null,
        checks,
        loadAverage,
        profile,
      });
    }
  } finally {
    for (const s of servers) await stopServer(s);
    sqlite?.close();
    await pool?.end();
    await drop();
  }
  const raw = results.find((r) => r.path === 'rawtx');
  for (const r of results)
    r.ratioToRawTx = raw ? round(r.decisionsPerSecond / raw.decisionsPerSecond, 2) : null;
  const out = {
    db: kind,
    instances,
    redis: instances > 1 || values.redis,
    bidders,
    seconds,
    commit: commitOf(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    /** 1, 5 and 15 minute load averages before the first path and after the last (each path has its own too) */
    loadAverage: { start: loadAtStart, end: loadavg().map((l) => round(l, 2)) },
    at: new Date().toISOString(),
    results,
  };
  const outDir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(
    outDir,
    `bids-${kind}-${instances}x${bidders}${values.redis ? '-redis' : ''}${values.tag ? `-${values.tag}` : ''}.json`,
  );
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `${kind}, ${instances} instance(s), ${bidders} bidders, ${seconds} s per path, commit ${out.commit}, ` +
      `${out.cpus} cores, load average ${out.loadAverage.start.join(' ')} → ${out.loadAverage.end.join(' ')}`,
  );
  console.table(
    results.map((r) => ({
      path: r.path,
      'decisions/s': r.decisionsPerSecond,
      'accepted/s': r.acceptedPerSecond,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'server CPU ms/decision': r.serverCpuMsPerDecision ?? '',
      'client CPU ms/decision': r.clientCpuMsPerDecision,
      'ratio to rawtx': r.ratioToRawTx ?? '',
      exact: Object.values(r.checks).every((v) => v !== false),
      load: r.loadAverage.join(' '),
    })),
  );
  for (const r of results) {
    const failed = Object.entries(r.checks).filter(([, v]) => v === false);
    if (failed.length) console.log(`${r.path}: FAILED checks ${failed.map(([k]) => k).join(', ')}`, r.checks);
    for (const p of r.profile ?? []) {
      console.log(`profile ${p.file}`);
      console.table(p.top);
    }
  }
  console.log(`written to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
