/**
 * One server for bench/queries, in its own process so its heap and RSS are its own: `platform <sqlite path>`
 * (the real app, anonymous reads, a clock that stands still, no workers; `--seed` adds the bulk auctions) or
 * `baseline <sqlite path>`. Answers { type: 'stats' } with process.memoryUsage().
 */
import 'reflect-metadata';
import { ManualClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config';
import { startApp } from '../../src/server/app';
import { startBaseline } from './baseline';
import { seedBulkLand } from './seed';

async function main(): Promise<void> {
  const [kind, path, ...flags] = process.argv.slice(2);
  let url: string;
  if (kind === 'platform') {
    const config = {
      ...loadConfig({
        JWT_SECRET: 'bench-secret-0123456789abcdef',
        SEED: 'demo',
        PORT: '0',
        RATE_LIMIT_SIGN_IN: 'off',
        RATE_LIMIT_PLACE_BID: 'off',
        RATE_LIMIT_ANALYTICS: 'off',
      }),
      database: { kind: 'sqlite' as const, path },
    };
    const app = await startApp({
      config,
      clock: new ManualClock('2024-11-01T00:00:00+08:00'),
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
    }
    url = app.url;
  } else if (kind === 'baseline') {
    url = (await startBaseline(path)).url;
  } else {
    throw new Error(`usage: server.js platform|baseline <sqlite path> [--seed]`);
  }
  process.on('message', (message: { type: string; id: number }) => {
    if (message.type === 'stats')
      process.send!({
        type: 'stats',
        id: message.id,
        memory: process.memoryUsage(),
        cpu: process.cpuUsage(),
      });
  });
  process.send!({ type: 'ready', url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
