/**
 * Two server instances on one PostgreSQL database and one Redis behave as one live service: a subscriber on
 * either sees, in order and exactly once, what is appended on both; each instance holds one Redis
 * subscription per stream whatever its number of viewers; a lost Redis connection loses no event.
 */
import Redis from 'ioredis';
import { HARNESS_TOPIC, liveHarnessModule } from '../../bench/fanout/harness';
import { channelOf, LIVE_BUS_CONNECTION_NAME } from '../../src/common/pubsub';
import { describeIf, testPostgresUrl, testRedisUrl } from '../helpers/environment';
import { HARNESS_APPEND, range, subscribeHarness, until, type Subscriber } from '../helpers/live';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../helpers/server';

const redisUrl = testRedisUrl();

describeIf(!!redisUrl && !!testPostgresUrl(), 'needs TEST_REDIS_URL and TEST_DATABASE_URL')(
  'two instances through Redis',
  () => {
    let database: TestDatabase;
    let a: TestServer;
    let b: TestServer;
    let redis: Redis;
    const subscribers: Subscriber[] = [];
    const prefix = `redis-${Date.now().toString(36)}`;
    let n = 0;
    const nextStream = () => `${prefix}-${++n}`;

    beforeAll(async () => {
      database = await createTestDatabase('postgresql');
      const options = { db: database, seed: false, extraModules: [liveHarnessModule], config: { redisUrl } };
      a = await startTestServer(options);
      b = await startTestServer(options);
      redis = new Redis(redisUrl!);
    });
    afterEach(async () => {
      await Promise.all(subscribers.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      redis?.disconnect();
      await database?.drop();
    });

    const append = (server: TestServer, streamId: string, count = 1) =>
      server.data<{ liveHarnessAppend: number[] }>(HARNESS_APPEND, { streamId, count });
    const subscribe = (server: TestServer, streamId: string, afterSequence?: number) => {
      const s = subscribeHarness(server.wsUrl, streamId, afterSequence);
      subscribers.push(s);
      return s;
    };

    it('shows a subscriber on A, in order, what is appended on B (and on A), exactly once', async () => {
      const streamId = nextStream();
      await append(b, streamId, 3);
      const onA = subscribe(a, streamId, 0);
      const onB = subscribe(b, streamId, 1);
      await until(() => onA.sequences.length === 3 && onB.sequences.length === 2);
      // both instances take bids at once
      await Promise.all(Array.from({ length: 60 }, (_, i) => append(i % 3 === 0 ? a : b, streamId)));
      await until(() => onA.sequences.length === 63 && onB.sequences.length === 62, 20_000);
      expect(onA.sequences).toEqual(range(1, 63));
      expect(onB.sequences).toEqual(range(2, 63));
    });

    it('holds one Redis subscription per stream per instance, however many viewers', async () => {
      const streamId = nextStream();
      const viewers = [
        ...Array.from({ length: 15 }, () => subscribe(a, streamId, 0)),
        ...Array.from({ length: 15 }, () => subscribe(b, streamId, 0)),
      ];
      await until(
        () =>
          a.app.liveStats().live.fanout.subscribers >= 15 && b.app.liveStats().live.fanout.subscribers >= 15,
      );
      const [, count] = (await redis.pubsub('NUMSUB', channelOf(HARNESS_TOPIC, streamId))) as [
        string,
        number,
      ];
      expect(Number(count)).toBe(2);
      await append(a, streamId, 2);
      await until(() => viewers.every((v) => v.sequences.length === 2));
      await Promise.all(viewers.map((v) => v.close()));
      await until(
        () => b.app.liveStats().live.fanout.channels === 0 && a.app.liveStats().live.fanout.channels === 0,
      );
      let listening = -1;
      for (let i = 0; i < 100 && listening !== 0; i++) {
        const [, now] = (await redis.pubsub('NUMSUB', channelOf(HARNESS_TOPIC, streamId))) as [
          string,
          number,
        ];
        listening = Number(now);
        if (listening) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(listening).toBe(0);
    });

    it('loses no event when an instance loses its Redis connection', async () => {
      const streamId = nextStream();
      const onB = subscribe(b, streamId, 0);
      await until(() => b.app.liveStats().live.fanout.subscribers >= 1);
      await append(a, streamId, 2);
      await until(() => onB.sequences.length === 2);
      const reconnectsBefore = b.app.liveStats().live.fanout.reconnects;
      // drop the live-bus connections (both instances'; B is the one that matters here)
      const clients = String(await redis.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${LIVE_BUS_CONNECTION_NAME} `))
        .map((line) => /\bid=(\d+)/.exec(line)![1]);
      expect(clients.length).toBeGreaterThanOrEqual(2); // one per instance
      for (const id of clients) await redis.client('KILL', 'ID', id);
      // published while B is reconnecting: the notice is lost to B, the event is not
      await append(a, streamId, 1);
      await until(() => onB.sequences.length === 3, 10_000, 'the event published during the outage');
      expect(onB.sequences).toEqual([1, 2, 3]);
      await until(() => b.app.liveStats().live.fanout.reconnects > reconnectsBefore);
      await append(b, streamId, 1);
      await until(() => onB.sequences.length === 4);
      expect(onB.sequences).toEqual([1, 2, 3, 4]);
    });
  },
);
