/**
 * Live events: in-process by default; through Redis when REDIS_URL is set, so every instance's subscribers
 * see what any instance publishes. Payloads are JSON-safe (ids, numbers, strings), never entities.
 */
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';

/** topic → [routing id, payload] */
export type Topics = Record<string, [string, unknown]>;

export interface Publisher {
  pubSub: PubSub<Topics>;
  publish(topic: string, id: string, payload: unknown): void;
  /** true when the transport answers (Redis PING) */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export function createPublisher(redisUrl?: string): Publisher {
  if (!redisUrl) {
    const pubSub = createPubSub<Topics>();
    return {
      pubSub,
      publish: (topic, id, payload) => pubSub.publish(topic, id, payload),
      ready: async () => true,
      close: async () => undefined,
    };
  }
  const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  // connection errors surface through /readyz, not as unhandled events
  publishClient.on('error', () => undefined);
  subscribeClient.on('error', () => undefined);
  const pubSub = createPubSub<Topics>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  return {
    pubSub,
    publish: (topic, id, payload) => pubSub.publish(topic, id, payload),
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
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
