/**
 * GET /metrics: Prometheus text with the figures an operator needs, recorded by real traffic (HTTP, GraphQL,
 * bids, WebSocket subscriptions and operations, the scheduler, rate limits, the pool); in production only with METRICS_TOKEN.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../src/common/clock';
import { testDatabases } from '../helpers/environment';
import { AUCTION_EVENTS, auctionInQuoting, LIVE_PRICES, PLACE_BID } from '../helpers/land-flow';
import { until } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(server: TestServer, authorization?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(server.url.replace('/graphql', '/metrics'), {
    headers: authorization ? { authorization } : {},
  });
  return { status: response.status, text: await response.text() };
}

/** the value of one sample line, e.g. value(text, 'platform_ws_connections') */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe.each(testDatabases())('metrics on %s', (kind) => {
  let server: TestServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      db: kind,
      clock: new ManualClock('2024-11-01T00:00:00+08:00'),
      config: {
        rateLimits: {
          signIn: { perSubject: 0, perIp: 0, windowSeconds: 60 },
          placeBid: { perSubject: 1, perIp: 0, windowSeconds: 3600 },
          analytics: { perSubject: 0, perIp: 0, windowSeconds: 60 },
        },
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  });

  it('serves Prometheus text with latency by operation and outcome, errors by code and the process figures', async () => {
    await server.data('query MetricsProbe { serverTime }');
    const invalid = await server.request('query MetricsBroken { noSuchField }');
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const { status, text } = await scrape(server);
    expect(status).toBe(200);
    expect(
      value(
        text,
        'platform_graphql_operation_duration_seconds_count{operation="MetricsProbe",type="query",outcome="ok"}',
      ),
    ).toBe(1);
    expect(value(text, 'platform_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(text).toMatch(
      /platform_http_request_duration_seconds_bucket\{le="\+Inf",route="\/graphql",method="POST",status="200"\} [1-9]/,
    );
    expect(text).toContain('# TYPE platform_process_process_resident_memory_bytes gauge');
    expect(value(text, 'platform_db_pool_connections{state="max"}')).toBeGreaterThanOrEqual(1);
  });

  it('counts bid decisions by outcome, fan-out lag to subscribers, scheduler transitions and rate-limit refusals', async () => {
    const auction = await auctionInQuoting(server, `MET-${kind}`);
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    const seen: number[] = [];
    client.subscribe<{ auctionEvents: { sequence: number } }>(
      { query: AUCTION_EVENTS, variables: { auctionId: auction.auctionId } },
      {
        next: (r) => seen.push(r.data!.auctionEvents.sequence),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    let lastText = '';
    await until(
      () => {
        void scrape(server).then((r) => (lastText = r.text));
        return value(lastText, 'platform_ws_subscriptions') === 1;
      },
      10_000,
      'the subscription to show',
    );
    expect(value(lastText, 'platform_ws_connections')).toBe(1);

    const [a, b] = auction.bidders;
    const bid = (token: string, key: string) =>
      server.request(
        PLACE_BID,
        { input: { auctionId: auction.auctionId, amount: LIVE_PRICES.startingPrice, idempotencyKey: key } },
        { token },
      );
    expect((await bid(a.token, 'm1')).errors).toBeUndefined();
    expect((await bid(b.token, 'm2')).errors?.[0].extensions?.code).toBe('BID_TOO_LOW');
    await bid(b.token, 'm3'); // the bidder's second in the window: over the placeBid limit of 1 per subject
    await until(() => seen.length > 0, 10_000, 'the bid event to arrive');

    // quoting ends 30 minutes after the start: only the scheduler is there to see it
    (server.clock as ManualClock).advance(40 * 60_000);
    await until(
      () => {
        void scrape(server).then((r) => (lastText = r.text));
        return (value(lastText, 'platform_scheduler_transitions_total') ?? 0) >= 1;
      },
      10_000,
      'the scheduler to move the auction',
    );
    expect(value(lastText, 'platform_bid_decision_duration_seconds_count{outcome="ACCEPTED"}')).toBe(1);
    expect(value(lastText, 'platform_bid_decision_duration_seconds_count{outcome="BID_TOO_LOW"}')).toBe(1);
    expect(value(lastText, 'platform_bid_decision_duration_seconds_count{outcome="RATE_LIMITED"}')).toBe(1);
    expect(value(lastText, 'platform_rate_limit_refusals_total{bucket="placeBid"}')).toBe(1);
    expect(value(lastText, 'platform_live_fanout_lag_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('counts WebSocket operations begun and ended by operation name, type and outcome', async () => {
    const auction = await auctionInQuoting(server, `MET-WS-${kind}`);
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    const events =
      'subscription MetricsFollow($auctionId: ID!) { auctionEvents(auctionId: $auctionId) { sequence } }';
    const follow = () => {
      let failed: unknown;
      const stop = client.subscribe(
        { query: events, variables: { auctionId: auction.auctionId } },
        { next: () => undefined, error: (e) => (failed = e), complete: () => undefined },
      );
      return { stop, failed: () => failed };
    };
    const first = follow();
    const second = follow();
    let refused: unknown;
    client.subscribe(
      { query: 'subscription MetricsWrong { noSuchField }' },
      { next: () => undefined, error: (e) => (refused = e), complete: () => undefined },
    );
    const started =
      'platform_ws_operations_started_total{operation="MetricsFollow",type="subscription",outcome="ok"}';
    const ended = 'platform_ws_operations_ended_total{operation="MetricsFollow",type="subscription"}';
    let text = '';
    await until(
      () => {
        void scrape(server).then((r) => (text = r.text));
        return value(text, started) === 2 && refused !== undefined && text.includes('"MetricsWrong"');
      },
      10_000,
      'two subscriptions to begin',
    );
    expect(value(text, ended)).toBeUndefined();
    expect(
      value(
        text,
        'platform_ws_operations_started_total{operation="MetricsWrong",type="subscription",outcome="GRAPHQL_VALIDATION_FAILED"}',
      ),
    ).toBe(1);
    expect(text).not.toContain('platform_ws_operations_ended_total{operation="MetricsWrong"');

    first.stop(); // the client completes one
    await until(
      () => {
        void scrape(server).then((r) => (text = r.text));
        return value(text, ended) === 1;
      },
      10_000,
      'the completed subscription to end',
    );
    // the socket closes under the other: it ends too
    await client.dispose();
    await until(
      () => {
        void scrape(server).then((r) => (text = r.text));
        return value(text, ended) === 2;
      },
      10_000,
      'the subscription of the closed socket to end',
    );
    expect(value(text, started)).toBe(2);
    expect([first.failed(), second.failed()]).toEqual([undefined, undefined]);
  });
});

describe('metrics in production', () => {
  const production = (metricsToken?: string) =>
    startTestServer({
      db: 'sqlite',
      seed: false,
      config: { production: true, metricsToken },
    });

  it('answers only with the METRICS_TOKEN', async () => {
    const server = await production(TOKEN);
    try {
      expect((await scrape(server)).status).toBe(401);
      expect((await scrape(server, `Bearer ${TOKEN.slice(0, -1)}x`)).status).toBe(401);
      const ok = await scrape(server, `Bearer ${TOKEN}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('platform_http_request_duration_seconds');
    } finally {
      await server.close();
    }
  });

  it('has no /metrics without a METRICS_TOKEN', async () => {
    const server = await production(undefined);
    try {
      expect((await scrape(server)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
