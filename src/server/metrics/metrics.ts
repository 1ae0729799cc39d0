/**
 * The operator's metrics (prom-client), per running server: HTTP and GraphQL latency, errors by code, bid
 * decisions, WebSocket connections and subscriptions (and operations begun/ended by name), fan-out lag, scheduler transitions, rate-limit refusals,
 * database pool use and the process's own figures. `GET /metrics` serves them in Prometheus text format:
 * open outside production, and in production only with `Authorization: Bearer <METRICS_TOKEN>` (without a
 * token there, the route does not exist).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Express, NextFunction, Request, Response } from 'express';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { useMetricsRecorder } from '../../common/telemetry/metrics';
import type { Config } from '../../config';
import type { Orm } from '../../db/orm';
import type { LiveStats } from '../../common/live/live';
import type { ConnectionStats } from '../ws/connections';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** operation names are the client's words: a bounded set of well-formed ones, the rest counted as "other" */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface LiveFigures {
  connections: number;
  subscriptions: number;
  slowConsumersClosed: number;
  refusedOperations: number;
}

/** The WebSocket endpoint's and the fan-out's counters, as the gauges want them. */
export function liveFigures(connections: ConnectionStats, live: LiveStats): LiveFigures {
  return {
    connections: connections.open,
    subscriptions: live.fanout.subscribers,
    slowConsumersClosed: connections.slowConsumersClosed,
    refusedOperations: connections.refusedOperations,
  };
}

export interface MetricsSources {
  orm: Orm;
  live(): LiveFigures;
}

export interface ServerMetrics {
  registry: Registry;
  /** Express middleware timing every HTTP request */
  http(req: Request, res: Response, next: NextFunction): void;
  /** the same for a request answered outside Express (the POST /graphql fast path), given its path */
  track(req: IncomingMessage, res: ServerResponse, path: string): void;
  apolloPlugin: ApolloServerPlugin;
  /** one GraphQL operation answered over HTTP (the plugin above for Apollo's; the direct query path's itself) */
  observeOperation(
    operation: OperationDefinitionNode | undefined,
    operationName: string | null | undefined,
    sent: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[],
    requestErrors: readonly unknown[] | undefined,
    seconds: number,
  ): void;
  /** adds GET /metrics (or nothing, in production without METRICS_TOKEN) */
  mount(app: Express): void;
  /** gauges read at scrape time */
  watch(sources: MetricsSources): void;
  close(): void;
}

/** the route label of a request: the endpoints the server has, never the raw path */
function routeOf(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  if (path.startsWith('/live/')) return '/live';
  for (const known of ['/healthz', '/readyz', '/metrics', '/export.csv']) if (path === known) return known;
  return 'other';
}

interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

function poolOf(orm: Orm): PoolLike | undefined {
  try {
    const connection = orm.em.getConnection() as unknown as {
      getKnex(): { client: { pool?: PoolLike } };
    };
    return connection.getKnex().client.pool ?? undefined;
  } catch {
    return undefined;
  }
}

export function createServerMetrics(config: Config): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'platform_process_' });
  let sources: MetricsSources | undefined;
  const names = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  const httpDuration = new Histogram({
    name: 'platform_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'platform_graphql_operation_duration_seconds',
    help: 'GraphQL operations over HTTP by operation name, type and outcome (ok, or the first error code)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'platform_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const bids = new Histogram({
    name: 'platform_bid_decision_duration_seconds',
    help: 'placeBid decisions by outcome (ACCEPTED, or the refusal code such as BID_TOO_LOW) and their latency',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fanoutLag = new Histogram({
    name: 'platform_live_fanout_lag_seconds',
    help: "from an event's commit (its publish) to its hand-over to this instance's live streams",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'platform_scheduler_transitions_total',
    help: 'auction deadline transitions applied by this instance’s scheduler',
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'platform_rate_limit_refusals_total',
    help: 'requests refused with RATE_LIMITED, by bucket',
    labelNames: ['bucket'] as const,
    registers: [registry],
  });
  const wsStarted = new Counter({
    name: 'platform_ws_operations_started_total',
    help: 'WebSocket operations begun, by operation name, type and outcome (ok, or the code it was refused with)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const wsEnded = new Counter({
    name: 'platform_ws_operations_ended_total',
    help: 'WebSocket operations that began ok and ended (completed by either side, or their socket closed)',
    labelNames: ['operation', 'type'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'platform_ws_connections',
    help: 'open WebSocket connections',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.live().connections);
    },
  });
  new Gauge({
    name: 'platform_ws_subscriptions',
    help: 'live subscriptions served by this instance (local fan-out subscribers)',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.live().subscriptions);
    },
  });
  new Gauge({
    name: 'platform_ws_closed_slow_consumers',
    help: 'WebSockets closed with 4008 for not reading what they were sent, since start',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.live().slowConsumersClosed);
    },
  });
  new Gauge({
    name: 'platform_ws_refused_operations',
    help: 'WebSocket operations refused for exceeding WS_MAX_SUBSCRIPTIONS, since start',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.live().refusedOperations);
    },
  });
  new Gauge({
    name: 'platform_db_pool_connections',
    help: 'database pool connections: used, free, pending (waiting for one) and max',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources && poolOf(sources.orm);
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
      this.set({ state: 'max' }, pool.max);
    },
  });

  const restore = useMetricsRecorder({
    rateLimitRefused: (bucket) => refusals.inc({ bucket }),
    schedulerTransitions: (count) => count > 0 && transitions.inc(count),
    fanoutDelivered: (seconds) => fanoutLag.observe(seconds),
    wsOperationStarted: (operation, type, outcome) =>
      wsStarted.inc({ operation: operationLabel(operation), type, outcome }),
    wsOperationEnded: (operation, type) => wsEnded.inc({ operation: operationLabel(operation), type }),
  });

  const observeOperation: ServerMetrics['observeOperation'] = (
    operation,
    operationName,
    sent,
    requestErrors,
    seconds,
  ) => {
    const codes = sent.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
    for (const code of codes) errors.inc({ code });
    operationDuration.observe(
      {
        operation: operationLabel(operation?.name?.value ?? operationName),
        type: operation?.operation ?? 'unknown',
        outcome: codes[0] ?? (requestErrors?.length ? 'error' : 'ok'),
      },
      seconds,
    );
    if (operation?.operation === 'mutation') observeBids(operation, sent, seconds);
  };

  const apolloPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, errors: requestErrors, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          observeOperation(
            operation,
            operationName,
            body?.errors ?? [],
            requestErrors,
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };

  function observeBids(
    operation: OperationDefinitionNode,
    sent: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[],
    seconds: number,
  ): void {
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value !== 'placeBid') continue;
      const key = selection.alias?.value ?? selection.name.value;
      const refusal = sent.find((e) => e.path?.[0] === key);
      bids.observe(
        { outcome: refusal ? String(refusal.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ACCEPTED' },
        seconds,
      );
    }
  }

  const expected = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : undefined;
  const authorized = (req: Request): boolean => {
    if (!expected) return !config.production;
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const track: ServerMetrics['track'] = (req, res, path) => {
    const started = performance.now();
    const route = routeOf(path);
    res.once('finish', () => {
      httpDuration.observe(
        { route, method: req.method!, status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
  };

  return {
    registry,
    track,
    http(req, res, next) {
      track(req, res, req.path); // before mounted routers rewrite req.url
      next();
    },
    apolloPlugin,
    observeOperation,
    mount(app) {
      if (config.production && !expected) return;
      app.get('/metrics', async (req, res) => {
        if (!authorized(req)) {
          res
            .status(401)
            .set('WWW-Authenticate', 'Bearer')
            .json({
              errors: [
                { message: 'the metrics need the METRICS_TOKEN', extensions: { code: 'UNAUTHENTICATED' } },
              ],
            });
          return;
        }
        res.type(registry.contentType).send(await registry.metrics());
      });
    },
    watch(s) {
      sources = s;
    },
    close() {
      restore();
      registry.clear();
    },
  };
}
