/**
 * npm run bench:soak -- --seconds 1800 [--subscribers 50] [--connections 8]
 *
 * Mixed traffic against one server process (`dist/src/main.js`, demo data, SQLite in a temporary file):
 * auction list and detail reads, party analytics, placeBid attempts, and WebSocket subscribers on the auctions'
 * event streams, for as long as asked. Prints and writes (bench/results/soak.json) per minute: requests,
 * errors by code, p50/p99 latency; and the server's RSS and heap (from its /metrics) with their slope per minute.
 * The bids are attempts by a bidder no auction has qualified: they exercise the whole bid path up to the
 * decision (NOT_QUALIFIED), which is counted as an expected refusal, not an error.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { count, mmss, progress } from '../progress';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signToken } from '../../src/auth/token';
import { Role } from '../../src/common/viewer';

const SECRET = 'soak-secret-0123456789abcdef';
const EXPECTED_REFUSALS = new Set(['NOT_QUALIFIED', 'FORBIDDEN', 'AUCTION_NOT_OPEN', 'NOT_FOUND']);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '180' },
    subscribers: { type: 'string', default: '50' },
    connections: { type: 'string', default: '8' },
  },
});
const seconds = Number(values.seconds);
const root = join(__dirname, '..', '..', '..');
const token = (roles: Role[], extra: Record<string, string> = {}) =>
  signToken(SECRET, { sub: `soak:${roles.join('+')}`, roles, ...extra }, 24 * 3600).token;

interface Minute {
  minute: number;
  requests: number;
  errors: Record<string, number>;
  refusals: number;
  latencies: number[];
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;

/** least-squares slope of y over x */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `soak-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const step = progress('soak');
  step(`starting the server (SQLite, demo seed) for a ${mmss(seconds * 1000)} run …`);
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      NODE_ENV: '',
      DATABASE_URL: `sqlite:${join(dir, 'soak.sqlite')}`,
      JWT_SECRET: SECRET,
      SEED: 'demo',
      LOG_LEVEL: 'info', // the 'listening on' line; requests that succeed are logged at debug
      RATE_LIMIT_PLACE_BID: 'off',
      RATE_LIMIT_ANALYTICS: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
  step(`server up at ${url}`);
  const metricsUrl = url.replace('/graphql', '/metrics');
  const gql = async (query: string, variables: Record<string, unknown>, bearer?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  };

  const analyst = token([Role.ANALYST]);
  const bidder = token([Role.BIDDER], { bidderId: '00000000-0000-4000-8000-000000000000' });
  const auctions = (
    await gql('{ auctions(first: 10) { edges { node { id code } } } }', {})
  ).data.auctions.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
  const orgs = (await gql('{ organizations(first: 5) { edges { node { id } } } }', {}, analyst)).data
    .organizations.edges as { node: { id: string } }[];
  const scopeId = orgs[0].node.id;

  const subscribers = Number(values.subscribers);
  const clients = Array.from({ length: subscribers }, (_, i) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    client.subscribe(
      {
        query: `subscription($a: ID!) { auctionEvents(auctionId: $a) { sequence } }`,
        variables: { a: auctions[i % auctions.length] },
      },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    return client;
  });

  step(
    `${subscribers} subscribers on ${auctions.length} auctions; ${values.connections} connections sending reads, analytics and bids`,
  );

  const operations: [number, () => Promise<{ errors?: { extensions?: { code?: string } }[] }>][] = [
    [
      50,
      () =>
        gql(
          'query SoakList { auctions(first: 20) { edges { node { id code status currentPrice leadingBid { amount } } } } }',
          {},
        ),
    ],
    [
      25,
      () =>
        gql(
          'query SoakDetail($id: ID!) { auction(id: $id) { id code status nextMinimumBid phaseEndsAt events(first: 20) { sequence type } } }',
          { id: auctions[Math.floor(Math.random() * auctions.length)] },
        ),
    ],
    [
      15,
      () =>
        gql(
          'query SoakAnalytics($s: ID!) { mobileMemberSummary(scopeId: $s) { mobileMembers unreported } dutyCompliance(scopeId: $s) { applicable overdue } }',
          { s: scopeId },
          analyst,
        ),
    ],
    [
      10,
      () =>
        gql(
          'mutation SoakBid($input: PlaceBidInput!) { placeBid(input: $input) { sequence } }',
          {
            input: {
              auctionId: auctions[0],
              amount: '754180000.00',
              idempotencyKey: `soak-${Math.random()}`,
            },
          },
          bidder,
        ),
    ],
  ];
  const totalWeight = operations.reduce((s, [w]) => s + w, 0);
  const pick = () => {
    let r = Math.random() * totalWeight;
    for (const [w, op] of operations) if ((r -= w) < 0) return op;
    return operations[0][1];
  };

  const started = Date.now();
  const minutes: Minute[] = [];
  const minuteOf = () => {
    const m = Math.floor((Date.now() - started) / 60_000);
    while (minutes.length <= m)
      minutes.push({ minute: minutes.length + 1, requests: 0, errors: {}, refusals: 0, latencies: [] });
    return minutes[m];
  };
  const memory: { t: number; rss: number; heap: number }[] = [];
  const sampleMemory = async () => {
    const text = await (await fetch(metricsUrl)).text();
    const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    memory.push({
      t: (Date.now() - started) / 60_000,
      rss: read('platform_process_process_resident_memory_bytes') / 1048576,
      heap: read('platform_process_nodejs_heap_size_used_bytes') / 1048576,
    });
  };
  const endAt = started + seconds * 1000;
  let reported = { at: Date.now(), requests: 0 };
  const report = () => {
    const requests = minutes.reduce((n, m) => n + m.requests, 0);
    const errors = minutes.reduce((n, m) => n + Object.values(m.errors).reduce((a, b) => a + b, 0), 0);
    const refusals = minutes.reduce((n, m) => n + m.refusals, 0);
    const now = Date.now();
    const rate = ((requests - reported.requests) * 1000) / Math.max(1, now - reported.at);
    reported = { at: now, requests };
    const current = minutes.at(-1);
    const p99 = current
      ? quantile(
          [...current.latencies].sort((x, y) => x - y),
          0.99,
        )
      : 0;
    const last = memory.at(-1);
    step(
      `${count(requests)} requests (${count(rate)}/s now), ${count(errors)} errors, ${count(refusals)} expected refusals, ` +
        `p99 this minute ${p99.toFixed(1)} ms` +
        (last ? `, RSS ${last.rss.toFixed(0)} MiB heap ${last.heap.toFixed(0)} MiB` : '') +
        `; ${mmss(Math.max(0, endAt - now))} left`,
    );
  };
  const sampler = setInterval(() => {
    report();
    void sampleMemory().catch(() => undefined);
  }, 10_000);
  await Promise.all(
    Array.from({ length: Number(values.connections) }, async () => {
      while (Date.now() < endAt) {
        const t0 = performance.now();
        let code: string | undefined;
        try {
          const result = await pick()();
          code = result.errors?.[0]?.extensions?.code ?? (result.errors ? 'UNKNOWN' : undefined);
        } catch (error) {
          code = `transport:${(error as Error).message}`;
        }
        const minute = minuteOf();
        minute.requests++;
        minute.latencies.push(performance.now() - t0);
        if (code && EXPECTED_REFUSALS.has(code)) minute.refusals++;
        else if (code) minute.errors[code] = (minute.errors[code] ?? 0) + 1;
      }
    }),
  );
  clearInterval(sampler);
  report();
  step('done; stopping the server');
  await sampleMemory();
  await Promise.all(clients.map((c) => c.dispose()));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });

  const rows = minutes.map((m) => {
    const sorted = [...m.latencies].sort((x, y) => x - y);
    return {
      minute: m.minute,
      requests: m.requests,
      perSecond: Math.round(m.requests / 60),
      errors: m.errors,
      expectedRefusals: m.refusals,
      p50ms: Math.round(quantile(sorted, 0.5) * 10) / 10,
      p99ms: Math.round(quantile(sorted, 0.99) * 10) / 10,
    };
  });
  const steady = memory.filter((m) => m.t >= Math.min(1, seconds / 120)); // after warm-up
  const result = {
    seconds,
    subscribers,
    connections: Number(values.connections),
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    minutes: rows,
    memory: {
      first: memory[0],
      last: memory[memory.length - 1],
      rssSlopeMiBPerMinute: Math.round(slope(steady.map((m) => [m.t, m.rss])) * 100) / 100,
      heapSlopeMiBPerMinute: Math.round(slope(steady.map((m) => [m.t, m.heap])) * 100) / 100,
    },
  };
  console.table(rows.map((r) => ({ ...r, errors: JSON.stringify(r.errors) })));
  console.log(JSON.stringify(result.memory), 'load average', result.loadavg.join(' '));
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', `soak-${seconds}s.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
