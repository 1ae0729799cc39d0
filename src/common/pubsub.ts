/**
 * Live events: in-process by default; through Redis when REDIS_URL is set, so every instance's subscribers
 * see what any instance publishes. Payloads are JSON-safe (ids, numbers, strings), never entities: they go
 * through JSON on both transports, so what works in-process works across instances.
 *
 * Two ways to listen: `pubSub` (type-graphql's topic subscriptions) and `bus`, the raw channel listener the
 * live fan-out (src/common/live/fanout.ts) builds on — one listener per channel per instance, whatever the
 * number of local subscribers.
 */
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import { PUBLISHED_AT } from './telemetry/metrics';

/** topic → [routing id, payload] */
export type Topics = Record<string, [string, unknown]>;

/** The Redis connection name of each instance's live fan-out subscriber. */
export const LIVE_BUS_CONNECTION_NAME = 'platform-live-bus';

/** The channel a (topic, id) pair is published on (the same naming as @graphql-yoga/subscription). */
export const channelOf = (topic: string, id: string): string => `${topic}:${id}`;

/** Raw channel listening, for the live fan-out. */
export interface Bus {
  /** Listens to a channel; resolves once everything published from now on will be delivered. */
  listen(channel: string, onMessage: (payload: unknown) => void): Promise<void>;
  unlisten(channel: string): Promise<void>;
  /** fn runs after the transport reconnected and listens again: messages in between may be lost */
  onReconnect(fn: () => void): void;
}

export interface Publisher {
  pubSub: PubSub<Topics>;
  /** after the commit that made the payload true; never throws (a lost message is a gap that readers fill) */
  publish(topic: string, id: string, payload: unknown): void;
  bus: Bus;
  /** true when the transport answers (Redis PING) */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Object payloads carry the time they were published, for the fan-out lag metric (an extra field readers ignore). */
function stamped(payload: unknown): unknown {
  return payload && typeof payload === 'object' && !Array.isArray(payload)
    ? { ...payload, [PUBLISHED_AT]: Date.now() }
    : payload;
}

export function createPublisher(redisUrl?: string): Publisher {
  return redisUrl ? redisPublisher(redisUrl) : inProcessPublisher();
}

function inProcessPublisher(): Publisher {
  const pubSub = createPubSub<Topics>();
  const handlers = new Map<string, (payload: unknown) => void>();
  const bus: Bus = {
    async listen(channel, onMessage) {
      handlers.set(channel, onMessage);
    },
    async unlisten(channel) {
      handlers.delete(channel);
    },
    onReconnect: () => undefined,
  };
  return {
    pubSub,
    bus,
    publish(topic, id, unstamped) {
      const payload = stamped(unstamped);
      pubSub.publish(topic, id, payload);
      const channel = channelOf(topic, id);
      if (!handlers.has(channel)) return;
      const json = JSON.stringify(payload ?? null);
      // delivered after the publisher's own work, as Redis would
      queueMicrotask(() => handlers.get(channel)?.(JSON.parse(json)));
    },
    ready: async () => true,
    close: async () => handlers.clear(),
  };
}

function redisPublisher(redisUrl: string): Publisher {
  const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  // named, so operators (and tests) can tell the live fan-out's connection in CLIENT LIST
  const busClient = new Redis(redisUrl, { ...options, connectionName: LIVE_BUS_CONNECTION_NAME });
  // connection errors surface through /readyz, not as unhandled events
  for (const client of [publishClient, subscribeClient, busClient]) client.on('error', () => undefined);
  const pubSub = createPubSub<Topics>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });

  const handlers = new Map<string, (payload: unknown) => void>();
  busClient.on('message', (channel: string, message: string) => {
    const handler = handlers.get(channel);
    if (!handler) return;
    let payload: unknown;
    try {
      payload = message === '' ? null : JSON.parse(message);
    } catch {
      return; // not ours
    }
    handler(payload);
  });
  const reconnectListeners: (() => void)[] = [];
  let connectedBefore = false;
  busClient.on('ready', () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    // ioredis re-subscribes right after 'ready'; a PING queued behind those SUBSCRIBEs answers once they hold
    setImmediate(() => {
      busClient.ping().then(
        () => reconnectListeners.forEach((fn) => fn()),
        () => undefined,
      );
    });
  });
  const bus: Bus = {
    async listen(channel, onMessage) {
      handlers.set(channel, onMessage);
      await busClient.subscribe(channel);
    },
    async unlisten(channel) {
      handlers.delete(channel);
      await busClient.unsubscribe(channel);
    },
    onReconnect: (fn) => void reconnectListeners.push(fn),
  };

  return {
    pubSub,
    bus,
    publish(topic, id, payload) {
      publishClient
        .publish(channelOf(topic, id), JSON.stringify(stamped(payload) ?? null))
        .catch(() => undefined);
    },
    async ready() {
      try {
        return (
          (await Promise.race([
            publishClient.ping(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
          ])) === 'PONG'
        );
      } catch {
        return false;
      }
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit(), busClient.quit()]);
    },
  };
}
