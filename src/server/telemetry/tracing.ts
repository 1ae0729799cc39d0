/**
 * OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP; a test passes its own
 * exporter): one span per HTTP request, named after its GraphQL operation once known (`query AuctionList`),
 * a child span per root field resolver (the hot spots: each root field is one service call), and a child span
 * per SQL statement with its text (values are bound parameters and never recorded). Off, it costs nothing:
 * no middleware, no plugin, no listeners.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config';
import type { Orm } from '../../db/orm';

export interface ServerTracing {
  http(req: Request, res: Response, next: NextFunction): void;
  apolloPlugin: ApolloServerPlugin;
  /** a span per SQL statement the ORM runs */
  watchSql(orm: Orm): void;
  /** sends what is pending */
  close(): Promise<void>;
}

let contextManagerSet = false;

export function createTracing(config: Config, exporter?: SpanExporter): ServerTracing | undefined {
  if (!exporter && !config.otlpEndpoint) return undefined;
  // the SDK and the OTLP exporter (several MB of modules) load only once tracing is on
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!contextManagerSet) {
    // AsyncLocalStorage carries the request's span into resolvers and SQL; set once per process
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'land-party-platform' }),
    spanProcessors: [
      exporter
        ? new SimpleSpanProcessor(exporter)
        : new BatchSpanProcessor(
            new OTLPTraceExporter({ url: `${config.otlpEndpoint!.replace(/\/$/, '')}/v1/traces` }),
          ),
    ],
  });
  const tracer: Tracer = provider.getTracer('land-party-platform');

  return {
    http(req, res, next) {
      const span = tracer.startSpan(`${req.method} ${req.path}`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': req.path },
      });
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(context.active(), span), next);
    },
    apolloPlugin: {
      async requestDidStart() {
        const active = trace.getActiveSpan();
        return {
          async didResolveOperation({ operation }) {
            if (!active || !operation) return;
            const name = operation.name?.value ?? 'anonymous';
            active.updateName(`${operation.operation} ${name}`);
            active.setAttributes({
              'graphql.operation.type': operation.operation,
              'graphql.operation.name': name,
            });
          },
          async executionDidStart() {
            return {
              willResolveField({ info }) {
                if (info.path.prev) return; // root fields only: the service calls
                const field = tracer.startSpan(`resolve ${info.parentType.name}.${info.fieldName}`, {
                  attributes: { 'graphql.field.path': String(info.path.key) },
                });
                return (error) => {
                  if (error) field.setStatus({ code: SpanStatusCode.ERROR, message: codeOf(error) });
                  field.end();
                };
              },
            };
          },
          async willSendResponse({ response }) {
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const codes = (body?.errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
            if (active && codes.length) {
              active.setAttribute('graphql.error.codes', codes);
              active.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
            }
          },
        };
      },
    },
    watchSql(orm) {
      const knex = (
        orm.em.getConnection() as unknown as {
          getKnex(): {
            on(event: string, fn: (...args: unknown[]) => void): void;
            client: { dialect: string };
          };
        }
      ).getKnex();
      const spans = new Map<string, Span>();
      knex.on('query', (...args) => {
        const q = args[0] as { __knexQueryUid?: string; sql?: string };
        if (!q.__knexQueryUid) return;
        const verb = (q.sql ?? '').trim().split(/\s+/, 1)[0]?.toLowerCase() || 'sql';
        spans.set(
          q.__knexQueryUid,
          tracer.startSpan(`sql ${verb}`, {
            kind: SpanKind.CLIENT,
            attributes: { 'db.system': knex.client.dialect, 'db.statement': q.sql ?? '' },
          }),
        );
      });
      const end = (q: { __knexQueryUid?: string } | undefined, error?: unknown) => {
        const span = q?.__knexQueryUid ? spans.get(q.__knexQueryUid) : undefined;
        if (!span) return;
        spans.delete(q!.__knexQueryUid!);
        if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        span.end();
      };
      knex.on('query-response', (...args) => end(args[1] as { __knexQueryUid?: string }));
      knex.on('query-error', (...args) => end(args[1] as { __knexQueryUid?: string }, args[0]));
    },
    async close() {
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
    },
  };
}

function codeOf(error: Error): string {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return typeof code === 'string' ? code : error.message;
}
