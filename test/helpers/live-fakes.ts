/** Fake storage and a fake bus for the live-stream unit tests: every interleaving is in the test's hands. */

export interface FakeEvent {
  sequence: number;
  label: string;
}

/** An append-only log; loadAfter can be slowed or intercepted to land appends in the middle of a replay. */
export class FakeLog {
  readonly events: FakeEvent[] = [];
  loads: { afterSequence: number; limit: number }[] = [];
  /** runs before a load answers (e.g. to append more events while a replay is under way) */
  beforeLoad?: (afterSequence: number, limit: number) => void | Promise<void>;
  /** sequences hidden from loads (an append whose transaction has not committed yet) */
  readonly invisible = new Set<number>();

  append(count = 1): number[] {
    const added: number[] = [];
    for (let i = 0; i < count; i++) {
      const sequence = this.events.length + 1;
      this.events.push({ sequence, label: `e${sequence}` });
      added.push(sequence);
    }
    return added;
  }

  get head(): number {
    return this.events.length;
  }

  loadAfter = async (afterSequence: number, limit: number): Promise<FakeEvent[]> => {
    this.loads.push({ afterSequence, limit });
    await this.beforeLoad?.(afterSequence, limit);
    await Promise.resolve();
    return this.events
      .filter((e) => e.sequence > afterSequence && !this.invisible.has(e.sequence))
      .slice(0, limit);
  };
}

/** A queue-backed AsyncIterable per subscriber; publish() reaches every open one. */
export class FakeBus<M> {
  readonly subscribers = new Set<FakeSubscription<M>>();
  subscribed = 0;
  unsubscribed = 0;

  subscribe = (): AsyncIterable<M> => {
    const sub = new FakeSubscription<M>(() => {
      this.subscribers.delete(sub);
      this.unsubscribed++;
    });
    this.subscribers.add(sub);
    this.subscribed++;
    return sub;
  };

  publish(message: M): void {
    for (const sub of this.subscribers) sub.push(message);
  }

  fail(error: Error): void {
    for (const sub of this.subscribers) sub.fail(error);
  }
}

class FakeSubscription<M> implements AsyncIterableIterator<M> {
  private readonly queue: M[] = [];
  private waiting?: { resolve: (r: IteratorResult<M>) => void; reject: (e: unknown) => void };
  private closed = false;
  private error?: Error;

  constructor(private readonly onClose: () => void) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(message: M): void {
    if (this.closed) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: message });
    } else this.queue.push(message);
  }

  fail(error: Error): void {
    this.error = error;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    }
  }

  next(): Promise<IteratorResult<M>> {
    if (this.error) return Promise.reject(this.error);
    if (this.queue.length) return Promise.resolve({ done: false, value: this.queue.shift()! });
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<M>> {
    if (!this.closed) {
      this.closed = true;
      this.onClose();
      this.waiting?.resolve({ done: true, value: undefined });
      this.waiting = undefined;
    }
    return { done: true, value: undefined };
  }
}

export const ticks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Takes `count` items from an iterator, failing after `ms`. */
export async function take<T>(iterator: AsyncIterator<T>, count: number, ms = 5000): Promise<T[]> {
  const items: T[] = [];
  const timeout = new Promise<never>((_, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${items.length} of ${count} items`)),
      ms,
    );
    timer.unref();
  });
  while (items.length < count) {
    const next = await Promise.race([iterator.next(), timeout]);
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}
