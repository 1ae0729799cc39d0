/**
 * npm run bench:queries [-- --db sqlite,postgresql] [--seconds 8] [--rounds 4] [--connections 16] [--instances 1|2]
 *                          [--party 3000] [--only name,…] [--tag name] [--postgraphile]
 *                          [--variant '<node options>']
 *
 * The same reads (bench/queries/queries.ts: four land reads and an organization's members, first 50 of its
 * subtree, with mobility status) served by (a) the platform (Express + Apollo + type-graphql + MikroORM and the
 * read path) and (b) the hand-written baseline (`node:http` + graphql `execute` + prepared SQL straight to the
 * driver, bench/queries/baseline.ts), on the SAME seeded database, SQLite and PostgreSQL in one run. Each server
 * runs in its own process (`--instances 2`: two platform processes on one database, requests alternating);
 * the client — `--connections` keep-alive fetch loops for `--seconds` after a warm-up — runs in this process.
 * Each server's `--seconds` are taken in `--rounds` slices, the servers in turn (platform, baseline, variant,
 * PostGraphile, platform, …), so a drift in the machine's speed during the run falls on all of them alike.
 * Before measuring, the two answers to every query are compared and must be equal.
 *
 * `--variant '--max-semi-space-size=4'`: one more platform process started with those NODE_OPTIONS, loaded in
 * the same run after the platform (`platformVariant`, `variantRatio` = its req/s ÷ the platform's): what a
 * runtime flag costs or gains, against the same database and the same machine load.
 *
 * `--postgraphile`: on PostgreSQL, (c) PostGraphile 4.14 as a third column (bench/postgraphile: its own
 * package.json and node_modules, `npm install` in that folder; it needs graphql 15, so it stays out of the
 * server's dependency tree), serving the same database with the land and party reads written as PostGraphile
 * queries (queries.ts); its answers, money formatted and cursors set aside, must equal the platform's too.
 *
 * Per query and server: requests/s, p50/p99 latency, CPU ms per request of the server process(es) (user + system)
 * and, on PostgreSQL, of the database's backends (from /proc/<pid>/stat, so a design that moves work into the
 * database does not look free), peak RSS while loaded. The machine's load average is recorded: compare ratios
 * within one run. Results: bench/results/queries[-tag].json.
 */
import { execSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startedOver, startServer } from './profile';
import { count, progress, type Step } from '../progress';
import { formatMoney } from '../../src/common/money';
import { BENCH_QUERIES, comparable, type BenchIds } from './queries';

type Started = Awaited<ReturnType<typeof startServer>>;

interface Stats {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

/** bench/postgraphile, from dist/bench/queries or bench/queries */
const POSTGRAPHILE_DIR = [
  join(__dirname, '..', '..', '..', 'bench', 'postgraphile'),
  join(__dirname, '..', 'postgraphile'),
].find((dir) => existsSync(join(dir, 'server.js')));

/** PostGraphile in a process of its own, answering the same messages as server.ts ('ready', 'stats'). */
function startPostgraphile(url: string): Promise<Started> {
  if (!POSTGRAPHILE_DIR || !existsSync(join(POSTGRAPHILE_DIR, 'node_modules', 'postgraphile')))
    throw new Error('--postgraphile: run `npm install` in bench/postgraphile first (its own dependencies)');
  const child = fork(join(POSTGRAPHILE_DIR, 'server.js'), [url], {
    cwd: POSTGRAPHILE_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return startedOver(child, 'PostGraphile');
}

const statsOf = async (server: Started) => (await server.ask('stats')) as unknown as Stats;

/** CPU seconds (user + system) of the PostgreSQL backends serving `database`, by pid */
function backendCpu(database: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (!database) return out;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres:') || !cmdline.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in ticks
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

interface Load {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** server process(es) CPU (user + system) per request */
  serverCpuMsPerRequest: number;
  /** PostgreSQL backends' CPU per request (0 on SQLite: the database runs inside the server) */
  databaseCpuMsPerRequest: number;
  peakRssMb: number;
}

/** one slice of load on some servers: the raw figures, summed over the slices of a measurement by `summary` */
interface Slice {
  latencies: number[];
  errors: number;
  seconds: number;
  serverCpuMs: number;
  databaseCpuMs: number;
  peakRss: number;
}

async function load(
  servers: Started[],
  database: string | null,
  bodies: string[],
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<Slice> {
  let turn = 0;
  const latencies: number[] = [];
  let errors = 0;
  let peakRss = 0;
  const sample = setInterval(() => {
    for (const s of servers) void statsOf(s).then(({ memory }) => (peakRss = Math.max(peakRss, memory.rss)));
  }, 250);
  const cpu = async () =>
    (await Promise.all(servers.map(statsOf))).reduce((t, s) => t + s.cpu.user + s.cpu.system, 0);
  const cpuBefore = await cpu();
  const dbBefore = backendCpu(database);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const n = turn++;
        const t = performance.now();
        try {
          const response = await fetch(servers[n % servers.length].url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
            body: bodies[n % bodies.length],
          });
          await response.arrayBuffer();
          if (!response.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(sample);
  const cpuAfter = await cpu();
  let dbSeconds = 0;
  for (const [pid, seconds] of backendCpu(database)) dbSeconds += seconds - (dbBefore.get(pid) ?? 0);
  for (const s of servers) peakRss = Math.max(peakRss, (await statsOf(s)).memory.rss);
  return {
    latencies,
    errors,
    seconds: elapsed,
    serverCpuMs: (cpuAfter - cpuBefore) / 1000,
    databaseCpuMs: dbSeconds * 1000,
    peakRss,
  };
}

/** the figures of one server over all its slices */
function summary(slices: Slice[]): Load {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const n = latencies.length || 1;
  const sum = (f: (s: Slice) => number) => slices.reduce((t, s) => t + f(s), 0);
  return {
    requests: latencies.length,
    errors: sum((s) => s.errors),
    requestsPerSecond: Math.round(latencies.length / sum((s) => s.seconds)),
    p50Ms: Number(at(0.5).toFixed(2)),
    p99Ms: Number(at(0.99).toFixed(2)),
    serverCpuMsPerRequest: Number((sum((s) => s.serverCpuMs) / n).toFixed(3)),
    databaseCpuMsPerRequest: Number((sum((s) => s.databaseCpuMs) / n).toFixed(3)),
    peakRssMb: Math.round(Math.max(...slices.map((s) => s.peakRss)) / 1048576),
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
  });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!response.ok || answer.errors)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

function commitOf(): string | null {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

async function benchDatabase(
  db: 'sqlite' | 'postgresql',
  options: {
    seconds: number;
    rounds: number;
    connections: number;
    instances: number;
    party: number;
    only: string[];
    url: string;
    postgraphile: boolean;
    variant: string | null;
  },
  step: Step,
): Promise<Record<string, unknown>[]> {
  let target: string;
  let database: string | null = null;
  let cleanup: () => Promise<void>;
  if (db === 'postgresql') {
    database = `bench_queries_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: options.url });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(options.url);
    url.pathname = `/${database}`;
    target = url.toString();
    cleanup = async () => {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    };
  } else {
    target = join(tmpdir(), `bench-queries-${randomBytes(6).toString('hex')}.sqlite`);
    cleanup = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    };
  }
  const rows: Record<string, unknown>[] = [];
  const running: Started[] = [];
  try {
    // a platform process of its own migrates and seeds, then stops: the instances measured start on the seeded
    // database as a deployed server would (seeding thousands of rows through the ORM in the measured process
    // would leave its heap grown, and its peak RSS would be the seed's, not the reads')
    step(`${db}: seeding 200 auctions and ${count(options.party)} party members …`);
    const seeder = await startServer(['platform', target, '--seed', '--party', String(options.party)]);
    const seeded = seeder.ready;
    await seeder.stop();
    step(`${db}: seeded; starting the platform …`);
    const first = await startServer(['platform', target]);
    running.push(first);
    step(`${db}: platform up; starting ${options.instances - 1} more instance(s) and the baseline …`);
    const platforms = [first];
    for (let i = 1; i < options.instances; i++) {
      const next = await startServer(['platform', target]);
      running.push(next);
      platforms.push(next);
    }
    const baseline = await startServer(['baseline', target]);
    running.push(baseline);
    let variant: Started | null = null;
    if (options.variant !== null) {
      step(`${db}: starting the platform with NODE_OPTIONS=${options.variant} …`);
      const before = process.env.NODE_OPTIONS;
      process.env.NODE_OPTIONS = options.variant;
      try {
        variant = await startServer(['platform', target]);
      } finally {
        if (before === undefined) delete process.env.NODE_OPTIONS;
        else process.env.NODE_OPTIONS = before;
      }
      running.push(variant);
    }
    let peer: Started | null = null;
    if (options.postgraphile && db === 'postgresql') {
      step(`${db}: starting PostGraphile …`);
      peer = await startPostgraphile(target);
      running.push(peer);
    }
    const list = (await post(
      first.url,
      JSON.stringify({ query: '{ auctions(first: 100) { edges { node { id } } } }' }),
      {},
    )) as {
      auctions: { edges: { node: { id: string } }[] };
    };
    const ids: BenchIds = {
      auction: list.auctions.edges[0].node.id,
      auctions: list.auctions.edges.map((e) => e.node.id),
      partyRoot: seeded.partyRoot,
    };
    const chosen = BENCH_QUERIES.filter((b) => options.only.includes(b.name));
    const phaseSeconds = 2 * (3 + options.seconds);
    for (const [index, q] of chosen.entries()) {
      const left = (chosen.length - index) * phaseSeconds;
      step(
        `${db}: ${q.name} (${index + 1}/${chosen.length}): comparing answers, then ${options.seconds} s on each server (about ${left} s left for ${db})`,
      );
      const bodies = q.bodies(ids);
      const headers: Record<string, string> = q.party ? { authorization: `Bearer ${seeded.partyToken}` } : {};
      const peerBodies = peer ? q.peerBodies(ids) : null;
      for (const [n, body] of bodies.slice(0, 30).entries()) {
        const answers = await Promise.all(
          [...platforms, baseline, ...(variant ? [variant] : [])].map((s) => post(s.url, body, headers)),
        );
        for (const answer of answers.slice(1))
          if (JSON.stringify(answer) !== JSON.stringify(answers[0]))
            throw new Error(
              `${db} ${q.name}: the servers answer differently:\n${JSON.stringify(answers[0]).slice(0, 1500)}\n${JSON.stringify(answer).slice(0, 1500)}`,
            );
        if (peer && peerBodies) {
          const ours = JSON.stringify(comparable(answers[0], formatMoney));
          const theirs = JSON.stringify(comparable(await post(peer.url, peerBodies[n], {}), formatMoney));
          if (ours !== theirs)
            throw new Error(
              `${db} ${q.name}: PostGraphile answers differently:\n${ours.slice(0, 1500)}\n${theirs.slice(0, 1500)}`,
            );
        }
      }
      // every server warmed up (JIT, caches), then measured in `rounds` slices taken in turn, so a change in
      // the machine's speed during the run (other tenants, CPU frequency) falls on all of them alike
      const contenders: { servers: Started[]; bodies: string[]; headers: Record<string, string> }[] = [
        { servers: platforms, bodies, headers },
        { servers: [baseline], bodies, headers },
        ...(variant ? [{ servers: [variant], bodies, headers }] : []),
        ...(peer && peerBodies ? [{ servers: [peer], bodies: peerBodies, headers: {} }] : []),
      ];
      for (const c of contenders)
        await load(c.servers, database, c.bodies, c.headers, 3, options.connections);
      const slices = contenders.map(() => [] as Slice[]);
      for (let round = 0; round < options.rounds; round++)
        for (const [i, c] of contenders.entries())
          slices[i].push(
            await load(
              c.servers,
              database,
              c.bodies,
              c.headers,
              options.seconds / options.rounds,
              options.connections,
            ),
          );
      const [p, base] = slices.map(summary);
      const v: Load | null = variant ? summary(slices[2]) : null;
      const pg: Load | null = peer && peerBodies ? summary(slices[slices.length - 1]) : null;
      step(
        `${db}: ${q.name}: platform ${count(p.requestsPerSecond)}/s, baseline ${count(base.requestsPerSecond)}/s` +
          `${v ? `, variant ${count(v.requestsPerSecond)}/s` : ''}${pg ? `, PostGraphile ${count(pg.requestsPerSecond)}/s` : ''}` +
          `, ${p.errors + base.errors + (v?.errors ?? 0) + (pg?.errors ?? 0)} errors`,
      );
      const cpu = (l: Load) => l.serverCpuMsPerRequest + l.databaseCpuMsPerRequest;
      const row = {
        db,
        query: q.name,
        distinctRequests: bodies.length,
        platform: p,
        baseline: base,
        ratio: Number((p.requestsPerSecond / base.requestsPerSecond).toFixed(2)),
        /** baseline CPU (server + database) per request ÷ the platform's: the ratio with the machine's other load taken out */
        cpuRatio: Number((cpu(base) / cpu(p)).toFixed(2)),
        ...(v && {
          platformVariant: { nodeOptions: options.variant, ...v },
          /** the variant's req/s ÷ the platform's */
          variantRatio: Number((v.requestsPerSecond / p.requestsPerSecond).toFixed(2)),
          variantCpuRatio: Number((cpu(p) / cpu(v)).toFixed(2)),
        }),
        ...(pg && {
          postgraphile: pg,
          /** platform req/s ÷ PostGraphile's (above 1: the platform is ahead) */
          ratioToPostgraphile: Number((p.requestsPerSecond / pg.requestsPerSecond).toFixed(2)),
          cpuRatioToPostgraphile: Number((cpu(pg) / cpu(p)).toFixed(2)),
        }),
        loadavg: loadavg(),
      };
      rows.push(row);
      console.log(
        `${db.padEnd(10)} ${q.name.padEnd(13)} platform ${String(p.requestsPerSecond).padStart(5)} req/s p50/p99 ${p.p50Ms}/${p.p99Ms} ms ` +
          `CPU ${p.serverCpuMsPerRequest}+${p.databaseCpuMsPerRequest} ms RSS ${p.peakRssMb} MB | baseline ${String(base.requestsPerSecond).padStart(5)} req/s ` +
          `p50/p99 ${base.p50Ms}/${base.p99Ms} ms CPU ${base.serverCpuMsPerRequest}+${base.databaseCpuMsPerRequest} ms RSS ${base.peakRssMb} MB | ` +
          `ratio ${row.ratio} CPU ratio ${row.cpuRatio} | load ${loadavg()[0].toFixed(2)}`,
      );
      if (v)
        console.log(
          `${''.padEnd(24)} variant ${String(v.requestsPerSecond).padStart(5)} req/s p50/p99 ${v.p50Ms}/${v.p99Ms} ms ` +
            `CPU ${v.serverCpuMsPerRequest}+${v.databaseCpuMsPerRequest} ms RSS ${v.peakRssMb} MB | ` +
            `variant ÷ platform ${row.variantRatio} CPU ratio ${row.variantCpuRatio} (NODE_OPTIONS=${options.variant})`,
        );
      if (pg)
        console.log(
          `${''.padEnd(24)} PostGraphile ${String(pg.requestsPerSecond).padStart(5)} req/s p50/p99 ${pg.p50Ms}/${pg.p99Ms} ms ` +
            `CPU ${pg.serverCpuMsPerRequest}+${pg.databaseCpuMsPerRequest} ms RSS ${pg.peakRssMb} MB | ` +
            `platform ÷ PostGraphile ${row.ratioToPostgraphile} CPU ratio ${row.cpuRatioToPostgraphile}`,
        );
    }
  } finally {
    for (const s of running) await s.stop();
    await cleanup();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite,postgresql' },
      seconds: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '4' },
      connections: { type: 'string', default: '16' },
      instances: { type: 'string', default: '1' },
      party: { type: 'string', default: '3000' },
      only: { type: 'string', default: BENCH_QUERIES.map((q) => q.name).join(',') },
      tag: { type: 'string' },
      postgraphile: { type: 'boolean', default: false },
      variant: { type: 'string' },
      'database-url': {
        type: 'string',
        default: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      },
    },
  });
  const options = {
    seconds: Number(values.seconds),
    rounds: Math.max(1, Number(values.rounds)),
    connections: Number(values.connections),
    instances: Number(values.instances),
    party: Number(values.party),
    only: values.only!.split(','),
    url: values['database-url']!,
    postgraphile: values.postgraphile!,
    variant: values.variant ?? null,
  };
  const loadBefore = loadavg();
  const queries: Record<string, unknown>[] = [];
  const step = progress('queries');
  for (const db of values.db!.split(',') as ('sqlite' | 'postgresql')[])
    queries.push(...(await benchDatabase(db, options, step)));
  const result = {
    ...options,
    url: undefined,
    postgraphile: options.postgraphile ? 'PostGraphile 4.14 (bench/postgraphile), PostgreSQL only' : false,
    seeded: { auctions: 200, bidsPerAuction: 30, applicationsPerAuction: 4, partyMembers: options.party },
    machine: {
      cpus: cpus().length,
      loadavgBefore: loadBefore,
      loadavgAfter: loadavg(),
      node: process.version,
    },
    commit: commitOf(),
    queries,
    at: new Date().toISOString(),
  };
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `queries${values.tag ? `-${values.tag}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
