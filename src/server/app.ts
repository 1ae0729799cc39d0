/**
 * The server: HTTP (GraphQL, GraphiQL, health) and graphql-ws on one port and path, one context factory,
 * clean shutdown. main.ts and the tests start it the same way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { WebSocketServer } from 'ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { Logger as PinoLogger } from 'pino';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { systemClock, type Clock } from '../common/clock';
import { DomainError, ErrorCode, withHttpStatus } from '../common/errors';
import type { DomainModule, Worker } from '../common/module';
import { createPublisher } from '../common/pubsub';
import { ANONYMOUS, type Viewer } from '../common/viewer';
import type { Config } from '../config';
import { databaseAnswers, openDatabase, type Orm } from '../db/orm';
import { allEntities, checkModulesConfig, modules } from './modules';
import { viewerFromAuthorization } from '../auth/token';
import { crlReadiness, refuseRevokedBidders, viewerRevoked } from './http/certificate-revocation';
import { createContext, type AppServices, type Context } from '../common/request/context';
import { formatError } from './http/errors';
import { mountCsvExport } from './export/export.route';
import { mountDocumentRoutes } from './documents/document.route';
import { graphiqlHtml, mountGraphiqlAssets, wantsHtml } from './http/graphiql';
import { auditPlugin } from './audit/audit.recorder';
import { httpStatusPlugin } from './http/http-status';
import {
  checkComplexity,
  checkDocumentShape,
  complexityPlugin,
  documentPrecheck,
  precheckDocuments,
} from './http/limits';
import { createRateLimiter } from '../common/request/rate-limit';
import { readOnlyQueries } from './http/read-only';
import { serveGraphqlWs, type ConnectionStats } from './ws/connections';
import { authenticateSocket } from './ws/auth';
import { LIVE_PAGE_DOCUMENTS, mountLivePage } from './http/live-page';
import { mountJwks } from './http/jwks';
import { installKeyring, loadKeyring } from '../land';
import { refuseCrossSiteRequests } from './http/csrf';
import {
  loadTrustedDocuments,
  trustedDocumentsMiddleware,
  trustedPostBody,
  trustedSubscribeQuery,
} from './http/trusted-documents';
import { createLive, type LiveStats } from '../common/live/live';
import { createSharedExecution, type SharedExecutionStats } from '../common/live/shared-execution';
import { visibilityClass } from './ws/visibility';
import { buildGraphQLSchema } from './schema';
import { limitHeapGrowth } from './memory';
import { createServerMetrics, liveFigures } from './metrics/metrics';
import {
  createLogger,
  createServerLogging,
  noteGraphqlOutcome,
  REQUEST_ID_HEADER,
} from './telemetry/logging';
import { createTracing } from './telemetry/tracing';
import { compiledExecutor, type CompiledExecutorStats } from './http/executor';
import { graphqlPostFastPath } from './http/graphql-post';
import { directQueries, type DirectQueryStats } from './http/direct-query';
import { oversizedBatch, sendRefusal, unreadableBody } from './http/refusal';

export type Logger = (message: string) => void;

export interface StartOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** run background workers (the auction scheduler); tests that drive time by hand may turn them off */
  workers?: boolean;
  /** test and benchmark harnesses: resolvers, seeds and workers served beside the domains (no entities) */
  extraModules?: DomainModule[];
  /** the structured logger (main.ts's, or a test's); by default one on stdout as LOG_LEVEL / LOG_FORMAT say */
  logger?: PinoLogger;
  /** where spans go instead of OTEL_EXPORTER_OTLP_ENDPOINT (a test's in-memory exporter) */
  spanExporter?: SpanExporter;
}

export interface GraphqlHttpStats {
  /** the direct query path: answered, handed to Apollo, documents kept (absent with tracing on) */
  direct?: DirectQueryStats;
  compiled?: CompiledExecutorStats;
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
  /** how HTTP GraphQL requests were executed */
  graphqlStats(): GraphqlHttpStats;
  /** terminates every WebSocket at once, as a crashed proxy would (fault and reconnect tests); returns how many */
  dropLiveConnections(): number;
  close(): Promise<void>;
}

const WS_GOING_AWAY = 1001;

/** Bodies that are too large, not JSON, or in an unsupported charset: the body parser's status, as GraphQL. */
function bodyErrorsAsGraphQL(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number; expose?: boolean };
  if (res.headersSent || typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) {
    next(error);
    return;
  }
  sendRefusal(res, unreadableBody(e.status, e.type));
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a GET whose query makes the request line or
 * headers longer than 16 KB, a malformed request line) get a GraphQL-shaped JSON error too.
 */
function answerUnreadableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    errors: [
      {
        message: tooLarge
          ? 'the request line or headers are too large (send long documents by POST)'
          : 'the request could not be read',
        extensions: { code: 'BAD_REQUEST' },
      },
    ],
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/** Batched requests with more operations than allowed (Apollo refuses all batches when none are allowed). */
function refuseOversizedBatches(maxBatchSize: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refused = oversizedBatch(maxBatchSize, req.body);
    if (refused) sendRefusal(res, refused);
    else next();
  };
}

/** The error with an extensions.code, as Apollo tags request errors on HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/** The client's address on a WebSocket upgrade, honouring as many X-Forwarded-For hops as configured. */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const direct = remoteAddress ?? 'unknown';
  if (trustedHops <= 0 || !forwardedFor) return direct;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  // the nearest trustedHops entries were added by our proxies; the one before them is the client
  return chain[Math.max(0, chain.length - trustedHops)] ?? direct;
}

export async function startApp(options: StartOptions): Promise<RunningApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logging = createServerLogging(
    options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat }),
  );
  const log: Logger = options.log ?? logging.log;

  const extraModules = options.extraModules ?? [];
  checkModulesConfig(config);
  limitHeapGrowth(config.heapGrowthPercent);
  installKeyring(loadKeyring(config, logging.logger));
  const orm: Orm = await openDatabase(config.database, allEntities(), {}, config.receipts.enabled);
  const publisher = createPublisher(config.redisUrl);
  const rateLimiter = createRateLimiter(config.rateLimits, config.redisUrl, clock, log);
  const live = createLive({ bus: publisher.bus, fork: () => orm.em.fork(), warn: log });
  const services: AppServices = { orm, clock, publisher, config, rateLimiter, live, log };
  const schema = buildGraphQLSchema(publisher.pubSub, extraModules);
  const trusted = loadTrustedDocuments(config.trustedDocuments, LIVE_PAGE_DOCUMENTS);

  for (const m of [...modules, ...extraModules]) {
    if (config.seed === 'demo' || m.harness) await m.seed?.({ em: orm.em.fork(), clock, config, log });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops > 0 ? config.trustProxyHops : false);
  // POST /graphql with a JSON body skips Express (graphql-post.ts); everything else is Express's
  let fastPath: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const httpServer: Server = createServer((req, res) => {
    if (!fastPath?.(req, res)) app(req, res);
  });
  httpServer.on('clientError', answerUnreadableRequest);
  const tracing = createTracing(config, options.spanExporter);
  if (tracing) app.use(tracing.http);
  tracing?.watchSql(orm);
  const serverMetrics = createServerMetrics(config);
  app.use(serverMetrics.http);
  app.use(logging.http);

  // what WebSocket subscriptions and the direct query path validate with (Apollo's own rules: the same)
  const validationRules = config.introspection
    ? specifiedRules
    : [...specifiedRules, NoSchemaIntrospectionCustomRule];
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
      async onConnect(ctx) {
        if (!authenticateSocket(ctx, config.jwtSecret, clock)) return false;
        return !(await viewerRevoked({ em: orm.em, publisher, clock }, ctx.extra.viewer!, log));
      },
      // the same limits and validation as HTTP, and the same context factory
      onSubscribe(ctx, _id, payload) {
        const query = trustedSubscribeQuery(trusted, payload, ctx.extra.viewer ?? ANONYMOUS);
        if (query instanceof GraphQLError) return [query];
        let document: DocumentNode;
        try {
          document = parse(query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          return [
            withCode(
              error instanceof GraphQLError ? error : new GraphQLError('the document does not parse'),
              'GRAPHQL_PARSE_FAILED',
            ),
          ];
        }
        const shape = checkDocumentShape(document, config.limits);
        if (shape) return [shape];
        const errors = validate(schema, document, validationRules);
        if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
        const variables = payload.variables ?? undefined;
        const complex = checkComplexity(schema, document, payload.operationName, variables, config.limits);
        if (complex) return [complex];
        const ip = clientIp(
          ctx.extra.request.socket.remoteAddress,
          ctx.extra.request.headers['x-forwarded-for'],
          config.trustProxyHops,
        );
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue: createContext(services, ctx.extra.viewer ?? ANONYMOUS, { ip }),
        };
      },
      // errors leave through the same formatter as on HTTP: codes kept, internals never
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return;
        // errors without a path are about the request (variables that do not coerce), as Apollo reports them
        const errors = result.errors.map((e) =>
          e.path || e.extensions?.code || e.originalError instanceof DomainError
            ? e
            : withCode(e, 'BAD_USER_INPUT'),
        );
        return { ...result, errors: errors.map((e) => formatError(e.toJSON(), e, log)) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((e) => formatError(e.toJSON(), e, log));
      },
    },
    config.ws,
    log,
  );

  // execution compiled per document (graphql-jit); with tracing on, graphql-js (its per-field spans wrap resolvers)
  const compiled = tracing ? undefined : compiledExecutor(schema);
  const noStore: GraphQLRequestListener<Context> = {
    async willSendResponse({ response }) {
      response.http.headers.set('cache-control', 'no-store');
    },
  };
  const apollo = new ApolloServer<Context>({
    ...(compiled ? { gateway: compiled.gateway } : { schema }),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, log),
    // GET requests and simple POSTs need a header no HTML form or <img> can send
    csrfPrevention: true,
    allowBatchedHttpRequests: config.limits.maxBatchSize > 0,
    // automatic persisted queries are not part of the contract: no server-side query cache to fill
    persistedQueries: false,
    // main.ts owns the signals: Apollo's own SIGTERM handler would start a stop() that a second stop() (ours,
    // from close()) then waits on forever (Apollo 5 never resolves that wait), until main's force-exit timer
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // The schema has no cache hints, so every response was `no-store`; the built-in cache-control plugin
      // got there by wrapping every field resolver of the schema. Same header, without the wrapping.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return noStore;
        },
      },
      complexityPlugin(config.limits),
      readOnlyQueries(),
      auditPlugin(),
      httpStatusPlugin(),
      refuseRevokedBidders(),
      serverMetrics.apolloPlugin,
      logging.apolloPlugin,
      ...(tracing ? [tracing.apolloPlugin] : []),
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

  /** One HTTP request's context; a bad token is refused (401 UNAUTHENTICATED), never anonymous. */
  const contextFor = (authorization: string | undefined, ip: string): Context => {
    let viewer: Viewer;
    try {
      viewer = viewerFromAuthorization(authorization, config.jwtSecret, clock.now());
    } catch (error) {
      throw withHttpStatus(
        error instanceof DomainError ? error : new DomainError(ErrorCode.UNAUTHENTICATED, 'bad token'),
        401,
      );
    }
    return createContext(services, viewer, { ip });
  };
  const httpContext = (req: Request): Context => contextFor(req.headers.authorization, req.ip ?? 'unknown');
  const precheck = documentPrecheck(config.limits, log);

  // a query seen before, answered without Apollo's pipeline (the same steps, direct-query.ts)
  const direct =
    compiled &&
    directQueries({
      schema,
      limits: config.limits,
      validationRules,
      executor: compiled,
      formatError: (formatted, error) => formatError(formatted, error, log),
      revoked: (ctx) => viewerRevoked({ em: orm.em, publisher, clock }, ctx.viewer),
      answered: [
        ({ operation, operationName, errors, seconds }) =>
          serverMetrics.observeOperation(operation, operationName, errors ?? [], undefined, seconds),
        ({ req, operation, operationName, errors }) =>
          noteGraphqlOutcome(
            req.headers[REQUEST_ID_HEADER] as string | undefined,
            operation.name?.value ?? operationName,
            errors,
          ),
      ],
    });

  if (!tracing) {
    fastPath = graphqlPostFastPath({
      direct: direct?.answer,
      apollo,
      maxBodyBytes: config.limits.maxBodyBytes,
      track: [serverMetrics.track, logging.track],
      checks: [
        (req, body) => trustedPostBody(trusted, body, req.headers.authorization, config.jwtSecret, clock),
        (_req, body) => oversizedBatch(config.limits.maxBatchSize, body),
        (req, body) => precheck(Array.isArray(body) ? body : [body], req.headers.accept),
      ],
      // the client's address as Express's `trust proxy` gives it
      context: (req) =>
        contextFor(
          req.headers.authorization,
          clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxyHops),
        ),
    });
  }

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
      certificateRevocationLists: await crlReadiness(orm.em, clock.now()),
    });
  });
  mountLivePage(app);
  mountJwks(app);
  serverMetrics.mount(app);
  serverMetrics.watch({ orm, live: () => liveFigures(ws.stats(), live.stats()) });
  if (config.graphiql) {
    mountGraphiqlAssets(app);
    app.get('/graphql', (req, res, next) => {
      if (!wantsHtml(req)) return next();
      res.type('html').send(graphiqlHtml());
    });
  }
  app.use(
    '/graphql',
    refuseCrossSiteRequests(),
    express.json({ limit: config.limits.maxBodyBytes }),
    trustedDocumentsMiddleware(trusted, config.jwtSecret, clock),
    refuseOversizedBatches(config.limits.maxBatchSize),
    precheckDocuments(precheck),
    expressMiddleware(apollo, { context: async ({ req }) => httpContext(req) }),
  );
  app.use('/graphql', bodyErrorsAsGraphQL);
  mountCsvExport(app, { apollo, context: httpContext, maxBodyBytes: config.limits.maxBodyBytes, log });
  app.use('/export.csv', bodyErrorsAsGraphQL);
  mountDocumentRoutes(app, { context: httpContext, log });

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
      await rateLimiter.close();
      await orm.close(true);
      serverMetrics.close();
      await tracing?.close();
    })());

  return {
    ...services,
    schema,
    liveStats: () => ({ connections: ws.stats(), execution: execution.stats(), live: live.stats() }),
    graphqlStats: () => ({ direct: direct?.stats(), compiled: compiled?.stats() }),
    dropLiveConnections: () => [...wsServer.clients].map((socket) => socket.terminate()).length,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    close,
  };
}
