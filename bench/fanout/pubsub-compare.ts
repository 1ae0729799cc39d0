/**
 * @graphql-yoga/redis-event-target (what type-graphql's pubSub uses here) against the live fan-out, for N local
 * subscribers of one channel on one instance: Redis subscriptions held, and the time for M messages to
 * reach every subscriber.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 node dist/bench/fanout/pubsub-compare.js --subscribers 10000 --messages 50
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import { createPublisher } from '../../src/common/pubsub';
import { Fanout } from '../../src/common/live/fanout';
import { gaplessStream } from '../../src/common/live/gapless';
import { parseArgs, preciseNow, round } from './proc';

const args = parseArgs(process.argv.slice(2));
const subscribers = Number(args.subscribers ?? 10_000);
const messages = Number(args.messages ?? 50);
const redisUrl = process.env.REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function numsub(redis: Redis, channel: string): Promise<number> {
  const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}

async function measure(
  name: string,
  subscribe: (received: (sequence: number) => void) => Promise<() => Promise<void>>,
  publish: (sequence: number) => void,
  channel: string,
  redis: Redis,
) {
  const counts = new Int32Array(messages + 1);
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const received = (sequence: number) => {
    if (++counts[sequence] === subscribers && sequence === messages) done();
  };
  const subscribedAt = preciseNow();
  const stops = await Promise.all(Array.from({ length: subscribers }, () => subscribe(received)));
  const subscribeMs = preciseNow() - subscribedAt;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const held = await numsub(redis, channel);
  const cpu0 = process.cpuUsage();
  const started = preciseNow();
  for (let sequence = 1; sequence <= messages; sequence++) {
    publish(sequence);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await all;
  const elapsed = preciseNow() - started;
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(stops.map((stop) => stop()));
  const result = {
    name,
    redisSubscriptionsHeld: held,
    subscribeAllMs: round(subscribeMs),
    deliverAllMs: round(elapsed),
    cpuMsPerMessage: round((cpu.user + cpu.system) / 1000 / messages, 2),
    cpuMicrosPerDelivery: round((cpu.user + cpu.system) / (messages * subscribers), 2),
  };
  console.log(JSON.stringify(result));
  return result;
}

async function main(): Promise<void> {
  const redis = new Redis(redisUrl);
  const results = [];

  // 1. yoga's Redis event target: a Repeater per subscriber, read with for-await
  {
    const publishClient = new Redis(redisUrl);
    const subscribeClient = new Redis(redisUrl);
    const pubSub = createPubSub<Record<string, [string, unknown]>>({
      eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
    });
    const channel = `CMP_YOGA:${Date.now()}`;
    const [topic, id] = channel.split(':');
    results.push(
      await measure(
        'graphql-yoga redis-event-target (Repeater per subscriber)',
        async (received) => {
          const iterator = pubSub.subscribe(topic, id)[Symbol.asyncIterator]();
          void (async () => {
            for (;;) {
              const item = await iterator.next();
              if (item.done) return;
              received((item.value as { sequence: number }).sequence);
            }
          })();
          return async () => void (await iterator.return?.());
        },
        (sequence) => pubSub.publish(topic, id, { sequence }),
        channel,
        redis,
      ),
    );
    publishClient.disconnect();
    subscribeClient.disconnect();
  }

  // 2. the live fan-out: one SUBSCRIBE, a pushable queue per subscriber, read by a gapless stream as in the app
  {
    const publisher = createPublisher(redisUrl);
    const fanout = new Fanout(publisher.bus);
    const channel = `CMP_LIVE:${Date.now()}`;
    const [topic, id] = channel.split(':');
    const events = new Map<number, { sequence: number }>();
    const peek = (after: number, limit: number) => {
      const page: { sequence: number }[] = [];
      for (let s = after + 1; s <= after + limit && events.has(s); s++) page.push(events.get(s)!);
      return page;
    };
    results.push(
      await measure(
        'live fan-out (one SUBSCRIBE, gapless stream per subscriber, events from a shared cache)',
        async (received) => {
          const stream = gaplessStream<{ sequence: number }>({
            subscribe: () => fanout.subscribe(topic, id),
            loadAfter: async (after, limit) => peek(after, limit),
            peekAfter: peek,
            head: async () => 0,
          });
          void (async () => {
            for (;;) {
              const item = await stream.next();
              if (item.done) return;
              received(item.value.sequence);
            }
          })();
          await new Promise((resolve) => setImmediate(resolve));
          return async () => void (await stream.return());
        },
        (sequence) => {
          events.set(sequence, { sequence });
          publisher.publish(topic, id, { sequence });
        },
        channel,
        redis,
      ),
    );
    fanout.close();
    await publisher.close();
  }
  redis.disconnect();
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `pubsub-compare-${subscribers}.json`),
    `${JSON.stringify({ subscribers, messages, at: new Date().toISOString(), results }, null, 2)}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
