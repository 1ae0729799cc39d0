/** The per-instance event reader: one storage read per event, however many subscribers ask. */
import { createEventCache } from '../../src/common/live/event-cache';
import { gaplessStream, type LiveMessage } from '../../src/common/live/gapless';
import { FakeBus, FakeLog, take, ticks, type FakeEvent } from '../helpers/live-fakes';

function cacheOver(log: FakeLog, options: { maxStreams?: number; maxEventsPerStream?: number } = {}) {
  const tagged: string[] = [];
  const cache = createEventCache<FakeEvent>({
    load: (_streamId, after, limit) => log.loadAfter(after, limit),
    onCached: (event, streamId) => tagged.push(`${streamId}#${event.sequence}`),
    ...options,
  });
  return { cache, tagged };
}

describe('createEventCache', () => {
  it('answers a thousand concurrent asks for the same range with one storage read', async () => {
    const log = new FakeLog();
    log.append(42);
    const { cache } = cacheOver(log);
    const pages = await Promise.all(Array.from({ length: 1000 }, () => cache.loadAfter('a', 41, 1)));
    expect(log.loads).toHaveLength(1);
    expect(new Set(pages.map((p) => p[0])).size).toBe(1); // the very same event object
    expect(cache.stats()).toMatchObject({ storageReads: 1, coalesced: 999 });
  });

  it('serves a full page from memory afterwards, and never a short one', async () => {
    const log = new FakeLog();
    log.append(5);
    const { cache } = cacheOver(log);
    expect((await cache.loadAfter('a', 0, 10)).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect((await cache.loadAfter('a', 2, 3)).map((e) => e.sequence)).toEqual([3, 4, 5]);
    expect(log.loads).toHaveLength(1);
    log.append(1);
    // the page after 2 with room for 10 might hold more than memory knows: storage decides
    expect((await cache.loadAfter('a', 2, 10)).map((e) => e.sequence)).toEqual([3, 4, 5, 6]);
    expect(log.loads).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ storageReads: 2, memoryHits: 1 });
  });

  it('keeps streams apart', async () => {
    const log = new FakeLog();
    log.append(3);
    const { cache, tagged } = cacheOver(log);
    await cache.loadAfter('a', 0, 3);
    await cache.loadAfter('b', 0, 3);
    expect(log.loads).toHaveLength(2);
    expect(tagged).toEqual(['a#1', 'a#2', 'a#3', 'b#1', 'b#2', 'b#3']);
  });

  it('tags each event once and keeps the first object it saw', async () => {
    const log = new FakeLog();
    log.append(3);
    const { cache, tagged } = cacheOver(log);
    const first = await cache.loadAfter('a', 0, 10);
    const again = await cache.loadAfter('a', 0, 10);
    expect(tagged).toEqual(['a#1', 'a#2', 'a#3']);
    expect(again[0]).toBe(first[0]);
  });

  it('drops the least recently used streams and the oldest events past its bounds', async () => {
    const log = new FakeLog();
    log.append(10);
    const { cache } = cacheOver(log, { maxStreams: 2, maxEventsPerStream: 4 });
    await cache.loadAfter('a', 0, 10);
    await cache.loadAfter('b', 0, 10);
    await cache.loadAfter('c', 0, 10);
    expect(cache.stats()).toMatchObject({ streams: 2, events: 8 });
    await cache.loadAfter('c', 6, 4); // 7..10 kept
    expect(log.loads).toHaveLength(3);
    await cache.loadAfter('c', 0, 2); // 1, 2 were dropped
    expect(log.loads).toHaveLength(4);
  });

  it('does not remember a failed read', async () => {
    const log = new FakeLog();
    log.append(1);
    let fail = true;
    const cache = createEventCache<FakeEvent>({
      load: async (_s, after, limit) => {
        if (fail) throw new Error('database down');
        return log.loadAfter(after, limit);
      },
    });
    await expect(cache.loadAfter('a', 0, 1)).rejects.toThrow('database down');
    fail = false;
    expect((await cache.loadAfter('a', 0, 1)).map((e) => e.sequence)).toEqual([1]);
  });

  it('makes 500 gapless subscribers of one stream cost one storage read per event', async () => {
    const log = new FakeLog();
    const bus = new FakeBus<LiveMessage>();
    const { cache } = cacheOver(log);
    const streams = Array.from({ length: 500 }, () =>
      gaplessStream<FakeEvent>({
        subscribe: bus.subscribe,
        loadAfter: (after, limit) => cache.loadAfter('a', after, limit),
        head: async () => log.head,
      }),
    );
    // driven by event-loop turns, not time: the guard only catches a stream that never gets there (5 s was
    // once reached on a loaded machine, every stream at the same event, when the worker stalled mid-test)
    const received = streams.map((s) => take(s, 20, 60_000));
    await ticks(10);
    const before = cache.stats().storageReads;
    for (let i = 0; i < 20; i++) {
      const [sequence] = log.append(1);
      bus.publish({ sequence });
      await ticks(3);
    }
    for (const got of await Promise.all(received)) {
      expect(got.map((e) => e.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    expect(cache.stats().storageReads - before).toBe(20);
    await Promise.all(streams.map((s) => s.return()));
  });
});
