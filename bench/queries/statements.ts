/**
 * npm run build && node dist/bench/queries/statements.js [--db sqlite|<postgresql url>] [--only name,…] [--full]
 *
 * The statements each bench read sends to the database, the platform's beside the hand-written baseline's: both
 * servers in this process on one freshly seeded database (bench/queries' seed: 200 auctions, 3,000 party members),
 * every read sent once to warm up, then once more while the statements are counted — on the platform from the
 * ORM's connection (every read announces itself there, src/db/reads.ts), on the baseline from its driver.
 * (the baseline's only on PostgreSQL, where it sends them through \`pg\`). Prints the count and each text (cut at 160 characters unless --full). Statement counts are what a PostgreSQL
 * round trip costs per request; compare them before and after a change to the read path.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { signToken } from '../../src/auth/token';
import { startApp } from '../../src/server/app';
import { startBaseline } from './baseline';
import { BENCH_NOW, BENCH_QUERIES, type BenchIds } from './queries';
import { seedBulkLand } from './seed';
import { seedBulkParty } from './seed-party';

interface KnexLike {
  on(event: 'query', listener: (query: { sql: string }) => void): void;
  off(event: 'query', listener: (query: { sql: string }) => void): void;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      only: { type: 'string' },
      full: { type: 'boolean' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-statements-'));
  const target = values.db === 'sqlite' ? join(dir, 'bench.sqlite') : values.db!;
  const secret = 'bench-secret-0123456789abcdef';
  const clock = new ManualClock(BENCH_NOW);
  const config = {
    ...loadConfig({ JWT_SECRET: secret, SEED: 'demo', PORT: '0', RATE_LIMIT_ANALYTICS: 'off' }),
    database: target.startsWith('postgres')
      ? { kind: 'postgresql' as const, url: target }
      : { kind: 'sqlite' as const, path: target },
  };
  const app = await startApp({ config, clock, workers: false, log: () => {} });
  await seedBulkLand(app.orm.em.fork(), {
    auctions: 200,
    bidsPerAuction: 30,
    applicationsPerAuction: 4,
    tag: 'bench',
  });
  const { root } = await seedBulkParty(app.orm.em.fork(), 3000);
  const token = signToken(
    secret,
    { sub: 'bench:org-department', roles: [Role.ORG_DEPARTMENT] },
    3600,
    clock.now(),
  ).token;
  const baseline = await startBaseline(target, new Date(BENCH_NOW));
  const post = async (url: string, body: string, party: boolean) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(party ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    const json = (await response.json()) as { data?: Record<string, { edges: { node: { id: string } }[] }> };
    if (!json.data) throw new Error(`no data: ${JSON.stringify(json)}`);
    return json.data;
  };
  const list = await post(
    app.url,
    JSON.stringify({ query: '{ auctions(first: 100) { edges { node { id } } } }' }),
    false,
  );
  const ids: BenchIds = {
    auction: list.auctions.edges[0].node.id,
    auctions: list.auctions.edges.map((e) => e.node.id),
    partyRoot: root,
  };

  // the platform's statements from the ORM's knex; the baseline's by wrapping the driver it was started with
  const knex = (app.orm.em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex();
  const seen: string[] = [];
  const listener = (query: { sql: string }) => seen.push(query.sql);
  const originalQuery = Client.prototype.query;
  const cut = (sql: string) => (values.full || sql.length <= 160 ? sql : `${sql.slice(0, 157)}…`);
  const only = values.only?.split(',');
  try {
    for (const q of BENCH_QUERIES.filter((b) => !only || only.includes(b.name))) {
      const body = q.bodies(ids)[0];
      for (const [name, url] of [
        ['platform', app.url],
        ['baseline', baseline.url],
      ] as const) {
        await post(url, body, !!q.party); // warm-up: statements prepared, documents compiled
        seen.length = 0;
        const sent: string[] = [];
        if (name === 'platform') knex.on('query', listener);
        {
          // every statement either server sends through \`pg\`, announced or not
          (Client.prototype as unknown as { query: unknown }).query = function (
            this: Client,
            config: unknown,
            ...rest: unknown[]
          ) {
            sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
            return (originalQuery as (...a: unknown[]) => unknown).call(this, config, ...rest);
          };
        }
        await post(url, body, !!q.party);
        knex.off('query', listener);
        (Client.prototype as unknown as { query: unknown }).query = originalQuery;
        if (name === 'baseline') seen.push(...sent);
        if (name === 'baseline' && !target.startsWith('postgres')) continue;
        const more =
          name === 'platform' && target.startsWith('postgres') ? ` (${sent.length} through pg)` : '';
        console.log(`${q.name} · ${name}: ${seen.length} statement(s)${more}`);
        for (const sql of seen) console.log(`    ${cut(sql.replace(/\s+/g, ' '))}`);
      }
    }
  } finally {
    await baseline.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
