/**
 * One bus subscription per channel per instance, shared by every local subscriber (reference-counted):
 * 10,000 viewers of one auction on an instance are one Redis SUBSCRIBE and one JSON.parse per message.
 *
 * @graphql-yoga/redis-event-target shares the SUBSCRIBE too, but does not wait for Redis to confirm it
 * (a gapless stream must listen before it reads storage) and hands each subscriber a Repeater; here a
 * subscription resolves only once the bus listens, and each local subscriber is a small queue.
 *
 * A local queue never blocks the others: past `maxQueue` messages (a consumer that stopped pulling) it is
 * emptied and left holding one CATCH_UP, which makes a gapless stream read storage instead.
 *
 * Messages reach the local subscribers on a later turn of the event loop (setImmediate), in the order they
 * arrived: a message published in-process after a commit would otherwise be fanned out in a microtask of the
 * request that committed, ahead of that request's own answer — at thousands of viewers the bidder heard of its
 * bid after all of them. One FIFO for every channel and for the reconnects' CATCH_UPs keeps each stream's order.
 */
import { metrics, PUBLISHED_AT } from '../telemetry/metrics';
import { channelOf, type Bus } from '../pubsub';
import { CATCH_UP, type PushableSource } from './gapless';

export interface FanoutStats {
  /** channels this instance listens to on the bus */
  channels: number;
  subscribers: number;
  /** bus LISTEN (Redis SUBSCRIBE) calls since start */
  busListens: number;
  /** messages handed to local subscribers since start */
  delivered: number;
  /** local queues that overflowed and fell back to storage */
  overflows: number;
  /** times the bus reconnected and every local stream was told to catch up from storage */
  reconnects: number;
}

interface Channel {
  name: string;
  queues: Set<LocalQueue>;
  listening: Promise<void>;
}

export interface FanoutSubscription<M> extends AsyncIterableIterator<M> {
  return(): Promise<IteratorResult<M>>;
}

export class Fanout {
  private readonly channels = new Map<string, Channel>();
  private busListens = 0;
  private delivered = 0;
  private overflows = 0;
  private reconnects = 0;
  private closed = false;
  /** what arrived and is handed over on the next turn, in arrival order */
  private pending: (() => void)[] = [];
  private flushing = false;

  constructor(
    private readonly bus: Bus,
    private readonly options: { maxQueue?: number } = {},
  ) {
    bus.onReconnect(() => this.catchUpAll());
  }

  /** Resolves once the bus listens: whatever is published on (topic, id) from then on arrives. */
  async subscribe<M = unknown>(topic: string, id: string): Promise<FanoutSubscription<M>> {
    if (this.closed) throw new Error('the live fan-out is closed');
    const name = channelOf(topic, id);
    let channel = this.channels.get(name);
    if (!channel) {
      const created: Channel = { name, queues: new Set(), listening: Promise.resolve() };
      created.listening = this.bus
        .listen(name, (payload) => this.dispatch(created, payload))
        .catch((error: unknown) => {
          if (this.channels.get(name) === created) this.channels.delete(name);
          throw error;
        });
      this.busListens++;
      this.channels.set(name, created);
      channel = created;
    }
    const queue = new LocalQueue(
      this.options.maxQueue ?? 1000,
      () => this.remove(channel, queue),
      () => {
        this.overflows++;
      },
    );
    channel.queues.add(queue);
    try {
      await channel.listening;
    } catch (error) {
      await queue.return();
      throw error;
    }
    return queue as unknown as FanoutSubscription<M>;
  }

  stats(): FanoutStats {
    let subscribers = 0;
    for (const channel of this.channels.values()) subscribers += channel.queues.size;
    return {
      channels: this.channels.size,
      subscribers,
      busListens: this.busListens,
      delivered: this.delivered,
      overflows: this.overflows,
      reconnects: this.reconnects,
    };
  }

  /** Ends every local subscription (shutdown). */
  close(): void {
    this.closed = true;
    for (const channel of [...this.channels.values()]) for (const queue of [...channel.queues]) queue.end();
  }

  private later(fn: () => void): void {
    this.pending.push(fn);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      const due = this.pending;
      this.pending = [];
      this.flushing = false;
      for (const deliver of due) deliver();
    });
  }

  private dispatch(channel: Channel, payload: unknown): void {
    this.later(() => this.deliver(channel, payload));
  }

  private deliver(channel: Channel, payload: unknown): void {
    const publishedAt = (payload as Record<string, unknown> | null)?.[PUBLISHED_AT];
    if (typeof publishedAt === 'number')
      metrics.fanoutDelivered(Math.max(0, Date.now() - publishedAt) / 1000);
    for (const queue of channel.queues) queue.push(payload);
    this.delivered += channel.queues.size;
  }

  private catchUpAll(): void {
    this.later(() => {
      this.reconnects++;
      for (const channel of this.channels.values()) for (const queue of channel.queues) queue.push(CATCH_UP);
    });
  }

  private remove(channel: Channel, queue: LocalQueue): void {
    channel.queues.delete(queue);
    if (channel.queues.size || this.channels.get(channel.name) !== channel) return;
    this.channels.delete(channel.name);
    this.bus.unlisten(channel.name).catch(() => undefined);
  }
}

class LocalQueue implements AsyncIterableIterator<unknown>, PushableSource<unknown> {
  private items: unknown[] = [];
  private waiting?: (result: IteratorResult<unknown>) => void;
  private listener?: { onMessage: (message: unknown) => void; onEnd: () => void };
  private done = false;
  private returned = false;

  constructor(
    private readonly max: number,
    private readonly onReturn: () => void,
    private readonly onOverflow: () => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** hands every message over synchronously from now on (what is queued first) */
  listen(onMessage: (message: unknown) => void, onEnd: () => void): void {
    this.listener = { onMessage, onEnd };
    const queued = this.items;
    this.items = [];
    for (const item of queued) onMessage(item);
    if (this.done) onEnd();
  }

  push(item: unknown): void {
    if (this.done) return;
    if (this.listener) {
      this.listener.onMessage(item);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: item });
      return;
    }
    if (this.items.length >= this.max) {
      this.items = [CATCH_UP];
      this.onOverflow();
      return;
    }
    this.items.push(item);
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.items.length) return Promise.resolve({ done: false, value: this.items.shift() });
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** the consumer is gone */
  async return(): Promise<IteratorResult<unknown>> {
    if (!this.returned) {
      this.returned = true;
      this.end();
      this.items = [];
      this.onReturn();
    }
    return { done: true, value: undefined };
  }

  /** no more messages: the consumer sees the end after what is queued */
  end(): void {
    if (this.done) return;
    this.done = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ done: true, value: undefined });
    this.listener?.onEnd();
  }
}
