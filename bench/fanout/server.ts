/**
 * One server instance for the fan-out benchmark: the real app (startApp, the real WebSocket endpoint, the
 * real fan-out) with the harness log standing in for the auction event log. Started by run.ts with fork(),
 * configured by the environment like the real server (DATABASE_URL, REDIS_URL, JWT_SECRET, SEED=none).
 *
 * Phase 2 (the land domain merged): run dist/src/main.js instead and subscribe to auctionEvents; this file
 * is then only needed for its stats answer (see run.ts).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startApp } from '../../src/server/app';
import { liveHarnessModule } from './harness';

async function main(): Promise<void> {
  const config = { ...loadConfig(process.env), port: 0 };
  const app = await startApp({
    config,
    extraModules: [liveHarnessModule],
    workers: false,
    log: (m) => {
      if (!m.startsWith('WebSocket error')) console.error(m);
    },
  });
  const profiler = new Session();
  process.on('message', (message: { type: string; id: number; path?: string }) => {
    if (message.type === 'stats') {
      process.send!({ type: 'stats', id: message.id, stats: app.liveStats(), memory: process.memoryUsage() });
    }
    // CPU profile of the measured window only (run.ts --profile <dir>)
    if (message.type === 'profile-start') {
      profiler.connect();
      profiler.post('Profiler.enable', () =>
        profiler.post('Profiler.start', () => process.send!({ type: 'profile-start', id: message.id })),
      );
    }
    if (message.type === 'profile-stop') {
      profiler.post('Profiler.stop', (error, result) => {
        const path = join(process.env.BENCH_PROFILE_DIR ?? '/tmp', `fanout-server-${process.pid}.cpuprofile`);
        if (!error) writeFileSync(path, JSON.stringify(result.profile));
        profiler.disconnect();
        process.send!({ type: 'profile-stop', id: message.id, path });
      });
    }
  });
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.send!({ type: 'ready', url: app.url, wsUrl: app.wsUrl, pid: process.pid });
}

main().catch((error) => {
  console.error('bench server failed to start:', error);
  process.exit(1);
});
