/**
 * npm run bench:queries [-- --seconds 10] [--connections 16] [--tag name]
 *
 * The same representative reads served by (a) the platform (Apollo + type-graphql + MikroORM) and (b) the
 * hand-written baseline (graphql `execute` over SQL through better-sqlite3, bench/queries/baseline.ts), both on
 * the SAME seeded SQLite file, each in its own process, loaded one after the other by the same client: a loop of
 * `--connections` concurrent keep-alive fetches (undici) for `--seconds`. Before measuring, the two answers to
 * every query are compared and must be equal. `detailVaried` cycles through 300 different requests (100 auctions ×
 * 3 page sizes), so the platform's kept SQL and prepared statements help it no more than new traffic would. Prints requests/s, p50/p99, platform ÷ baseline, and each server's
 * heap and RSS (peak while loaded). Results: bench/results/queries-sqlite[-tag].json.
 * The client shares the machine (2 cores) with the server under load: figures are for comparison, not capacity.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const QUERIES: {
  name: string;
  query: string;
  variables?: (ids: { auction: string }) => Record<string, unknown>;
  /** many different variables, taken in turn: requests that repeat nothing (no kept SQL or statement helps) */
  varied?: (ids: { auctions: string[] }) => Record<string, unknown>[];
}[] = [
  {
    name: 'auctionList',
    query: `query BenchAuctionList { auctions(first: 20) { totalCount edges { node { id code status currentPrice bidCount
        parcel { code district } leadingBid { sequence amount biddingNumber }
        bids(first: 5) { totalCount edges { node { sequence amount biddingNumber } } }
        result { winnerName finalPrice premiumRatePercent } } } } }`,
  },
  {
    name: 'auctionDetail',
    query: `query BenchAuctionDetail($id: ID!) { auction(id: $id) { id code title status startingPrice increment
        currentPrice bidCount parcel { id code city district }
        bids(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
    variables: (ids) => ({ id: ids.auction }),
  },
  {
    name: 'detailVaried',
    query: `query BenchAuctionDetailVaried($id: ID!, $first: Int!) { auction(id: $id) { id code title status startingPrice
        increment currentPrice bidCount parcel { id code city district }
        bids(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
    varied: ({ auctions }) => auctions.flatMap((id) => [5, 10, 20].map((first) => ({ id, first }))),
  },
  {
    name: 'parcels',
    query: `query BenchParcels { parcels(first: 20) { totalCount edges { node { id code city district } } } }`,
  },
];

interface Server {
  child: ChildProcess;
  url: string;
  stats(): Promise<{ memory: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage }>;
  stop(): Promise<void>;
}

function startServer(kind: 'platform' | 'baseline', path: string, seed: boolean): Promise<Server> {
  const child = fork(join(__dirname, 'server.js'), [kind, path, ...(seed ? ['--seed'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, (m: { memory: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage }) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.on(
      'message',
      (message: {
        type: string;
        url?: string;
        id?: number;
        memory?: NodeJS.MemoryUsage;
        cpu?: NodeJS.CpuUsage;
      }) => {
        if (message.type === 'stats')
          waiting.get(message.id!)?.({ memory: message.memory!, cpu: message.cpu! });
        if (message.type === 'ready')
          resolve({
            child,
            url: message.url!,
            stats: () =>
              new Promise((done) => {
                const id = ++next;
                waiting.set(id, done);
                child.send({ type: 'stats', id });
              }),
            stop: () =>
              new Promise((done) => {
                child.removeAllListeners('exit');
                child.once('exit', () => done());
                child.kill('SIGTERM');
              }),
          });
      },
    );
  });
}

async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!response.ok || body.errors)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface Load {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** the server process's CPU time (user + system) per request: robust on a machine shared with others */
  cpuMsPerRequest: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
}

async function load(server: Server, bodies: string[], seconds: number, connections: number): Promise<Load> {
  let turn = 0;
  const latencies: number[] = [];
  let errors = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = setInterval(() => {
    void server.stats().then(({ memory: m }) => {
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    });
  }, 250);
  const cpuBefore = (await server.stats()).cpu;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: bodies[turn++ % bodies.length],
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
  const { memory: m, cpu } = await server.stats();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(at(0.5).toFixed(2)),
    p99Ms: Number(at(0.99).toFixed(2)),
    cpuMsPerRequest: Number(
      ((cpu.user + cpu.system - cpuBefore.user - cpuBefore.system) / 1000 / latencies.length).toFixed(2),
    ),
    peakRssMb: Math.round(peakRss / 1048576),
    peakHeapUsedMb: Math.round(peakHeap / 1048576),
  };
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      tag: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const path = join(tmpdir(), `bench-queries-${randomBytes(6).toString('hex')}.sqlite`);
  const rows: Record<string, unknown>[] = [];
  try {
    // the platform migrates and seeds the file, then serves it; the baseline opens the same file read-only
    const platform = await startServer('platform', path, true);
    const baseline = await startServer('baseline', path, false);
    const idle = { platform: (await platform.stats()).memory, baseline: (await baseline.stats()).memory };
    const list = (await post(baseline.url, '{ auctions(first: 100) { edges { node { id } } } }')) as {
      auctions: { edges: { node: { id: string } }[] };
    };
    const ids = { auction: list.auctions.edges[0].node.id };
    const auctions = list.auctions.edges.map((e) => e.node.id);
    for (const q of QUERIES) {
      const variants = q.varied ? q.varied({ auctions }) : [q.variables?.(ids)];
      for (const variables of variants.slice(0, 30)) {
        const [a, b] = await Promise.all([
          post(platform.url, q.query, variables),
          post(baseline.url, q.query, variables),
        ]);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          throw new Error(
            `${q.name}: the platform and the baseline answer differently:\n${JSON.stringify(a).slice(0, 2000)}\n${JSON.stringify(b).slice(0, 2000)}`,
          );
        }
      }
      const bodies = variants.map((v) => JSON.stringify({ query: q.query, variables: v }));
      await load(platform, bodies, 4, connections); // warm-up (JIT, caches)
      const p = await load(platform, bodies, seconds, connections);
      await load(baseline, bodies, 4, connections);
      const base = await load(baseline, bodies, seconds, connections);
      rows.push({
        query: q.name,
        distinctRequests: bodies.length,
        platform: p,
        baseline: base,
        ratio: Number((p.requestsPerSecond / base.requestsPerSecond).toFixed(2)),
        /** baseline CPU per request ÷ platform CPU per request: the ratio with the machine's other load taken out */
        cpuRatio: Number((base.cpuMsPerRequest / p.cpuMsPerRequest).toFixed(2)),
      });
      console.log(
        `${q.name.padEnd(14)} platform ${String(p.requestsPerSecond).padStart(6)} req/s p99 ${String(p.p99Ms).padStart(7)} ms | ` +
          `baseline ${String(base.requestsPerSecond).padStart(6)} req/s p99 ${String(base.p99Ms).padStart(7)} ms | ` +
          `ratio ${(p.requestsPerSecond / base.requestsPerSecond).toFixed(2)} | ` +
          `CPU ms/req ${p.cpuMsPerRequest} vs ${base.cpuMsPerRequest} (ratio ${(base.cpuMsPerRequest / p.cpuMsPerRequest).toFixed(2)}) | ` +
          `peak RSS/heap MB platform ${p.peakRssMb}/${p.peakHeapUsedMb}, baseline ${base.peakRssMb}/${base.peakHeapUsedMb}`,
      );
    }
    await platform.stop();
    await baseline.stop();
    const mb = (m: NodeJS.MemoryUsage) => ({
      rssMb: Math.round(m.rss / 1048576),
      heapUsedMb: Math.round(m.heapUsed / 1048576),
    });
    const result = {
      db: 'sqlite',
      seconds,
      connections,
      seeded: { auctions: 200, bidsPerAuction: 30, applicationsPerAuction: 4 },
      machine: { cpus: cpus().length, loadavg: loadavg(), node: process.version },
      commit: commitOf(),
      idle: { platform: mb(idle.platform), baseline: mb(idle.baseline) },
      queries: rows,
      at: new Date().toISOString(),
    };
    const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `queries-sqlite${values.tag ? `-${values.tag}` : ''}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `idle RSS/heap MB: platform ${result.idle.platform.rssMb}/${result.idle.platform.heapUsedMb}, baseline ${result.idle.baseline.rssMb}/${result.idle.baseline.heapUsedMb}`,
    );
    console.log(`wrote ${file}`);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
