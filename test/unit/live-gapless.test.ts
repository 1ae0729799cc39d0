/** The replay-then-live stream against fake storage and a fake bus, in every interleaving we can think of. */
import fc from 'fast-check';
import { CATCH_UP, filterMapStream, gaplessStream, type LiveMessage } from '../../src/common/live/gapless';
import { markShareable, shareKeyOf } from '../../src/common/live/shared-execution';
import { FakeBus, FakeLog, take, ticks, type FakeEvent } from '../helpers/live-fakes';

const seqs = (events: { sequence: number }[]) => events.map((e) => e.sequence);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function setup(options: { afterSequence?: number | null; pageSize?: number; withHead?: boolean } = {}) {
  const log = new FakeLog();
  const bus = new FakeBus<LiveMessage>();
  const warnings: string[] = [];
  /** appends and announces, as a service does after its commit */
  const appendAndPublish = (count = 1) => {
    for (const sequence of log.append(count)) bus.publish({ sequence });
  };
  const open = (extra: Partial<Parameters<typeof gaplessStream<FakeEvent>>[0]> = {}) =>
    gaplessStream<FakeEvent>({
      subscribe: bus.subscribe,
      loadAfter: log.loadAfter,
      afterSequence: options.afterSequence,
      pageSize: options.pageSize ?? 10,
      head: options.withHead ? async () => log.head : undefined,
      lagDelaysMs: [1, 2, 4],
      onWarning: (w) => warnings.push(w),
      ...extra,
    });
  return { log, bus, warnings, appendAndPublish, open };
}

describe('gaplessStream', () => {
  it('replays every stored event after afterSequence in pages, then goes live', async () => {
    const { log, open, appendAndPublish } = setup({ afterSequence: 3, pageSize: 10 });
    log.append(25);
    const stream = open();
    expect(seqs(await take(stream, 22))).toEqual(range(4, 25));
    expect(log.loads.map((l) => l.afterSequence)).toEqual([3, 13, 23]);
    appendAndPublish(2);
    expect(seqs(await take(stream, 2))).toEqual([26, 27]);
    await stream.return();
  });

  it('replays from the beginning with afterSequence 0', async () => {
    const { log, open } = setup({ afterSequence: 0 });
    log.append(3);
    const stream = open();
    expect(seqs(await take(stream, 3))).toEqual([1, 2, 3]);
    await stream.return();
  });

  it('serves events that land during the replay exactly once, in order', async () => {
    const { log, open, appendAndPublish } = setup({ afterSequence: 0, pageSize: 5 });
    log.append(12);
    let landed = 0;
    log.beforeLoad = () => {
      // three more bids land (and are announced) while each page is read
      if (landed++ < 4) appendAndPublish(3);
    };
    const stream = open();
    const got = await take(stream, 24);
    expect(seqs(got)).toEqual(range(1, 24));
    await stream.return();
  });

  it('listens before it reads storage, so an append between the two is not lost', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    log.append(2);
    log.beforeLoad = () => {
      if (log.head === 2) {
        expect(bus.subscribers.size).toBe(1);
        log.append(1);
        bus.publish({ sequence: 3 });
      }
    };
    const stream = open();
    expect(seqs(await take(stream, 3))).toEqual([1, 2, 3]);
    await stream.return();
  });

  it('ignores repeated messages and messages for events already replayed', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    log.append(3);
    const stream = open();
    expect(seqs(await take(stream, 3))).toEqual([1, 2, 3]);
    bus.publish({ sequence: 2 });
    bus.publish({ sequence: 3 });
    log.append(1);
    bus.publish({ sequence: 4 });
    bus.publish({ sequence: 4 });
    bus.publish({ sequence: 4 });
    log.append(1);
    bus.publish({ sequence: 5 });
    expect(seqs(await take(stream, 2))).toEqual([4, 5]);
    await ticks(10);
    bus.publish({ sequence: 5 });
    log.append(1);
    bus.publish({ sequence: 6 });
    expect(seqs(await take(stream, 1))).toEqual([6]);
    await stream.return();
  });

  it('puts out-of-order messages (two instances publishing) back in order', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(3);
    bus.publish({ sequence: 3 });
    bus.publish({ sequence: 1 });
    bus.publish({ sequence: 2 });
    expect(seqs(await take(stream, 3))).toEqual([1, 2, 3]);
    await stream.return();
  });

  it('fills a gap (a lost message) from storage before going on', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(4);
    bus.publish({ sequence: 1 });
    // 2 and 3 are lost on the way
    bus.publish({ sequence: 4 });
    expect(seqs(await take(stream, 4))).toEqual([1, 2, 3, 4]);
    await stream.return();
  });

  it('waits for an announced event that storage does not show yet', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(2);
    log.invisible.add(2);
    bus.publish({ sequence: 2 });
    const first = await take(stream, 1);
    expect(seqs(first)).toEqual([1]);
    const second = take(stream, 1);
    setTimeout(() => log.invisible.delete(2), 3);
    expect(seqs(await second)).toEqual([2]);
    await stream.return();
  });

  it('does not jump a hole while an earlier append is still committing', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(3);
    log.invisible.add(2);
    bus.publish({ sequence: 3 });
    expect(seqs(await take(stream, 1))).toEqual([1]);
    const rest = take(stream, 2);
    setTimeout(() => log.invisible.delete(2), 2);
    expect(seqs(await rest)).toEqual([2, 3]);
    await stream.return();
  });

  it('skips a hole that never fills, with a warning, rather than stalling forever', async () => {
    const { log, bus, open, warnings } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(3);
    log.invisible.add(2);
    bus.publish({ sequence: 3 });
    expect(seqs(await take(stream, 2))).toEqual([1, 3]);
    expect(warnings).toEqual([expect.stringContaining('2..2 never appeared')]);
    await stream.return();
  });

  it('gives up on an announcement storage never confirms, and goes on with the next one', async () => {
    const { log, bus, open, warnings } = setup({ afterSequence: 0 });
    const stream = open();
    const pending = stream.next();
    await ticks();
    bus.publish({ sequence: 1 }); // a notice that storage never confirms (e.g. a bug upstream)
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(warnings).toEqual([expect.stringContaining('sequence 1 was announced')]);
    log.append(1);
    bus.publish({ sequence: 1 });
    expect((await pending).value).toEqual({ sequence: 1, label: 'e1' });
    await stream.return();
  });

  it('without afterSequence starts at the head of the log: nothing old, nothing missed', async () => {
    const { log, open, appendAndPublish } = setup({ withHead: true });
    log.append(5);
    const stream = open();
    await ticks();
    appendAndPublish(2);
    expect(seqs(await take(stream, 2))).toEqual([6, 7]);
    expect(log.loads.every((l) => l.afterSequence >= 5)).toBe(true);
    await stream.return();
  });

  it('without afterSequence and without head starts with the first message', async () => {
    const { log, open, appendAndPublish } = setup({});
    log.append(5);
    const stream = open();
    await ticks();
    appendAndPublish(2);
    expect(seqs(await take(stream, 2))).toEqual([6, 7]);
    await stream.return();
  });

  it('looks in storage when the bus says it may have lost messages (CATCH_UP)', async () => {
    const { log, bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    await ticks();
    log.append(3); // all three notices lost while the bus was reconnecting
    const got = take(stream, 3);
    bus.publish(CATCH_UP);
    expect(seqs(await got)).toEqual([1, 2, 3]);
    await stream.return();
  });

  it('uses events carried by messages without reading storage', async () => {
    const log = new FakeLog();
    const bus = new FakeBus<LiveMessage & { event?: FakeEvent }>();
    const stream = gaplessStream<FakeEvent, LiveMessage & { event?: FakeEvent }>({
      subscribe: bus.subscribe,
      loadAfter: log.loadAfter,
      afterSequence: 0,
      eventOf: (m) => m.event,
    });
    const first = stream.next(); // the (empty) replay, then waiting live
    await ticks();
    const loadsBefore = log.loads.length;
    for (const sequence of log.append(3)) bus.publish({ sequence, event: log.events[sequence - 1] });
    expect((await first).value).toEqual({ sequence: 1, label: 'e1' });
    expect(seqs(await take(stream, 2))).toEqual([2, 3]);
    expect(log.loads.length).toBe(loadsBefore);
    await stream.return();
  });

  it('drops its buffer when it overflows during a slow replay and catches up from storage', async () => {
    const log = new FakeLog();
    const bus = new FakeBus<LiveMessage & { event?: FakeEvent }>();
    log.append(5);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    log.beforeLoad = async () => {
      if (log.loads.length === 1) await gate;
    };
    const stream = gaplessStream<FakeEvent, LiveMessage & { event?: FakeEvent }>({
      subscribe: bus.subscribe,
      loadAfter: log.loadAfter,
      afterSequence: 0,
      pageSize: 4,
      maxBuffer: 3,
      eventOf: (m) => m.event,
    });
    const all = take(stream, 25);
    await ticks();
    for (const sequence of log.append(20)) bus.publish({ sequence, event: log.events[sequence - 1] });
    release();
    expect(seqs(await all)).toEqual(range(1, 25));
    await stream.return();
  });

  it('return() ends a waiting next() at once and unsubscribes', async () => {
    const { bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    const pending = stream.next();
    await ticks();
    expect(bus.subscribers.size).toBe(1);
    await stream.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(bus.unsubscribed).toBe(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('return() before the bus answered still unsubscribes once it does', async () => {
    const bus = new FakeBus<LiveMessage>();
    let answer!: () => void;
    const stream = gaplessStream<FakeEvent>({
      subscribe: () => new Promise((resolve) => (answer = () => resolve(bus.subscribe()))),
      loadAfter: new FakeLog().loadAfter,
      afterSequence: 0,
    });
    await stream.return();
    answer();
    await ticks();
    expect(bus.subscribed).toBe(1);
    expect(bus.unsubscribed).toBe(1);
  });

  it('passes a bus failure to the consumer and unsubscribes', async () => {
    const { bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    const pending = stream.next();
    await ticks();
    bus.fail(new Error('bus down'));
    await expect(pending).rejects.toThrow('bus down');
    expect(bus.unsubscribed).toBe(1);
  });

  it('passes a storage failure to the consumer', async () => {
    const { bus, open } = setup({ afterSequence: 0 });
    const stream = open({
      loadAfter: async () => {
        throw new Error('database down');
      },
    });
    await expect(stream.next()).rejects.toThrow('database down');
    await stream.return();
    expect(bus.unsubscribed).toBe(1);
  });

  it('ends when the bus ends (server shutting down)', async () => {
    const { bus, open } = setup({ afterSequence: 0 });
    const stream = open();
    const pending = stream.next();
    await ticks();
    for (const sub of bus.subscribers) await sub.return();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('yields each sequence once, in order, under any interleaving of appends, replay and bus faults', async () => {
    type Fate = 'deliver' | 'drop' | 'duplicate' | 'delay';
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }), // stored before the subscriber arrives
        fc.integer({ min: 1, max: 40 }), // appended afterwards
        fc.array(fc.constantFrom<Fate>('deliver', 'drop', 'duplicate', 'delay'), {
          minLength: 40,
          maxLength: 40,
        }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 80, maxLength: 80 }), // ticks between steps
        fc.integer({ min: 1, max: 8 }), // page size
        fc.nat(), // where the client resumes from
        async (before, after, fates, pauses, pageSize, resumeSeed) => {
          const log = new FakeLog();
          const bus = new FakeBus<LiveMessage>();
          log.append(before);
          const afterSequence = before === 0 ? 0 : resumeSeed % (before + 1);
          let pauseIndex = 0;
          const pause = () => ticks(pauses[pauseIndex++ % pauses.length]);
          log.beforeLoad = pause;
          const stream = gaplessStream<FakeEvent>({
            subscribe: bus.subscribe,
            loadAfter: log.loadAfter,
            afterSequence,
            pageSize,
            lagDelaysMs: [1, 1, 1, 1, 1],
          });
          const total = before + after;
          const consumed = take(stream, total - afterSequence, 3000);
          const delayed: number[] = [];
          for (let i = 0; i < after; i++) {
            const [sequence] = log.append(1);
            const fate = fates[i % fates.length];
            if (fate === 'deliver') bus.publish({ sequence });
            if (fate === 'duplicate') {
              bus.publish({ sequence });
              bus.publish({ sequence });
            }
            if (fate === 'delay') delayed.push(sequence);
            if (delayed.length && pauses[i % pauses.length] === 0)
              bus.publish({ sequence: delayed.shift()! });
            await pause();
          }
          for (const sequence of delayed) bus.publish({ sequence });
          bus.publish({ sequence: total }); // the last notice arrives (or CATCH_UP after a reconnect)
          const got = seqs(await consumed);
          await stream.return();
          expect(got).toEqual(range(afterSequence + 1, total));
          expect(bus.subscribers.size).toBe(0);
        },
      ),
      { numRuns: 200, endOnFailure: true },
    );
  });
});

describe('filterMapStream', () => {
  it('keeps values mapped from shared events shareable (bidPlaced from auctionEvents)', async () => {
    const bus = new FakeBus<{ sequence: number; bid?: { amount: string } }>();
    const bids = filterMapStream(bus.subscribe(), (e) => e.bid);
    const event = markShareable({ sequence: 4, bid: { amount: '1.00' } }, 'AUCTION_EVENT:a:4');
    bus.publish({ sequence: 3 });
    bus.publish(event);
    const [bid] = await take(bids, 1);
    expect(bid).toBe(event.bid);
    expect(shareKeyOf(bid)).toBe('AUCTION_EVENT:a:4>');
    await bids.return();
  });

  it('maps, drops undefined, and returns the source at once', async () => {
    const bus = new FakeBus<number>();
    const mapped = filterMapStream(bus.subscribe(), (n) => (n % 2 ? `odd ${n}` : undefined));
    bus.publish(1);
    bus.publish(2);
    bus.publish(3);
    expect(await take(mapped, 2)).toEqual(['odd 1', 'odd 3']);
    const pending = mapped.next();
    await mapped.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(bus.unsubscribed).toBe(1);
  });
});
