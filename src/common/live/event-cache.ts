/**
 * One instance's shared reader of an append-only log, so the storage cost of an event is O(1) per
 * instance rather than O(subscribers): when a notice reaches 10,000 local subscribers of one auction they
 * all ask for the same range at about the same moment; the first asks storage, the others wait for that
 * answer (single flight), and whoever comes later is served from the recent events kept in memory.
 *
 * Memory answers only when it holds the whole page asked for (every sequence from afterSequence + 1 to
 * afterSequence + limit): the log is append-only and immutable, so such a page is exactly what storage
 * would return. Anything else (a short page at the head of the log) goes to storage, coalesced.
 *
 * Cached events are shared by every subscriber of the instance: treat them as read-only.
 */

export interface EventCacheOptions<E extends { sequence: number }> {
  /** stored events of a stream with sequence > afterSequence, oldest first, at most limit */
  load: (streamId: string, afterSequence: number, limit: number) => Promise<readonly E[]>;
  /** streams kept, least recently used dropped first (default 1000) */
  maxStreams?: number;
  /** events kept per stream, oldest dropped first (default 1000) */
  maxEventsPerStream?: number;
  /** called once for each event that enters the cache (e.g. to tag it for shared execution) */
  onCached?: (event: E, streamId: string) => void;
}

export interface EventCacheStats {
  /** reads that went to storage */
  storageReads: number;
  /** reads answered from memory */
  memoryHits: number;
  /** reads that joined a storage read already under way */
  coalesced: number;
  streams: number;
  events: number;
}

export interface EventCache<E extends { sequence: number }> {
  loadAfter(streamId: string, afterSequence: number, limit: number): Promise<readonly E[]>;
  /** the page from memory when memory holds all of it, else undefined (no storage read) */
  peekAfter(streamId: string, afterSequence: number, limit: number): readonly E[] | undefined;
  stats(): EventCacheStats;
  clear(): void;
}

interface StreamEntry<E> {
  events: Map<number, E>;
  inflight: Map<string, Promise<readonly E[]>>;
}

export function createEventCache<E extends { sequence: number }>(
  options: EventCacheOptions<E>,
): EventCache<E> {
  const maxStreams = options.maxStreams ?? 1000;
  const maxEvents = options.maxEventsPerStream ?? 1000;
  const streams = new Map<string, StreamEntry<E>>();
  let storageReads = 0;
  let memoryHits = 0;
  let coalesced = 0;

  function entry(streamId: string): StreamEntry<E> {
    let found = streams.get(streamId);
    if (found) {
      // most recently used last
      streams.delete(streamId);
      streams.set(streamId, found);
      return found;
    }
    found = { events: new Map(), inflight: new Map() };
    streams.set(streamId, found);
    while (streams.size > maxStreams) {
      const [oldest, value] = streams.entries().next().value as [string, StreamEntry<E>];
      if (value.inflight.size) break; // never drop a stream mid-read; it goes next time
      streams.delete(oldest);
    }
    return found;
  }

  function remember(stream: StreamEntry<E>, streamId: string, loaded: readonly E[]): E[] {
    const out: E[] = [];
    for (const event of loaded) {
      const known = stream.events.get(event.sequence);
      if (known) {
        out.push(known);
        continue;
      }
      options.onCached?.(event, streamId);
      stream.events.set(event.sequence, event);
      out.push(event);
    }
    while (stream.events.size > maxEvents) {
      stream.events.delete(stream.events.keys().next().value as number);
    }
    return out;
  }

  function fromMemory(stream: StreamEntry<E>, afterSequence: number, limit: number): E[] | undefined {
    if (limit > maxEvents || !stream.events.has(afterSequence + limit)) return undefined;
    const page: E[] = [];
    for (let sequence = afterSequence + 1; sequence <= afterSequence + limit; sequence++) {
      const event = stream.events.get(sequence);
      if (!event) return undefined;
      page.push(event);
    }
    memoryHits++;
    return page;
  }

  return {
    peekAfter(streamId, afterSequence, limit) {
      const stream = streams.get(streamId);
      return stream && fromMemory(stream, afterSequence, limit);
    },
    loadAfter(streamId, afterSequence, limit) {
      const stream = entry(streamId);
      const page = fromMemory(stream, afterSequence, limit);
      if (page) return Promise.resolve(page);
      const key = `${afterSequence}:${limit}`;
      const running = stream.inflight.get(key);
      if (running) {
        coalesced++;
        return running;
      }
      storageReads++;
      const read = options
        .load(streamId, afterSequence, limit)
        .then((loaded) => remember(stream, streamId, loaded))
        .finally(() => stream.inflight.delete(key));
      stream.inflight.set(key, read);
      return read;
    },
    stats() {
      let events = 0;
      for (const stream of streams.values()) events += stream.events.size;
      return { storageReads, memoryHits, coalesced, streams: streams.size, events };
    },
    clear() {
      streams.clear();
    },
  };
}
