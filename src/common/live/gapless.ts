/**
 * "Replay, then live" over an append-only log whose streams number their events 1, 2, 3 … with no gaps
 * (an auction's event log, DOMAIN.md §1.8).
 *
 * The order of work is what makes it gapless: listen to live messages first (and hold them), then read
 * what storage has after the client's sequence, page by page, then serve what arrived meanwhile past the
 * last sequence served, then go on live. Live messages only announce ("sequence n exists"); the events
 * themselves come from storage, so a lost or late message (Redis, another instance publishing out of order)
 * is a gap that storage fills, and a repeated one is ignored. Nothing is ever yielded twice or out of order.
 *
 * Memory per stream is O(1) for announcements (only the highest announced sequence is kept) plus at most
 * `maxBuffer` events carried by messages, when `eventOf` says messages carry whole events; past that the
 * held events are dropped and storage serves them instead.
 */

import { markShareable, shareKeyOf } from './shared-execution';

/** What the bus delivers: at least the sequence that now exists. */
export interface LiveMessage {
  sequence: number;
  /** "messages may have been lost (the bus reconnected): look in storage" */
  catchUp?: boolean;
}

/** Sent by the fan-out to every local stream after the bus reconnects. */
export const CATCH_UP: LiveMessage = Object.freeze({ sequence: 0, catchUp: true });

/**
 * A source that can also hand messages over synchronously (the fan-out's local queues do): the stream then
 * needs no pump of its own, which saves two promises per subscriber per message.
 */
export interface PushableSource<M> extends AsyncIterable<M> {
  listen(onMessage: (message: M) => void, onEnd: (error?: unknown) => void): void;
}

const isPushable = <M>(source: AsyncIterable<M>): source is PushableSource<M> =>
  typeof (source as Partial<PushableSource<M>>).listen === 'function';

export interface GaplessOptions<E extends { sequence: number }, M extends LiveMessage = LiveMessage> {
  /**
   * The live messages of the stream. Listening must have begun when the promise resolves (a plain
   * AsyncIterable must listen from its first next(), which is called at once).
   */
  subscribe: () => AsyncIterable<M> | Promise<AsyncIterable<M>>;
  /** stored events with sequence > afterSequence, oldest first, at most limit */
  loadAfter: (afterSequence: number, limit: number) => Promise<readonly E[]>;
  /** the same page when it can be had at once (a cache in memory), else undefined */
  peekAfter?: (afterSequence: number, limit: number) => readonly E[] | undefined;
  /** replay every stored event after this one first; absent: live from now */
  afterSequence?: number | null;
  /** the last stored sequence now (0 if none); lets a stream without afterSequence start live with no gap */
  head?: () => Promise<number>;
  /** events per storage read (default 100) */
  pageSize?: number;
  /** events carried by messages held while storage is read or the consumer is behind (default 1000) */
  maxBuffer?: number;
  /** the whole event when a message carries one; without it every event comes from storage */
  eventOf?: (message: M) => E | undefined;
  /**
   * How long to wait, in turn, for storage to show an announced event or to close a hole in the sequence
   * (an append still committing); after the last wait a hole is skipped with a warning.
   */
  lagDelaysMs?: readonly number[];
  onWarning?: (message: string) => void;
}

const DEFAULT_LAG_DELAYS_MS = [5, 10, 25, 50, 100, 250, 500, 1000];
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** An iterator that must be returned to stop listening. */
export interface LiveStream<E> extends AsyncIterableIterator<E> {
  return(): Promise<IteratorResult<E>>;
  /** the last sequence yielded (or the starting point) */
  readonly position: number;
}

/** Starts listening at once; iterate it (graphql-ws does) and return() it to stop. */
export function gaplessStream<E extends { sequence: number }, M extends LiveMessage = LiveMessage>(
  options: GaplessOptions<E, M>,
): LiveStream<E> {
  return new GaplessStream<E, M>(options);
}

class GaplessStream<E extends { sequence: number }, M extends LiveMessage> implements LiveStream<E> {
  private readonly pageSize: number;
  private readonly maxBuffer: number;
  private readonly lagDelays: readonly number[];

  /** the last sequence yielded (or the starting point) */
  private last = 0;
  /** false until the starting point is known (live from the first message, without head()) */
  private positioned = false;
  /** the highest sequence announced by a message */
  private target = 0;
  /** read storage until a short page (the replay, and after the bus reconnects) */
  private catchUp = false;
  /** loaded or carried events not yet yielded, ascending, all > last */
  private ready: E[] = [];
  private readonly carried = new Map<number, E>();
  private lagAttempt = 0;

  private source?: AsyncIterator<M>;
  private sourceEnded = false;
  private failure?: { error: unknown };
  private done = false;
  private wake?: () => void;
  private closedResolve!: () => void;
  private readonly closed = new Promise<void>((resolve) => (this.closedResolve = resolve));
  private readonly started: Promise<void>;
  private isStarted = false;
  /** the step under way, while it waits for something */
  private stepping?: Promise<IteratorResult<E>>;
  private inStep = false;

  constructor(private readonly options: GaplessOptions<E, M>) {
    this.pageSize = Math.max(1, options.pageSize ?? 100);
    this.maxBuffer = Math.max(0, options.maxBuffer ?? 1000);
    this.lagDelays = options.lagDelaysMs ?? DEFAULT_LAG_DELAYS_MS;
    this.started = this.start();
    this.started.then(
      () => (this.isStarted = true),
      () => undefined, // surfaced by next()
    );
  }

  get position(): number {
    return this.last;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<E>> {
    // one step at a time (graphql-ws never overlaps next() calls; others might)
    const running = this.stepping;
    if (running)
      return running.then(
        () => this.next(),
        () => this.next(),
      );
    const step = this.step();
    if (this.inStep) this.stepping = step; // suspended: later calls wait for it
    return step;
  }

  /** Stops at once, even while a next() waits; unsubscribes from the bus. */
  async return(): Promise<IteratorResult<E>> {
    await this.finish();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<E>> {
    await this.finish();
    throw error;
  }

  private async start(): Promise<void> {
    const iterable = await this.options.subscribe();
    if (this.done) {
      await iterable[Symbol.asyncIterator]().return?.();
      return;
    }
    this.source = iterable[Symbol.asyncIterator]();
    if (isPushable(iterable)) {
      iterable.listen(
        (message) => this.onMessage(message),
        (error) => this.onSourceEnd(error),
      );
    } else {
      void this.pump(this.source);
    }
    const after = this.options.afterSequence;
    if (after !== undefined && after !== null) {
      this.last = Math.max(0, Math.floor(after));
      this.positioned = true;
      this.catchUp = true;
    } else if (this.options.head) {
      try {
        this.last = Math.max(0, await this.options.head());
      } catch (error) {
        await this.finish();
        throw error;
      }
      this.positioned = true;
      this.pruneCarried(this.last);
    }
  }

  private async pump(source: AsyncIterator<M>): Promise<void> {
    try {
      for (;;) {
        const item = await source.next();
        if (item.done || this.done) break;
        this.onMessage(item.value);
      }
      this.onSourceEnd();
    } catch (error) {
      this.onSourceEnd(error);
    }
  }

  private onSourceEnd(error?: unknown): void {
    if (error !== undefined) this.failure ??= { error };
    else this.sourceEnded = true;
    this.wakeUp();
  }

  private onMessage(message: M): void {
    if (message.catchUp) {
      this.catchUp = true;
      this.wakeUp();
      return;
    }
    const sequence = message.sequence;
    if (!Number.isSafeInteger(sequence) || sequence < 1) return;
    if (!this.positioned && this.options.afterSequence == null && !this.options.head) {
      this.last = sequence - 1;
      this.positioned = true;
    }
    if (this.positioned && sequence <= this.last) return; // repeated or already served
    if (sequence > this.target) this.target = sequence;
    const event = this.options.eventOf?.(message);
    if (event && event.sequence === sequence) {
      if (this.carried.size >= this.maxBuffer) {
        // too much held: forget it, storage has it all (target still says how far to read)
        this.carried.clear();
      } else {
        this.carried.set(sequence, event);
      }
    }
    this.wakeUp();
  }

  private async step(): Promise<IteratorResult<E>> {
    this.inStep = true;
    try {
      if (!this.isStarted) await this.started;
      for (;;) {
        if (this.done) return DONE;
        if (this.failure) {
          const { error } = this.failure;
          await this.finish();
          throw error;
        }
        const readied = this.takeReady();
        if (readied) return { done: false, value: readied };
        if (!this.positioned) {
          if (this.sourceEnded) return this.endOfSource();
          await this.sleepUntilWoken();
          continue;
        }
        const carried = this.carried.get(this.last + 1);
        if (carried) {
          this.carried.delete(carried.sequence);
          this.last = carried.sequence;
          return { done: false, value: carried };
        }
        if (this.catchUp || this.target > this.last) {
          const from = this.last;
          const limit = this.pageLimit();
          // the hot path of a live event: the instance's cache has it, no await
          const page = this.options.peekAfter?.(from, limit);
          if (!page || this.absorb(from, limit, page) === 'waiting') await this.readStorage(from, limit);
          continue;
        }
        if (this.sourceEnded) return this.endOfSource();
        await this.sleepUntilWoken();
      }
    } finally {
      this.inStep = false;
      this.stepping = undefined;
    }
  }

  private takeReady(): E | undefined {
    while (this.ready.length) {
      const event = this.ready.shift()!;
      if (event.sequence > this.last) {
        this.last = event.sequence;
        return event;
      }
    }
    return undefined;
  }

  private pageLimit(): number {
    return this.catchUp ? this.pageSize : Math.min(this.pageSize, this.target - this.last);
  }

  private async readStorage(from: number, limit: number): Promise<void> {
    const page = await this.options.loadAfter(from, limit);
    if (this.done || this.last !== from) return;
    if (this.absorb(from, limit, page) === 'waiting') await this.waitForStorage(from, page);
  }

  /** takes what a page offers; 'waiting' when it offers nothing usable yet */
  private absorb(from: number, limit: number, page: readonly E[]): 'progress' | 'waiting' {
    const fresh = page.filter((e) => e.sequence > from);
    if (fresh.some((e, i) => i > 0 && e.sequence <= fresh[i - 1].sequence)) {
      fresh.sort((a, b) => a.sequence - b.sequence);
    }
    let contiguous = 0;
    while (contiguous < fresh.length && fresh[contiguous].sequence === from + 1 + contiguous) contiguous++;
    if (contiguous > 0) {
      this.lagAttempt = 0;
      for (let i = 0; i < contiguous; i++) this.ready.push(fresh[i]);
      if (this.catchUp && page.length < limit && contiguous === fresh.length) this.catchUp = false;
      this.pruneCarried(fresh[contiguous - 1].sequence);
      return 'progress';
    }
    if (fresh.length === 0 && this.target <= from) {
      this.catchUp = false; // nothing stored after us, nothing announced: live
      return 'progress';
    }
    return 'waiting';
  }

  /** announced but not visible yet, or a hole before what storage has: an append still committing */
  private async waitForStorage(from: number, page: readonly E[]): Promise<void> {
    const fresh = page.filter((e) => e.sequence > from).sort((a, b) => a.sequence - b.sequence);
    if (this.lagAttempt < this.lagDelays.length) {
      await this.sleep(this.lagDelays[this.lagAttempt++]);
      return;
    }
    this.lagAttempt = 0;
    if (fresh.length) {
      this.options.onWarning?.(
        `live stream: sequences ${from + 1}..${fresh[0].sequence - 1} never appeared in storage; skipped`,
      );
      this.ready.push(...fresh);
      this.pruneCarried(fresh[fresh.length - 1].sequence);
    } else {
      this.options.onWarning?.(
        `live stream: sequence ${this.target} was announced but is not in storage; waiting for the next message`,
      );
      this.target = from;
      this.catchUp = false;
    }
  }

  private pruneCarried(upTo: number): void {
    if (!this.carried.size) return;
    for (const sequence of this.carried.keys()) if (sequence <= upTo) this.carried.delete(sequence);
  }

  private endOfSource(): IteratorResult<E> {
    void this.finish();
    return DONE;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private sleepUntilWoken(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  private sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
      this.closed,
    ]).finally(() => clearTimeout(timer));
  }

  private async finish(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.ready = [];
    this.carried.clear();
    this.closedResolve();
    this.wakeUp();
    try {
      await this.source?.return?.();
    } catch {
      // the source is gone either way
    }
  }
}

/**
 * Maps a stream, dropping items the function maps to undefined; return() reaches the source at once
 * (an async generator would wait for the pending next()). The function must depend on the item alone: a
 * value mapped from an event that viewers share (markShareable) is shared too, e.g. `bidPlaced` as
 * `filterMapStream(events, (e) => e.bid ?? undefined)`.
 */
export function filterMapStream<T, U>(
  source: AsyncIterable<T>,
  fn: (item: T) => U | undefined,
): AsyncIterableIterator<U> & { return(): Promise<IteratorResult<U>> } {
  const iterator = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<U> & { return(): Promise<IteratorResult<U>> } = {
    [Symbol.asyncIterator]: () => mapped,
    async next() {
      for (;;) {
        const item = await iterator.next();
        if (item.done) return DONE;
        const value = fn(item.value);
        if (value === undefined) continue;
        const key = shareKeyOf(item.value);
        if (
          key !== undefined &&
          typeof value === 'object' &&
          value !== null &&
          shareKeyOf(value) === undefined
        ) {
          markShareable(value, `${key}>`);
        }
        return { done: false, value };
      }
    },
    async return() {
      await iterator.return?.();
      return DONE;
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
  };
  return mapped;
}

/**
 * Passes a stream through until `isLast` says an item was the last one: that item is delivered, then the
 * stream ends (and returns its source), so a subscription completes on the server after its final event.
 */
export function completeAfter<T>(
  source: AsyncIterable<T>,
  isLast: (item: T) => boolean,
): AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> } {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = async () => {
    ended = true;
    await iterator.return?.();
  };
  const through: AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> } = {
    [Symbol.asyncIterator]: () => through,
    async next() {
      if (ended) return DONE;
      const item = await iterator.next();
      if (item.done) {
        ended = true;
        return DONE;
      }
      if (isLast(item.value)) await end();
      return item;
    },
    async return() {
      if (!ended) await end();
      return DONE;
    },
    async throw(error?: unknown) {
      if (!ended) await end();
      throw error;
    },
  };
  return through;
}
