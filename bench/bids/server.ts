/**
 * One server instance for the bid benchmark (run.ts forks it): the real app, configured by the environment like
 * the real server (DATABASE_URL, REDIS_URL, JWT_SECRET, SEED, RATE_LIMIT_PLACE_BID), in a process of its own so
 * its CPU can be read from /proc. On request it records a CPU profile of the measured window only.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startApp } from '../../src/server/app';
import { viewCounts } from '../../src/land/bid/bid.view';

async function main(): Promise<void> {
  const config = { ...loadConfig(process.env), port: 0 };
  const app = await startApp({ config, log: (m) => console.error(m) });
  const profiler = new Session();
  process.on('message', (message: { type: string; dir?: string; tag?: string }) => {
    if (message.type === 'profile-start') {
      profiler.connect();
      profiler.post('Profiler.enable', () =>
        profiler.post('Profiler.start', () => process.send!({ type: 'profile-start' })),
      );
    }
    if (message.type === 'profile-stop') {
      profiler.post('Profiler.stop', (error, result) => {
        const path = join(message.dir ?? '.', `bids-server-${message.tag ?? process.pid}.cpuprofile`);
        if (!error) writeFileSync(path, JSON.stringify(result.profile));
        profiler.disconnect();
        process.send!({ type: 'profile-stop', path });
      });
    }
  });
  const stop = () => {
    console.error(
      `bid view (pid ${process.pid}): ${viewCounts.used} bids judged on it, ${viewCounts.missed} not, ${viewCounts.read} snapshot reads`,
    );
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.send!({ type: 'ready', url: app.url, pid: process.pid });
}

main().catch((error) => {
  console.error('bench server failed to start:', error);
  process.exit(1);
});
