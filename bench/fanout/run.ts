/**
 * Fan-out benchmark driver (issue 4, item 7). For each subscriber count it starts the server(s) and the
 * load generator (clients.ts, its own process), waits until every subscriber is live, then appends events
 * at a steady rate and measures, for every (subscriber, event), the time from the append call returning to
 * the subscriber receiving it — p50/p95/p99/max — plus each process's CPU and peak RSS. One JSON file per
 * run in bench/results/.
 *
 *   npm run build
 *   node dist/bench/fanout/run.js --subscribers 1000,5000,10000 --events 40 --rate 2 --mode single
 *   node dist/bench/fanout/run.js --subscribers 1000,5000,10000 --mode redis       # two instances, one Redis
 *
 * Databases: PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL (an admin URL; a temporary database is
 * created and dropped), else SQLite for --mode single. Redis: REDIS_URL or TEST_REDIS_URL (--mode redis).
 *
 * Event source (--source): `bids` (default) runs the real server, `node dist/src/main.js`, takes an auction
 * to QUOTING with two qualified bidders over the API (bench/fanout/auction.ts) and places real, alternating
 * `placeBid` calls; the subscribers follow the contract's `auctionEvents`. Latency counts from placeBid
 * returning. `harness` keeps the synthetic log (bench/fanout/harness.ts, served by bench/fanout/server.ts),
 * which also reports the server's fan-out counters (storage reads, shared executions).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemporaryPostgresDatabase } from '../../src/db/temporary-database';
import { newPrivateJwk } from '../../src/land/trust/trust.keys';
import { auctionInQuoting, startMainProcess, type MainProcess } from './auction';
import { cpuSeconds, parseArgs, peakRssMiB, percentile, preciseNow, round } from './proc';

const args = parseArgs(process.argv.slice(2));
const counts = (args.subscribers ?? '1000,5000,10000').split(',').map(Number);
const modes = (args.mode ?? 'single').split(',') as ('single' | 'redis')[];
const events = Number(args.events ?? 40);
const rate = Number(args.rate ?? 2);
const payloadBytes = Number(args.payload ?? 150);
const sourceKind = (args.source ?? 'bids') as 'bids' | 'harness';
const warmup = 3;
const resultsDir = args.out ?? join(__dirname, '..', '..', '..', 'bench', 'results');
const postgresAdmin = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const redisUrl = process.env.REDIS_URL || process.env.TEST_REDIS_URL || undefined;
const here = __dirname;

interface Child {
  process: ChildProcess;
  request<T>(type: string, timeoutMs?: number): Promise<T>;
  next<T>(type: string, timeoutMs?: number): Promise<T>;
}

function child(script: string, argv: string[], env: NodeJS.ProcessEnv, execArgv: string[] = []): Child {
  const proc = fork(join(here, script), argv, {
    env,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<string, { resolve: (message: unknown) => void; reject: (error: Error) => void }>();
  proc.on('message', (message: { type: string; id?: number }) => {
    const key = message.id ? `${message.type}#${message.id}` : message.type;
    const waiter = waiting.get(key);
    waiting.delete(key);
    waiter?.resolve(message);
  });
  proc.on('exit', (code) => {
    for (const [key, waiter] of waiting)
      waiter.reject(new Error(`${script} exited (${code}) while waiting for ${key}`));
    waiting.clear();
  });
  const wait = <T>(key: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(key);
        reject(new Error(`${script}: no ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(key, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject,
      });
    });
  return {
    process: proc,
    next: (type, timeoutMs = 120_000) => wait(type, timeoutMs),
    request(type, timeoutMs = 60_000) {
      const id = nextId++;
      const answer = wait<never>(`${type}#${id}`, timeoutMs);
      proc.send({ type, id });
      return answer;
    },
  };
}

interface Server {
  /** the bench server (harness source) answers stats over IPC; dist/src/main.js does not */
  child?: Child;
  main?: MainProcess;
  url: string;
  wsUrl: string;
  pid: number;
}

interface ServerStats {
  stats: {
    connections: { open: number; slowConsumersClosed: number };
    execution: { executions: number; shared: number };
    live: {
      fanout: { subscribers: number; busListens: number; delivered: number; overflows: number };
      caches: Record<string, { storageReads: number; memoryHits: number; coalesced: number }>;
    };
  };
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  // e.g. BENCH_SERVER_EXEC_ARGV="--max-old-space-size=2048"
  const execArgv = (process.env.BENCH_SERVER_EXEC_ARGV ?? '').split(' ').filter(Boolean);
  if (sourceKind === 'bids') {
    const main = await startMainProcess(env, execArgv);
    return { main, url: main.url, wsUrl: main.wsUrl, pid: main.pid };
  }
  const server = child('server.js', [], env, execArgv);
  const ready = await server.next<{ url: string; wsUrl: string; pid: number }>('ready', 120_000);
  return { child: server, ...ready };
}

/** What produces the events: real placeBid calls, or the synthetic harness log. */
interface EventSource {
  clientArgs: string[];
  /** the stream's last sequence before the first placed event (every subscriber has it once live) */
  head: number;
  /** appends one event through `server`; resolves with its sequence when the call returns */
  place(server: Server): Promise<number>;
}

function harnessSource(streamId: string): EventSource {
  const query = `mutation Append($s: String!, $p: Int) { liveHarnessAppend(streamId: $s, payloadBytes: $p) }`;
  return {
    clientArgs: ['--stream', streamId],
    head: 0,
    async place(server) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { s: streamId, p: payloadBytes } }),
      });
      const body = (await response.json()) as { data?: { liveHarnessAppend: number[] }; errors?: unknown };
      if (!body.data) throw new Error(`append failed: ${JSON.stringify(body.errors)}`);
      return body.data.liveHarnessAppend[0];
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(mode: 'single' | 'redis', subscribers: number): Promise<Record<string, unknown>> {
  const label = `${mode}-${subscribers}`;
  console.log(`\n=== fan-out ${label}: ${events} events at ${rate}/s, ${payloadBytes}-byte payload`);
  if (mode === 'redis' && (!postgresAdmin || !redisUrl))
    throw new Error('--mode redis needs PostgreSQL and Redis');

  let databaseUrl: string;
  let drop: () => Promise<void>;
  if (postgresAdmin) {
    const db = await createTemporaryPostgresDatabase(postgresAdmin, 'bench');
    databaseUrl = db.url;
    drop = db.drop;
  } else {
    const path = join(tmpdir(), `bench-fanout-${Date.now()}.sqlite`);
    databaseUrl = `sqlite:${path}`;
    drop = async () => ['', '-wal', '-shm'].forEach((s) => rmSync(`${path}${s}`, { force: true }));
  }
  // production wants the receipt signing keys from a file; both instances sign with the same one
  const receiptKeys = join(tmpdir(), `bench-fanout-receipt-keys-${process.pid}.json`);
  writeFileSync(receiptKeys, JSON.stringify({ keys: [newPrivateJwk()] }), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RECEIPT_SIGNING_KEY_FILE: receiptKeys,
    BENCH_PROFILE_DIR: args.profile,
    DATABASE_URL: databaseUrl,
    REDIS_URL: mode === 'redis' ? redisUrl : '',
    JWT_SECRET: 'bench-fanout-secret-0123456789',
    SEED: 'none',
    NODE_ENV: 'production',
    PORT: '0',
  };
  const servers: Server[] = [];
  let clients: Child | undefined;
  try {
    servers.push(await startServer(env));
    if (mode === 'redis') servers.push(await startServer(env)); // after the first applied the migrations
    const source =
      sourceKind === 'bids'
        ? await auctionInQuoting(servers, env.JWT_SECRET!, `BENCH-${label}-${Date.now()}`)
        : harnessSource(`bench-${label}-${Date.now()}`);
    clients = child(
      'clients.js',
      [
        '--url',
        servers.map((s) => s.wsUrl).join(','),
        '--subscribers',
        String(subscribers),
        ...source.clientArgs,
      ],
      process.env,
    );
    const rampStarted = Date.now();
    await clients.next('opened', 300_000);
    type Progress = { received: Record<number, number>; closed: number; errors: number };
    // live: the fan-out counts the subscriber (harness server), or the subscriber has replayed the log up to
    // its head (dist/src/main.js, which has no stats channel)
    const liveCount = async () => {
      if (servers.every((s) => s.child)) {
        const all = await Promise.all(servers.map((s) => s.child!.request<ServerStats>('stats')));
        return all.reduce((n, s) => n + s.stats.live.fanout.subscribers, 0);
      }
      const p = await clients!.request<Progress>('progress');
      return p.received[source.head] ?? 0;
    };
    while ((await liveCount()) < subscribers) {
      if (Date.now() - rampStarted > 300_000) throw new Error('subscribers did not all go live');
      await sleep(200);
    }
    console.log(`  ${subscribers} subscribers live in ${round((Date.now() - rampStarted) / 1000)} s`);

    const receivedAll = async (sequence: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const p = await clients!.request<Progress>('progress');
        if ((p.received[sequence] ?? 0) >= subscribers) return true;
        if (Date.now() > deadline) return false;
        await sleep(100);
      }
    };
    let warmed = 0;
    for (let i = 0; i < warmup; i++) warmed = await source.place(servers[0]);
    if (!(await receivedAll(warmed, 60_000))) console.log('  warm-up: not every subscriber got every event');

    if (args.profile) await Promise.all(servers.map((s) => s.child!.request('profile-start')));
    const pids = servers.map((s) => s.pid);
    const cpuBefore = pids.map(cpuSeconds);
    const clientCpuBefore = cpuSeconds(clients.process.pid!);
    const serverStats = () =>
      servers.every((s) => s.child)
        ? Promise.all(servers.map((s) => s.child!.request<ServerStats>('stats')))
        : Promise.resolve(undefined);
    const statsBefore = await serverStats();
    // the harness server also answers its heap (dist/src/main.js has no stats channel: RSS only there)
    const peakHeapBytes = servers.map(() => 0);
    const heapSampler = servers.every((s) => s.child)
      ? setInterval(() => {
          servers.forEach((s, i) => {
            s.child!.request<{ memory?: NodeJS.MemoryUsage }>('stats').then(
              (answer) => {
                peakHeapBytes[i] = Math.max(peakHeapBytes[i], answer.memory?.heapUsed ?? 0);
              },
              () => undefined,
            );
          });
        }, 250)
      : undefined;
    const returnedAt = new Map<number, number>();
    const calledAt = new Map<number, number>();
    const loadBefore = loadavg()[0];
    const started = preciseNow();
    const interval = 1000 / rate;
    const placing: Promise<void>[] = [];
    for (let i = 0; i < events; i++) {
      const due = started + i * interval;
      const wait = due - preciseNow();
      if (wait > 0) await sleep(wait);
      // in two-instance runs bids land on both: odd on A, even on B
      const server = servers[i % servers.length];
      const called = preciseNow();
      placing.push(
        source.place(server).then((sequence) => {
          returnedAt.set(sequence, preciseNow());
          calledAt.set(sequence, called);
        }),
      );
    }
    await Promise.all(placing);
    const lastSequence = Math.max(...returnedAt.keys());
    const complete = await receivedAll(lastSequence, 30_000);
    const finished = preciseNow();
    if (heapSampler) clearInterval(heapSampler);
    const wallSeconds = (finished - started) / 1000;
    const cpuAfter = pids.map(cpuSeconds);
    const clientCpu = cpuSeconds(clients.process.pid!) - clientCpuBefore;
    const statsAfter = await serverStats();
    if (args.profile) {
      for (const s of servers)
        console.log(`  profile: ${(await s.child!.request<{ path: string }>('profile-stop')).path}`);
    }

    const report = await clients.request<{ path: string }>('report', 120_000);
    const dump = JSON.parse(readFileSync(report.path, 'utf8')) as {
      outOfOrder: number;
      errors: number;
      closeCodes: Record<string, number>;
      receipts: Record<string, number[]>;
    };
    rmSync(report.path, { force: true });
    const sinceReturn: number[] = [];
    const sinceCall: number[] = [];
    let received = 0;
    for (const [sequence, returned] of returnedAt) {
      const list = dump.receipts[sequence] ?? [];
      received += list.length;
      for (const at of list) {
        sinceReturn.push(at - returned);
        sinceCall.push(at - calledAt.get(sequence)!);
      }
    }
    const sorted = Float64Array.from(sinceReturn).sort();
    const sortedCall = Float64Array.from(sinceCall).sort();
    const delta = (key: (s: ServerStats) => number) =>
      statsAfter && statsBefore
        ? statsAfter.reduce((sum, s, i) => sum + key(s) - key(statsBefore[i]), 0)
        : null;
    const result = {
      benchmark: 'fanout',
      mode,
      subscribers,
      instances: servers.length,
      database: postgresAdmin ? 'postgresql' : 'sqlite',
      transport: mode === 'redis' ? 'redis' : 'in-process',
      events,
      ratePerSecond: rate,
      payloadBytes,
      eventSource:
        sourceKind === 'bids'
          ? 'placeBid on dist/src/main.js (an auction in QUOTING, two qualified bidders alternating); subscribers on auctionEvents'
          : 'harness (bench/fanout/harness.ts): append in one transaction, announce after commit',
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        serverNodeFlags: (process.env.BENCH_SERVER_EXEC_ARGV ?? '').split(' ').filter(Boolean),
        // the machine is shared: its load before and after the measured window, for context
        loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
      },
      at: new Date().toISOString(),
      delivery: {
        expected: subscribers * events,
        received,
        missing: subscribers * events - received,
        outOfOrderOrRepeated: dump.outOfOrder,
        errors: dump.errors,
        closeCodes: dump.closeCodes,
        complete,
      },
      latencyMs: {
        note: 'from the placeBid (or append) call returning to each subscriber receiving the event; negative: the subscriber had it before the caller had its answer',
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? NaN),
      },
      latencyFromCallMs: {
        p50: round(percentile(sortedCall, 50)),
        p95: round(percentile(sortedCall, 95)),
        p99: round(percentile(sortedCall, 99)),
        max: round(sortedCall[sortedCall.length - 1] ?? NaN),
      },
      servers: servers.map((s, i) => ({
        pid: s.pid,
        cpuPercentOfOneCore: round(((cpuAfter[i] - cpuBefore[i]) / wallSeconds) * 100),
        peakRssMiB: peakRssMiB(s.pid),
        peakHeapUsedMiB: heapSampler ? round(peakHeapBytes[i] / 1048576) : null,
        subscribers: statsAfter?.[i].stats.live.fanout.subscribers ?? null,
      })),
      loadGenerator: {
        cpuPercentOfOneCore: round((clientCpu / wallSeconds) * 100),
        peakRssMiB: peakRssMiB(clients.process.pid!),
      },
      serverWork: statsAfter && {
        sharedExecutions: delta((s) => s.stats.execution.executions),
        resultsShared: delta((s) => s.stats.execution.shared),
        storageReads: delta((s) =>
          Object.values(s.stats.live.caches).reduce((n, c) => n + c.storageReads, 0),
        ),
        busListens: statsAfter?.reduce((n, s) => n + s.stats.live.fanout.busListens, 0),
        slowConsumersClosed: delta((s) => s.stats.connections.slowConsumersClosed),
        queueOverflows: delta((s) => s.stats.live.fanout.overflows),
      },
      windowSeconds: round(wallSeconds, 2),
    };
    console.log(
      `  latency p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms;` +
        ` received ${received}/${subscribers * events}; server CPU ${result.servers.map((s) => `${s.cpuPercentOfOneCore}%`).join(' + ')},` +
        ` peak RSS ${result.servers.map((s) => `${s.peakRssMiB} MiB`).join(' + ')}` +
        (result.servers[0].peakHeapUsedMiB === null
          ? ''
          : `, peak heap ${result.servers.map((s) => `${s.peakHeapUsedMiB} MiB`).join(' + ')}`) +
        `; load generator CPU ${result.loadGenerator.cpuPercentOfOneCore}%`,
    );
    mkdirSync(resultsDir, { recursive: true });
    const file = `fanout-${label}${args.tag ? `-${args.tag}` : ''}.json`;
    writeFileSync(join(resultsDir, file), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    rmSync(receiptKeys, { force: true });
    if (clients) {
      clients.process.send({ type: 'close' });
      await new Promise((resolve) => {
        clients!.process.once('exit', resolve);
        setTimeout(resolve, 5000);
      });
    }
    await Promise.all(
      servers.map((s) => {
        const proc = s.child?.process ?? s.main!.process;
        return new Promise((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve(undefined);
          proc.once('exit', resolve);
          proc.kill('SIGTERM');
          setTimeout(() => {
            proc.kill('SIGKILL');
            resolve(undefined);
          }, 15_000);
        });
      }),
    );
    await drop();
  }
}

async function main(): Promise<void> {
  for (const mode of modes) for (const n of counts) await run(mode, n);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
