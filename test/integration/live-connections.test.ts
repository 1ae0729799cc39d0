/**
 * The live WebSocket endpoint with real `ws` clients: a small test-only schema whose subscription runs over
 * a gapless stream, served through serveGraphqlWs + shared execution on port 0, as the app serves its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EntityManager } from '@mikro-orm/core';
import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { createPublisher, type Publisher } from '../../src/common/pubsub';
import { serveGraphqlWs, type ConnectionPolicy, type GraphqlWsServer } from '../../src/server/ws/connections';
import { createLive, type EventLogSource, type Live } from '../../src/common/live/live';
import {
  createSharedExecution,
  SOURCE_ONLY_ARGS,
  type SharedExecution,
} from '../../src/common/live/shared-execution';

interface Tick {
  sequence: number;
  payload: string;
}

const TICKS = `subscription Ticks($s: String!, $after: Int) { ticks(streamId: $s, afterSequence: $after) { sequence payload seenBy } }`;

/** A stand-in service: an in-memory log per stream, announced on the bus after each append. */
class TestLiveServer {
  readonly store = new Map<string, Tick[]>();
  readonly publisher: Publisher = createPublisher();
  readonly live: Live = createLive({ bus: this.publisher.bus, fork: () => ({}) as EntityManager });
  readonly execution: SharedExecution = createSharedExecution({
    visibilityClass: (ctx) => (ctx as { viewer: string }).viewer,
  });
  httpServer!: Server;
  ws!: GraphqlWsServer;
  url = '';
  private readonly clients: Client[] = [];

  private readonly source: EventLogSource<Tick> = {
    loadAfter: async (_em, streamId, after, limit) =>
      (this.store.get(streamId) ?? []).filter((e) => e.sequence > after).slice(0, limit),
    lastSequence: async (_em, streamId) => this.store.get(streamId)?.length ?? 0,
  };

  async start(policy: Partial<ConnectionPolicy> = {}): Promise<this> {
    const Tick = new GraphQLObjectType({
      name: 'Tick',
      fields: {
        sequence: { type: new GraphQLNonNull(GraphQLInt) },
        payload: { type: new GraphQLNonNull(GraphQLString) },
        seenBy: { type: GraphQLString, resolve: (_t, _a, ctx: { viewer: string }) => ctx.viewer },
      },
    });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          ticks: {
            type: new GraphQLNonNull(Tick),
            args: {
              streamId: { type: new GraphQLNonNull(GraphQLString) },
              afterSequence: { type: GraphQLInt },
            },
            extensions: { [SOURCE_ONLY_ARGS]: ['afterSequence'] },
            subscribe: (_root, args: { streamId: string; afterSequence?: number }, ctx: { live: Live }) =>
              ctx.live.log('TICK', this.source).stream(args.streamId, args.afterSequence),
            resolve: (tick: Tick) => tick,
          },
        },
      }),
    });
    this.httpServer = createServer();
    const wsServer = new WebSocketServer({ server: this.httpServer, path: '/graphql' });
    this.ws = serveGraphqlWs<{ name?: unknown }, { socket: WebSocket; request: never; viewer?: string }>(
      wsServer,
      {
        schema,
        parse: this.execution.parse,
        validate: this.execution.validate,
        subscribe: this.execution.subscribe,
        onConnect: (ctx) => {
          const name = ctx.connectionParams?.name;
          if (name === 'forged') return false;
          ctx.extra.viewer = typeof name === 'string' ? name : 'anonymous';
          return true;
        },
        context: (ctx) => ({ live: this.live, viewer: ctx.extra.viewer }),
      },
      {
        keepAliveMs: 0,
        connectionInitWaitTimeoutMs: 3000,
        maxSubscriptionsPerConnection: 20,
        maxBufferedBytes: 1024 * 1024,
        ...policy,
      },
    );
    await new Promise<void>((resolve) => this.httpServer.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.httpServer.address() as AddressInfo).port}/graphql`;
    return this;
  }

  append(streamId: string, count = 1, payloadBytes = 0): void {
    const log = this.store.get(streamId) ?? [];
    this.store.set(streamId, log);
    for (let i = 0; i < count; i++) {
      const sequence = log.length + 1;
      log.push({ sequence, payload: 'x'.repeat(payloadBytes) });
      this.publisher.publish('TICK', streamId, { streamId, sequence });
    }
  }

  client(connectionParams: Record<string, unknown> = {}): Client {
    const client = createClient({
      url: this.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams,
    });
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.dispose()));
    await this.ws.dispose();
    this.live.close();
    await new Promise((resolve) => this.httpServer.close(resolve));
  }
}

interface Collected {
  sequences: number[];
  results: unknown[];
  errors: unknown[];
  closed?: number;
}

function collect(
  client: Client,
  variables: Record<string, unknown>,
  query = TICKS,
): Collected & { stop(): void } {
  const got: Collected = { sequences: [], results: [], errors: [] };
  const stop = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        got.results.push(result);
        const tick = (result.data as { ticks?: Tick } | undefined)?.ticks;
        if (tick) got.sequences.push(tick.sequence);
      },
      error: (error) => got.errors.push(error),
      complete: () => undefined,
    },
  );
  return Object.assign(got, { stop });
}

async function until(condition: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw graphql-transport-ws client, to do what graphql-ws's client never would. */
async function rawClient(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{
  socket: WebSocket;
  messages: { type: string; id?: string; payload?: unknown }[];
  closed: Promise<number>;
}> {
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  const messages: { type: string; id?: string; payload?: unknown }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages, closed };
}

async function initialised(url: string, options: WebSocket.ClientOptions = {}) {
  const raw = await rawClient(url, options);
  raw.socket.send(JSON.stringify({ type: 'connection_init' }));
  await until(() => raw.messages.some((m) => m.type === 'connection_ack'), 5000, 'connection_ack');
  return raw;
}

describe('the live WebSocket endpoint', () => {
  let server: TestLiveServer;
  afterEach(() => server?.close());

  it('gives a hundred clients every event once, in order, from one execution per event', async () => {
    server = await new TestLiveServer().start();
    server.append('a', 5);
    const viewers = Array.from({ length: 100 }, (_, i) =>
      collect(server.client(), { s: 'a', after: i % 2 === 0 ? 0 : 5 }),
    );
    await until(() => server.live.fanout.stats().subscribers === 100, 10_000, 'subscribers');
    await until(() => viewers.every((v, i) => v.sequences.length === (i % 2 === 0 ? 5 : 0)));
    await new Promise((resolve) => setTimeout(resolve, 100)); // every replay has reached the head
    const readsBefore = server.live.stats().caches.TICK.storageReads;
    for (let i = 1; i <= 20; i++) {
      server.append('a', 1);
      await until(() => viewers.every((v) => v.sequences.at(-1) === 5 + i));
    }
    // live: one storage read per event for the whole instance
    expect(server.live.stats().caches.TICK.storageReads - readsBefore).toBe(20);
    viewers.forEach((v, i) => {
      const from = i % 2 === 0 ? 1 : 6;
      expect(v.sequences).toEqual(Array.from({ length: 26 - from }, (_, k) => from + k));
    });
    const stats = server.execution.stats();
    expect(stats.executions).toBe(25); // 100 subscribers, 25 distinct events, one class
    expect(stats.shared).toBe(50 * 25 + 50 * 20 - 25);
    expect(server.live.fanout.stats()).toMatchObject({ channels: 1, busListens: 1 });
  });

  it('keeps viewers of different classes apart', async () => {
    server = await new TestLiveServer().start();
    const anonymous = collect(server.client(), { s: 'a' });
    const alice = collect(server.client({ name: 'alice' }), { s: 'a' });
    await until(() => server.live.fanout.stats().subscribers === 2);
    server.append('a');
    await until(() => anonymous.results.length === 1 && alice.results.length === 1);
    expect(anonymous.results[0]).toEqual({
      data: { ticks: { sequence: 1, payload: '', seenBy: 'anonymous' } },
    });
    expect(alice.results[0]).toEqual({ data: { ticks: { sequence: 1, payload: '', seenBy: 'alice' } } });
  });

  it('refuses a connection whose connection_init is refused with 4403', async () => {
    server = await new TestLiveServer().start();
    const raw = await rawClient(server.url);
    raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { name: 'forged' } }));
    expect(await raw.closed).toBe(4403);
  });

  it('refuses one operation past the cap per connection with RATE_LIMITED; the others go on', async () => {
    server = await new TestLiveServer().start({ maxSubscriptionsPerConnection: 3 });
    const client = server.client();
    const subs = Array.from({ length: 4 }, () => collect(client, { s: 'a' }));
    await until(() => subs[3].errors.length === 1, 5000, 'the refusal');
    expect(subs[3].errors[0]).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('at most 3'),
        extensions: { code: 'RATE_LIMITED', limit: 3 },
      }),
    ]);
    await until(() => server.live.fanout.stats().subscribers === 3);
    server.append('a');
    await until(() => subs.slice(0, 3).every((s) => s.sequences.length === 1));
    subs[0].stop();
    await until(() => server.live.fanout.stats().subscribers === 2);
    const another = collect(client, { s: 'a' }); // room again
    await until(() => server.live.fanout.stats().subscribers === 3);
    expect(another.errors).toEqual([]);
    expect(server.ws.stats().refusedOperations).toBe(1);
  });

  it('closes a client that stops reading with 4008, without holding up the others', async () => {
    const maxBufferedBytes = 256 * 1024;
    server = await new TestLiveServer().start({ maxBufferedBytes, slowConsumerGraceMs: 20_000 });
    const slow = await initialised(server.url);
    slow.socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: TICKS, variables: { s: 'big' } } }),
    );
    const healthy = collect(server.client(), { s: 'big' });
    await until(() => server.live.fanout.stats().subscribers === 2);
    (slow.socket as unknown as { _socket: Socket })._socket.pause(); // stops reading; the kernel buffers fill

    const events = 300;
    const started = Date.now();
    for (let i = 0; i < events; i++) {
      server.append('big', 1, 64 * 1024);
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => healthy.sequences.length === events, 30_000, 'the healthy client');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(healthy.sequences).toEqual(Array.from({ length: events }, (_, i) => i + 1));
    expect(server.ws.stats().slowConsumersClosed).toBe(1);

    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed).toBe(4008);
    const received = slow.messages.filter((m) => m.type === 'next').length;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(events);
  });

  it('terminates a peer that stops answering pings, and keeps one that answers', async () => {
    server = await new TestLiveServer().start({ keepAliveMs: 100 });
    const silent = await initialised(server.url, { autoPong: false });
    const lively = await initialised(server.url);
    const code = await silent.closed;
    expect(code).toBe(1006); // dropped, no closing handshake
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lively.socket.readyState).toBe(WebSocket.OPEN);
    expect(server.ws.stats().deadPeersTerminated).toBe(1);
    lively.socket.close();
  });

  it('closes a socket that never sends connection_init with 4408', async () => {
    server = await new TestLiveServer().start({ connectionInitWaitTimeoutMs: 200 });
    const raw = await rawClient(server.url);
    expect(await raw.closed).toBe(4408);
  });

  it('closes every socket with 1001 when it shuts down', async () => {
    server = await new TestLiveServer().start();
    const a = await initialised(server.url);
    const b = await initialised(server.url);
    await server.ws.dispose();
    expect(await a.closed).toBe(1001);
    expect(await b.closed).toBe(1001);
  });
});
