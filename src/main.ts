/** Reads config, starts the server, handles signals — nothing else. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startApp } from './server/app';
import { checkModulesConfig } from './server/modules';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    checkModulesConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (config.demoMode) {
    console.warn(
      'DEMO MODE: JWT_SECRET is not set, so tokens are signed with a public demo secret. Never use this with real data.',
    );
  }
  const app = await startApp({ config });
  console.log(
    `listening on ${app.url.replace('127.0.0.1', 'localhost')} (GraphiQL in a browser; WebSocket at ${app.wsUrl.replace('127.0.0.1', 'localhost')})`,
  );
  console.log(
    `database: ${config.database.kind}${config.redisUrl ? ', live events through Redis' : ', live events in-process'}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    console.log(`${signal}: shutting down (in-flight requests get up to ${config.shutdownGraceMs} ms)`);
    // the drain is bounded by SHUTDOWN_GRACE_MS; this only catches a close that hangs anyway
    const limitMs = config.shutdownGraceMs + 5_000;
    const force = setTimeout(() => {
      console.error(`shutdown took longer than ${limitMs} ms; exiting`);
      process.exit(1);
    }, limitMs);
    force.unref();
    app.close().then(
      () => {
        console.log(`shut down in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error) => {
        console.error('error during shutdown', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error('failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
