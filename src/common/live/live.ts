/**
 * An instance's live machinery, put together: the fan-out (one bus subscription per stream), one shared
 * event cache per log, and gapless streams over both. A domain streams its log with
 *
 *     ctx.live.log('AUCTION_EVENT', auctionEventLog).stream(auctionId, afterSequence)
 *
 * after publishing, once each append has committed, `ctx.publisher.publish('AUCTION_EVENT', auctionId,
 * { auctionId, sequence })`.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Bus } from '../pubsub';
import { createEventCache, type EventCache, type EventCacheStats } from './event-cache';
import { Fanout, type FanoutStats } from './fanout';
import { gaplessStream, type LiveMessage, type LiveStream } from './gapless';
import { markShareable } from './shared-execution';

/** How a domain's append-only log is read. Every call gets a fresh EntityManager. */
export interface EventLogSource<E extends { sequence: number }> {
  /** events of the stream with sequence > afterSequence, oldest first, at most limit — read-only snapshots */
  loadAfter(em: EntityManager, streamId: string, afterSequence: number, limit: number): Promise<E[]>;
  /** the stream's last sequence now (0 when empty): lets a subscription without afterSequence start live */
  lastSequence?(em: EntityManager, streamId: string): Promise<number>;
}

export interface EventLog<E extends { sequence: number }> {
  readonly topic: string;
  /** every stored event after afterSequence, then live; without afterSequence, live from now */
  stream(streamId: string, afterSequence?: number | null): LiveStream<E>;
  readonly cache: EventCache<E>;
}

export interface LiveStats {
  fanout: FanoutStats;
  caches: Record<string, EventCacheStats>;
}

export interface Live {
  readonly fanout: Fanout;
  /** the instance's log for a topic; the same source object must be given for a topic every time */
  log<E extends { sequence: number }>(topic: string, source: EventLogSource<E>): EventLog<E>;
  stats(): LiveStats;
  /** ends every live stream of the instance (shutdown) */
  close(): void;
}

export interface LiveOptions {
  bus: Bus;
  fork: () => EntityManager;
  warn?: (message: string) => void;
  /** events per storage read (default 100) */
  pageSize?: number;
}

export function createLive(options: LiveOptions): Live {
  const fanout = new Fanout(options.bus);
  const logs = new Map<string, { source: EventLogSource<never>; log: EventLog<never> }>();

  function createLog<E extends { sequence: number }>(topic: string, source: EventLogSource<E>): EventLog<E> {
    const cache = createEventCache<E>({
      load: (streamId, afterSequence, limit) =>
        source.loadAfter(options.fork(), streamId, afterSequence, limit),
      onCached: (event, streamId) => markShareable(event, `${topic}:${streamId}:${event.sequence}`),
    });
    return {
      topic,
      cache,
      stream(streamId, afterSequence) {
        return gaplessStream<E, LiveMessage>({
          subscribe: () => fanout.subscribe<LiveMessage>(topic, streamId),
          loadAfter: (after, limit) => cache.loadAfter(streamId, after, limit),
          peekAfter: (after, limit) => cache.peekAfter(streamId, after, limit),
          afterSequence,
          head: source.lastSequence ? () => source.lastSequence!(options.fork(), streamId) : undefined,
          pageSize: options.pageSize,
          onWarning: (message) => options.warn?.(`${topic} ${streamId}: ${message}`),
        });
      },
    };
  }

  return {
    fanout,
    log<E extends { sequence: number }>(topic: string, source: EventLogSource<E>): EventLog<E> {
      const known = logs.get(topic);
      if (known) {
        if (known.source !== (source as EventLogSource<never>)) {
          throw new Error(`live log ${topic} is already read through another source`);
        }
        return known.log as unknown as EventLog<E>;
      }
      const log = createLog(topic, source);
      logs.set(topic, { source: source as EventLogSource<never>, log: log as unknown as EventLog<never> });
      return log;
    },
    stats() {
      const caches: Record<string, EventCacheStats> = {};
      for (const [topic, { log }] of logs) caches[topic] = log.cache.stats();
      return { fanout: fanout.stats(), caches };
    },
    close() {
      fanout.close();
    },
  };
}
