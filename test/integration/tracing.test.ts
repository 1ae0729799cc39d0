/**
 * OpenTelemetry: with an exporter (here the SDK's in-memory one; OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set)
 * every request is a span named after its operation, with a child per root resolver and per SQL statement.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { testDatabases } from '../helpers/environment';
import { until } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe.each(testDatabases())('traces on %s', (kind) => {
  const exporter = new InMemorySpanExporter();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ db: kind, spanExporter: exporter });
  });
  afterAll(() => server.close());

  it('spans an operation, its root resolvers and its SQL, in one trace', async () => {
    exporter.reset();
    await server.data('query TraceProbe { auctions(first: 3) { edges { node { id code } } } serverTime }');
    await until(
      () => exporter.getFinishedSpans().some((s) => s.name === 'query TraceProbe'),
      5000,
      'the span',
    );
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query TraceProbe')!;
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TraceProbe',
      'http.response.status_code': 200,
    });
    const trace = spans.filter((s) => s.spanContext().traceId === operation.spanContext().traceId);
    const resolvers = trace.filter((s) => s.name.startsWith('resolve '));
    expect(resolvers.map((s) => s.name).sort()).toEqual([
      'resolve Query.auctions',
      'resolve Query.serverTime',
    ]);
    expect(resolvers.every((s) => parentOf(s) === operation.spanContext().spanId)).toBe(true);
    const sql = trace.filter((s) => s.name.startsWith('sql '));
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.some((s) => /from "auction"/i.test(String(s.attributes['db.statement'])))).toBe(true);
    expect(sql.every((s) => s.attributes['db.system'] !== undefined)).toBe(true);
  });

  it('marks an operation that failed with its error code', async () => {
    exporter.reset();
    await server.request('query TraceFails { bidders(first: 1) { totalCount } }'); // anonymous: refused
    await until(
      () => exporter.getFinishedSpans().some((s) => s.name === 'query TraceFails'),
      5000,
      'the span',
    );
    const span = exporter.getFinishedSpans().find((s) => s.name === 'query TraceFails')!;
    expect(span.status.code).toBe(2); // ERROR
    expect(span.attributes['graphql.error.codes']).toBeDefined();
  });
});
