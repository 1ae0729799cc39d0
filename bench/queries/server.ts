/**
 * One server for bench/queries, in its own process so its heap, RSS and CPU are its own:
 * `platform <sqlite path | postgresql url>` (the real app, a clock that stands still, no workers; `--seed` adds
 * the bulk auctions and `--party N` N bulk party members) or `baseline <sqlite path>`.
 * Answers { type: 'stats' } with process.memoryUsage() and cpuUsage(); { type: 'profile-start' } and
 * { type: 'profile-stop', file } record a V8 CPU profile of the requests in between, { type: 'alloc-start' } and
 * { type: 'alloc-stop', file } a sampling heap profile of what they allocated (bench/queries/profile.ts).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { signToken } from '../../src/auth/token';
import { startApp } from '../../src/server/app';
import { startBaseline } from './baseline';
import { seedBulkLand } from './seed';
import { BENCH_NOW } from './queries';
import { seedBulkParty } from './seed-party';

const SECRET = 'bench-secret-0123456789abcdef';

async function main(): Promise<void> {
  const [kind, db, ...flags] = process.argv.slice(2);
  const flag = (name: string) => {
    const at = flags.indexOf(name);
    return at < 0 ? undefined : flags[at + 1];
  };
  let url: string;
  const ready: Record<string, unknown> = {};
  if (kind === 'platform') {
    const clock = new ManualClock(BENCH_NOW);
    const config = {
      ...loadConfig({
        JWT_SECRET: SECRET,
        SEED: flags.includes('--seed') ? 'demo' : 'none',
        PORT: '0',
        RATE_LIMIT_SIGN_IN: 'off',
        RATE_LIMIT_PLACE_BID: 'off',
        RATE_LIMIT_ANALYTICS: 'off',
        // a memory policy to compare (bench/queries --variant sets NODE_OPTIONS only)
        ...(process.env.HEAP_GROWTH_PERCENT ? { HEAP_GROWTH_PERCENT: process.env.HEAP_GROWTH_PERCENT } : {}),
      }),
      database: db.startsWith('postgres')
        ? { kind: 'postgresql' as const, url: db }
        : { kind: 'sqlite' as const, path: db },
    };
    const app = await startApp({
      config,
      clock,
      workers: false,
      log: (m) => {
        if (m.startsWith('internal error')) console.error(m);
      },
    });
    if (flags.includes('--seed')) {
      await seedBulkLand(app.orm.em.fork(), {
        auctions: 200,
        bidsPerAuction: 30,
        applicationsPerAuction: 4,
        tag: 'bench',
      });
      const members = Number(flag('--party') ?? 0);
      if (members > 0) ready.partyRoot = (await seedBulkParty(app.orm.em.fork(), members)).root;
      // a served PostgreSQL's autovacuum would have vacuumed and analyzed these tables after such a load (this
      // machine's runs with autovacuum off): without statistics the planner takes every table for a few rows
      // and reads the party page by sorting the whole subtree
      if (db.startsWith('postgres')) await app.orm.em.getConnection().execute('vacuum analyze');
    }
    ready.partyToken = signToken(
      SECRET,
      { sub: 'bench:org-department', roles: [Role.ORG_DEPARTMENT] },
      24 * 3600,
      clock.now(),
    ).token;
    url = app.url;
  } else if (kind === 'baseline') {
    url = (await startBaseline(db, new Date(BENCH_NOW))).url;
  } else {
    throw new Error(`usage: server.js platform|baseline <sqlite path | postgresql url> [--seed] [--party N]`);
  }
  let session: Session | undefined;
  process.on('message', (message: { type: string; id: number; file?: string }) => {
    if (message.type === 'stats')
      process.send!({
        type: 'stats',
        id: message.id,
        memory: process.memoryUsage(),
        cpu: process.cpuUsage(),
      });
    if (message.type === 'profile-start')
      void (async () => {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
        process.send!({ type: 'profiling', id: message.id });
      })();
    // allocations: V8's sampling heap profiler, counting the objects collected since as well (every byte
    // allocated, sampled every 8 KiB on average), not only those still alive
    if (message.type === 'alloc-start')
      void (async () => {
        session = new Session();
        session.connect();
        await session.post('HeapProfiler.enable');
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: 8192,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        } as never);
        process.send!({ type: 'allocating', id: message.id });
      })();
    // a profile stopped: written to the file asked for, then answered
    const stop = (method: 'HeapProfiler.stopSampling' | 'Profiler.stop', reply: string) =>
      void (async () => {
        const { profile } = await session!.post(method as 'Profiler.stop');
        session!.disconnect();
        writeFileSync(message.file!, JSON.stringify(profile));
        process.send!({ type: reply, id: message.id });
      })();
    if (message.type === 'alloc-stop') stop('HeapProfiler.stopSampling', 'allocated');
    if (message.type === 'profile-stop') stop('Profiler.stop', 'profiled');
  });
  process.send!({ type: 'ready', url, ...ready });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
