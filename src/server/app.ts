/**
 * The server: HTTP (GraphQL, GraphiQL, health) and graphql-ws on one port and path, one context factory,
 * clean shutdown. main.ts and the tests start it the same way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Extra } from 'graphql-ws/use/ws';
import { systemClock, type Clock } from '../common/clock';
import { DomainError, ErrorCode, withHttpStatus } from '../common/errors';
import type { DomainModule, Worker } from '../common/module';
import { createPublisher } from '../common/pubsub';
import { ANONYMOUS, type Viewer } from '../common/viewer';
import type { Config } from '../config';
import { databaseAnswers, openDatabase, type Orm } from '../db/orm';
import { modules } from '../modules';
import { viewerFromAuthorization } from './auth';
import { createContext, type AppServices, type Context } from './context';
import { formatError } from './errors';
import { graphiqlHtml, mountGraphiqlAssets, wantsHtml } from './graphiql';
import { serveGraphqlWs, type ConnectionStats } from './live/connections';
import { mountLivePage } from './live/live-page';
import { createLive, type LiveStats } from './live/live';
import { createSharedExecution, type SharedExecutionStats } from './live/shared-execution';
import { visibilityClass } from './live/visibility';
import { buildGraphQLSchema } from './schema';

export type Logger = (message: string) => void;

export interface StartOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** run background workers (the auction scheduler); tests that drive time by hand may turn them off */
  workers?: boolean;
  /** test and benchmark harnesses: resolvers, seeds and workers served beside the domains (no entities) */
  extraModules?: DomainModule[];
}

export interface LiveEndpointStats {
  connections: ConnectionStats;
  execution: SharedExecutionStats;
  live: LiveStats;
}

export interface RunningApp extends AppServices {
  url: string;
  wsUrl: string;
  port: number;
  schema: GraphQLSchema;
  /** what the WebSocket endpoint is doing: connections, shared executions, fan-out and event caches */
  liveStats(): LiveEndpointStats;
  close(): Promise<void>;
}

const WS_GOING_AWAY = 1001;

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log: Logger = options.log ?? ((m) => console.log(`${new Date().toISOString()} ${m}`));

  const extraModules = options.extraModules ?? [];
  const orm: Orm = await openDatabase(config.database);
  const publisher = createPublisher(config.redisUrl);
  const live = createLive({ bus: publisher.bus, fork: () => orm.em.fork(), warn: log });
  const services: AppServices = { orm, clock, publisher, config, live };
  const schema = buildGraphQLSchema(publisher.pubSub, extraModules);

  for (const m of [...modules, ...extraModules]) {
    if (config.seed === 'demo' || m.harness) await m.seed?.({ em: orm.em.fork(), clock, config, log });
  }

  const app = express();
  app.disable('x-powered-by');
  const httpServer: Server = createServer(app);

  // Live subscriptions: one execution per event, document and visibility class, however many viewers share it
  const execution = createSharedExecution({
    visibilityClass: (ctx) => visibilityClass((ctx as Context).viewer),
    eventContext: (ctx) => createContext(services, (ctx as Context).viewer),
  });
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const ws = serveGraphqlWs<{ authorization?: unknown }, { viewer?: Viewer } & Extra>(
    wsServer,
    {
      schema,
      parse: execution.parse,
      validate: execution.validate,
      subscribe: execution.subscribe,
      onConnect(ctx) {
        const auth = ctx.connectionParams?.authorization;
        if (auth !== undefined && typeof auth !== 'string') return false;
        try {
          ctx.extra.viewer = viewerFromAuthorization(auth, config.jwtSecret, clock.now());
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      context: (ctx) => createContext(services, ctx.extra.viewer ?? ANONYMOUS),
    },
    config.ws,
    log,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([databaseAnswers(orm), publisher.ready()]);
    const ready = database && redis;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      database,
      redis: config.redisUrl ? redis : 'not configured',
    });
  });
  mountLivePage(app);
  if (config.graphiql) {
    mountGraphiqlAssets(app);
    app.get('/graphql', (req, res, next) => {
      if (!wantsHtml(req)) return next();
      res.type('html').send(graphiqlHtml());
    });
  }
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        let viewer: Viewer;
        try {
          viewer = viewerFromAuthorization(req.headers.authorization, config.jwtSecret, clock.now());
        } catch (error) {
          throw withHttpStatus(
            error instanceof DomainError ? error : new DomainError(ErrorCode.UNAUTHENTICATED, 'bad token'),
            401,
          );
        }
        return createContext(services, viewer);
      },
    }),
  );

  const workers: Worker[] =
    options.workers === false
      ? []
      : [...modules, ...extraModules].flatMap(
          (m) => m.startWorkers?.({ fork: () => orm.em.fork(), clock, config, publisher, log }) ?? [],
        );

  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  const port = (httpServer.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await Promise.allSettled(workers.map((w) => w.stop()));
      for (const socket of wsServer.clients) socket.close(WS_GOING_AWAY, 'server shutting down');
      await apollo.stop(); // stops accepting, lets in-flight requests finish, disposes graphql-ws
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      live.close();
      await publisher.close();
      await orm.close(true);
    })());

  return {
    ...services,
    schema,
    liveStats: () => ({ connections: ws.stats(), execution: execution.stats(), live: live.stats() }),
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    close,
  };
}
