/** Reads config, starts the server, handles signals — nothing else. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startApp } from './server/app';
import { createLogger } from './server/telemetry/logging';
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
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  if (config.demoMode) {
    logger.warn(
      'DEMO MODE: JWT_SECRET is not set, so tokens are signed with a public demo secret. Never use this with real data.',
    );
  }
  const app = await startApp({ config, logger });
  logger.info(
    `listening on ${app.url.replace('127.0.0.1', 'localhost')} (GraphiQL in a browser; WebSocket at ${app.wsUrl.replace('127.0.0.1', 'localhost')})`,
  );
  logger.info(
    `database: ${config.database.kind}${config.redisUrl ? ', live events through Redis' : ', live events in-process'}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info(`${signal}: shutting down (in-flight requests get up to ${config.shutdownGraceMs} ms)`);
    // the drain is bounded by SHUTDOWN_GRACE_MS; this only catches a close that hangs anyway
    const limitMs = config.shutdownGraceMs + 5_000;
    const force = setTimeout(() => {
      logger.error(`shutdown took longer than ${limitMs} ms; exiting`);
      process.exit(1);
    }, limitMs);
    force.unref();
    app.close().then(
      () => {
        logger.info(`shut down in ${Date.now() - started} ms`);
        logger.flush();
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'error during shutdown');
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
