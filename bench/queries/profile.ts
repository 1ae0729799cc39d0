/**
 * npm run bench:profile [-- --db sqlite|postgresql] [--seconds 8] [--connections 8] [--only name,…] [--tag name]
 *                         [--baseline] [--keep-profiles dir] [--allocations]
 * node dist/bench/queries/profile.js --file <x.cpuprofile> --requests N   (any profile, e.g. bench/bids --profile)
 *
 * Where one request's CPU goes, layer by layer: starts the platform server (bench/queries/server.ts) on a
 * seeded database, warms it up, then records a V8 CPU profile (inspector, 100 µs sampling) while a client of
 * keep-alive fetch loops sends one query, and sorts every sample's self time into the layer its code belongs to
 * (by file: Express and the body parser, Apollo, graphql-js parse/validate/execute, type-graphql, limits,
 * plugins, our resolvers and services, the read path, MikroORM, knex, the SQL driver, Node's HTTP, GC).
 * Prints a table of CPU ms per request per layer and writes bench/results/profile-<db>[-tag].json.
 * Idle time is left out; the client runs in this process, not in the profiled one. `--allocations`: bytes
 * allocated per request by layer instead (V8's sampling heap profiler, collected objects included), written to
 * bench/results/allocations-<db>[-tag].json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { BENCH_QUERIES, type BenchIds } from './queries';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const HTTP_FRAMEWORK = new Set(
  (
    'express router finalhandler send accepts negotiator qs cookie depd http-errors statuses encodeurl ' +
    'escape-html parseurl path-to-regexp proxy-addr forwarded vary etag fresh range-parser debug ms ' +
    'on-finished merge-descriptors utils-merge serve-static mime-types mime-db content-disposition ee-first'
  ).split(' '),
);
const BODY_PARSE = new Set(
  'body-parser raw-body iconv-lite type-is content-type media-typer bytes unpipe'.split(' '),
);
const SQLITE_NATIVE = new Set(['all', 'get', 'run', 'prepare', 'iterate', 'pluck', 'raw', 'exec']);

/** The layer a profile frame belongs to. */
export function layerOf(url: string, functionName: string): string | null {
  if (!url) {
    if (functionName === '(idle)') return null;
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    if (SQLITE_NATIVE.has(functionName)) return 'SQL driver (better-sqlite3, native)';
    return 'V8 builtins (JSON, RegExp…)';
  }
  if (url.startsWith('node:')) {
    if (/node:internal\/(async_hooks|async_context_frame|async_local_storage)|node:async_hooks/.test(url))
      return 'async hooks (AsyncLocalStorage)';
    return /node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream|timers|async_hooks))/.test(
      url,
    )
      ? 'Node HTTP/net/streams'
      : 'Node other';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const sub = rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/');
    if (BODY_PARSE.has(pkg)) return 'body parse (body-parser)';
    if (HTTP_FRAMEWORK.has(pkg)) return 'HTTP framework (Express)';
    if (pkg === '@as-integrations/express5') return 'Apollo Express integration';
    if (pkg.startsWith('@apollo/utils.') || pkg === 'lru-cache') return 'Apollo parse/validate caches';
    if (pkg.startsWith('@apollo/')) return 'Apollo pipeline';
    if (pkg === 'graphql') {
      if (sub.startsWith('language/')) return 'graphql parse';
      if (sub.startsWith('validation/')) return 'graphql validate';
      if (sub.startsWith('execution/')) return 'graphql execute';
      return 'graphql other (types, utilities)';
    }
    if (pkg === 'graphql-jit' || pkg === 'generate-function') return 'graphql execute';
    if (pkg === 'graphql-query-complexity') return 'limits/complexity';
    if (pkg === 'type-graphql' || pkg === 'class-validator') return 'type-graphql (resolver wrapping)';
    if (pkg.startsWith('@mikro-orm/')) return 'MikroORM';
    if (pkg === 'knex' || pkg === 'tarn') return 'knex';
    if (pkg === 'better-sqlite3') return 'SQL driver (better-sqlite3, native)';
    if (pkg.startsWith('pg')) return 'SQL driver (pg)';
    if (pkg === 'dataloader') return 'DataLoader';
    if (pkg === 'jsonwebtoken' || pkg === 'jws' || pkg === 'jwa') return 'auth (JWT)';
    return `other package (${pkg})`;
  }
  const src = url.match(/\/dist\/src\/(.*)$/)?.[1];
  if (src) {
    if (src.startsWith('server/audit/')) return 'audit plugin';
    if (src.startsWith('server/http/limits')) return 'limits/complexity';
    if (src.startsWith('server/http/executor')) return 'graphql execute';
    if (src.startsWith('server/http/graphql-post')) return 'HTTP fast path (node:http, body read)';
    // each plugin and HTTP step of its own (read-only, http-status, revocation, csrf, trusted documents…)
    const step = src.match(/^server\/(http|telemetry|metrics)\/([\w-]+)/);
    if (step) return `plugin/step: ${step[2]}`;
    if (src.startsWith('server/')) return 'server glue (app, schema, executor)';
    if (src.startsWith('db/')) return 'read path (src/db)';
    if (src.startsWith('land/')) return 'land resolvers and services';
    if (src.startsWith('party/')) return 'party resolvers and services';
    if (src.startsWith('auth/')) return 'auth (JWT)';
    return 'common (context, scalars, connections)';
  }
  return 'other';
}

/** CPU ms per layer in a profile (idle left out), and per function (`layer: function file`). */
export function bucket(profile: CpuProfile): { layers: Map<string, number>; functions: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // the profiler's own stop (an inspector message, whose native `dispatch` serializes the profile) is not the
  // server's work: every frame below node:inspector is left out
  const profiler = new Set<number>();
  const mark = (node: CpuProfileNode, below: boolean): void => {
    const inside = below || node.callFrame.url === 'node:inspector';
    if (inside) profiler.add(node.id);
    for (const child of node.children ?? []) mark(byId.get(child)!, inside);
  };
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  for (const root of profile.nodes.filter((n) => !childIds.has(n.id))) mark(root, false);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  /** native socket writes are kernel time (loopback delivery included): whose socket, by the nearest JS caller */
  const writer = (id: number): string => {
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const url = byId.get(p)!.callFrame.url;
      if (!url) continue;
      if (/\/node_modules\/(pg|pg-protocol)\//.test(url)) return 'socket writes: SQL (pg)';
      if (/\/node_modules\/(pino|sonic-boom|thread-stream)\//.test(url)) return 'socket writes: logging';
      if (/\/node_modules\/(ioredis|redis)/.test(url)) return 'socket writes: Redis';
      if (url.includes('/node_modules/') || url.includes('/dist/')) return 'socket writes: HTTP response';
    }
    return 'socket writes: HTTP response';
  };
  const layers = new Map<string, number>();
  const functions = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (profiler.has(id)) return;
    const frame = byId.get(id)!.callFrame;
    const layer =
      !frame.url && /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(frame.functionName)
        ? writer(id)
        : layerOf(frame.url, frame.functionName);
    if (!layer) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
    const fn = `${layer}: ${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  });
  return { layers, functions };
}

/** Prints and returns the CPU ms per request of each layer (and the costliest functions) of a profile. */
interface HeapProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: HeapProfileNode[];
}

/**
 * Bytes allocated per request, by the layer of the function that allocated them (a sampling heap profile that
 * kept the collected objects too: what the garbage collector then had to clear).
 */
export function allocationTable(
  title: string,
  profile: { head: HeapProfileNode; samples: { size: number; nodeId: number }[] },
  requests: number,
  topFunctions: number,
) {
  const byNode = new Map<number, HeapProfileNode>();
  const walk = (n: HeapProfileNode) => {
    byNode.set(n.id, n);
    n.children.forEach(walk);
  };
  walk(profile.head);
  const layers = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const sample of profile.samples) {
    const { functionName, url } = byNode.get(sample.nodeId)!.callFrame;
    const layer = layerOf(url, functionName) ?? 'V8/native (program)';
    layers.set(layer, (layers.get(layer) ?? 0) + sample.size);
    const fn = `${layer}: ${functionName} ${url.split('/').slice(-2).join('/')}`;
    functions.set(fn, (functions.get(fn) ?? 0) + sample.size);
  }
  const table = perRequestTable(layers, functions, requests, topFunctions, {
    title,
    unit: 'KB',
    key: 'kbPerRequest',
    scale: 1 / 1024,
    digits: 1,
    totalText: (t) => `${t} KB allocated/request`,
  });
  return { requests, kbPerRequest: table.perRequest, layers: table.rows, topFunctions: table.top };
}

export function layerTable(title: string, profile: CpuProfile, requests: number, topFunctions: number) {
  const { layers, functions } = bucket(profile);
  const table = perRequestTable(layers, functions, requests, topFunctions, {
    title,
    unit: 'ms',
    key: 'msPerRequest',
    scale: 1,
    digits: 3,
    totalText: (t) => `${t} CPU ms/request`,
  });
  return { requests, cpuMsPerRequest: table.perRequest, layers: table.rows, topFunctions: table.top };
}

/** a profile's totals per request, by layer and by function, printed and answered (`key` names the figure) */
function perRequestTable(
  layers: Map<string, number>,
  functions: Map<string, number>,
  requests: number,
  topFunctions: number,
  how: {
    title: string;
    unit: string;
    key: string;
    scale: number;
    digits: number;
    totalText(t: string): string;
  },
) {
  const per = (amount: number) => Number(((amount * how.scale) / requests).toFixed(how.digits));
  const total = [...layers.values()].reduce((a, b) => a + b, 0);
  const rows = [...layers.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([layer, amount]) => ({
      layer,
      [how.key]: per(amount),
      share: Number(((amount / total) * 100).toFixed(1)),
    }));
  console.log(`\n${how.title}: ${requests} requests, ${how.totalText(per(total).toFixed(how.digits))}`);
  for (const r of rows)
    console.log(
      `  ${r.layer.padEnd(40)} ${(r[how.key] as number).toFixed(how.digits).padStart(8)} ${how.unit}  ${String(r.share).padStart(5)} %`,
    );
  const top = [...functions.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topFunctions)
    .map(([fn, amount]) => ({ function: fn, [how.key]: per(amount) }));
  for (const f of top)
    console.log(`    ${(f[how.key] as number).toFixed(how.digits).padStart(8)} ${how.unit}  ${f.function}`);
  return { perRequest: per(total), rows, top };
}

interface Started {
  child: ChildProcess;
  url: string;
  ready: Record<string, string>;
  ask(type: string, extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export function startServer(args: string[]): Promise<Started> {
  // as deployed: graphql-js and Express skip their development-mode checks
  const child = fork(join(__dirname, 'server.js'), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return startedOver(child, `server ${args[0]}`);
}

/** A forked bench server, once it says 'ready': messages by id ('stats', 'profile-…') and a clean stop. */
export function startedOver(child: ChildProcess, name: string): Promise<Started> {
  let next = 0;
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (typeof m.id === 'number') waiting.get(m.id)?.(m);
      if (m.type === 'ready')
        resolve({
          child,
          url: m.url as string,
          ready: m as Record<string, string>,
          ask: (type, extra = {}) =>
            new Promise((done) => {
              const id = ++next;
              waiting.set(id, done);
              child.send({ type, id, ...extra });
            }),
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
  });
}

async function drive(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<number> {
  let turn = 0;
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: bodies[turn++ % bodies.length],
        });
        const body = (await response.json()) as { errors?: unknown };
        if (!response.ok || body.errors) throw new Error(`${response.status} ${JSON.stringify(body.errors)}`);
        done++;
      }
    }),
  );
  return done;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      seconds: { type: 'string', default: '8' },
      connections: { type: 'string', default: '8' },
      only: { type: 'string', default: 'auctionList,partyMembers' },
      tag: { type: 'string' },
      /** only sort this .cpuprofile into layers, per request of --requests (no server started) */
      file: { type: 'string' },
      requests: { type: 'string' },
      /** also profile the hand-written baseline on the same database (bench/queries/baseline.ts) */
      baseline: { type: 'boolean', default: false },
      /** a directory to keep each .cpuprofile in (for a closer look in DevTools) */
      'keep-profiles': { type: 'string' },
      /** bytes allocated per request by layer (a sampling heap profile) instead of CPU */
      allocations: { type: 'boolean', default: false },
      /** how many of the costliest functions to list */
      functions: { type: 'string', default: '25' },
      'database-url': {
        type: 'string',
        default: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      },
    },
  });
  if (values.file) {
    // a profile recorded elsewhere (bench/bids --profile DIR: the placeBid race), in the same layers
    layerTable(
      values.file,
      JSON.parse(readFileSync(values.file, 'utf8')) as CpuProfile,
      Number(values.requests ?? 1),
      Number(values.functions),
    );
    return;
  }
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  let target: string;
  let cleanup: () => Promise<void>;
  if (values.db === 'postgresql') {
    const name = `bench_profile_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: values['database-url'] });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(values['database-url']!);
    url.pathname = `/${name}`;
    target = url.toString();
    cleanup = async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    target = join(tmpdir(), `bench-profile-${randomBytes(6).toString('hex')}.sqlite`);
    cleanup = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    };
  }
  const out: Record<string, unknown>[] = [];
  try {
    const server = await startServer(['platform', target, '--seed', '--party', '3000']);
    const list = (await (
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ auctions(first: 100) { edges { node { id } } } }' }),
      })
    ).json()) as { data: { auctions: { edges: { node: { id: string } }[] } } };
    const ids: BenchIds = {
      auction: list.data.auctions.edges[0].node.id,
      auctions: list.data.auctions.edges.map((e) => e.node.id),
      partyRoot: server.ready.partyRoot,
    };
    const only = values.only!.split(',');
    const profileEach = async (started: Started, name: string) => {
      for (const q of BENCH_QUERIES.filter((b) => only.includes(b.name))) {
        const bodies = q.bodies(ids);
        const headers: Record<string, string> = q.party
          ? { authorization: `Bearer ${server.ready.partyToken}` }
          : {};
        await drive(started.url, bodies, headers, 3, connections);
        const allocations = values.allocations;
        const file = join(
          tmpdir(),
          `bench-profile-${randomBytes(6).toString('hex')}.${allocations ? 'heapprofile' : 'cpuprofile'}`,
        );
        await started.ask(allocations ? 'alloc-start' : 'profile-start');
        const requests = await drive(started.url, bodies, headers, seconds, connections);
        await started.ask(allocations ? 'alloc-stop' : 'profile-stop', { file });
        const table = (allocations ? allocationTable : layerTable)(
          `${q.name} (${values.db}, ${name})`,
          JSON.parse(readFileSync(file, 'utf8')) as never,
          requests,
          Number(values.functions),
        );
        if (values['keep-profiles']) {
          mkdirSync(values['keep-profiles'], { recursive: true });
          copyFileSync(file, join(values['keep-profiles'], `${name}-${q.name}.cpuprofile`));
        }
        rmSync(file, { force: true });
        out.push({ server: name, query: q.name, ...table });
      }
    };
    await profileEach(server, 'platform');
    await server.stop();
    if (values.baseline) {
      // the hand-written baseline on the same database, in the same layers: what the platform adds
      const baseline = await startServer(['baseline', target]);
      await profileEach(baseline, 'baseline');
      await baseline.stop();
    }
  } finally {
    await cleanup();
  }
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `${values.allocations ? 'allocations' : 'profile'}-${values.db}${values.tag ? `-${values.tag}` : ''}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify({ db: values.db, seconds, connections, loadavg: loadavg(), at: new Date().toISOString(), queries: out }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
}

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
