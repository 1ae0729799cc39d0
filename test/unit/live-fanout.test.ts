/** One bus subscription per channel per instance, shared by every local subscriber. */
import { createPublisher, type Bus } from '../../src/common/pubsub';
import { Fanout } from '../../src/common/live/fanout';
import { CATCH_UP } from '../../src/common/live/gapless';
import { take, ticks } from '../helpers/live-fakes';

/** Counts what the fan-out asks of the bus; messages are delivered by hand. */
class CountingBus implements Bus {
  listens: string[] = [];
  unlistens: string[] = [];
  handlers = new Map<string, (payload: unknown) => void>();
  reconnect?: () => void;
  failNext = false;
  /** Redis confirms the SUBSCRIBE when this resolves */
  confirmed: Promise<void> = Promise.resolve();

  async listen(channel: string, onMessage: (payload: unknown) => void) {
    this.listens.push(channel);
    await this.confirmed;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('redis down');
    }
    this.handlers.set(channel, onMessage);
  }

  async unlisten(channel: string) {
    this.unlistens.push(channel);
    this.handlers.delete(channel);
  }

  onReconnect(fn: () => void) {
    this.reconnect = fn;
  }

  deliver(channel: string, payload: unknown) {
    this.handlers.get(channel)?.(payload);
  }
}

describe('Fanout', () => {
  it('shares one bus subscription among all local subscribers of a channel', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    const subs = await Promise.all(
      Array.from({ length: 100 }, () => fanout.subscribe('AUCTION_EVENT', 'a1')),
    );
    await fanout.subscribe('AUCTION_EVENT', 'a2');
    expect(bus.listens).toEqual(['AUCTION_EVENT:a1', 'AUCTION_EVENT:a2']);
    expect(fanout.stats()).toMatchObject({ channels: 2, subscribers: 101, busListens: 2 });
    bus.deliver('AUCTION_EVENT:a1', { auctionId: 'a1', sequence: 1 });
    bus.deliver('AUCTION_EVENT:a1', { auctionId: 'a1', sequence: 2 });
    for (const sub of subs) {
      expect(await take(sub, 2)).toEqual([
        { auctionId: 'a1', sequence: 1 },
        { auctionId: 'a1', sequence: 2 },
      ]);
    }
    expect(fanout.stats().delivered).toBe(200);
  });

  it('resolves a subscription only once the bus listens', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    let confirm!: () => void;
    bus.confirmed = new Promise((resolve) => (confirm = resolve));
    let resolved = false;
    const pending = fanout.subscribe('T', 'x').then((s) => {
      resolved = true;
      return s;
    });
    await ticks();
    expect(resolved).toBe(false);
    const second = fanout.subscribe('T', 'x'); // joins the same pending listen
    confirm();
    await pending;
    await second;
    expect(bus.listens).toEqual(['T:x']);
    expect(bus.handlers.has('T:x')).toBe(true);
  });

  it('stops listening when the last local subscriber leaves, and listens again for the next', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    const a = await fanout.subscribe('T', 'x');
    const b = await fanout.subscribe('T', 'x');
    await a.return();
    expect(bus.unlistens).toEqual([]);
    await b.return();
    await b.return(); // twice is harmless
    expect(bus.unlistens).toEqual(['T:x']);
    expect(fanout.stats()).toMatchObject({ channels: 0, subscribers: 0 });
    await fanout.subscribe('T', 'x');
    expect(bus.listens).toEqual(['T:x', 'T:x']);
  });

  it('passes a failed listen to every waiting subscriber and retries with the next one', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    bus.failNext = true;
    await expect(Promise.all([fanout.subscribe('T', 'x'), fanout.subscribe('T', 'x')])).rejects.toThrow(
      'redis down',
    );
    expect(fanout.stats().channels).toBe(0);
    await fanout.subscribe('T', 'x');
    expect(bus.listens).toEqual(['T:x', 'T:x']);
  });

  it('tells every local subscriber to catch up after the bus reconnects', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    const a = await fanout.subscribe('T', 'x');
    const b = await fanout.subscribe('T', 'y');
    bus.reconnect!();
    expect(await take(a, 1)).toEqual([CATCH_UP]);
    expect(await take(b, 1)).toEqual([CATCH_UP]);
  });

  it('never lets a subscriber that stopped pulling hold more than maxQueue messages', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus, { maxQueue: 10 });
    const stalled = await fanout.subscribe('T', 'x');
    const healthy = await fanout.subscribe('T', 'x');
    const received = take(healthy, 50);
    for (let sequence = 1; sequence <= 50; sequence++) {
      bus.deliver('T:x', { sequence });
      await ticks(1);
    }
    expect((await received).length).toBe(50);
    // the stalled one gets what fitted after the overflow, led by a CATCH_UP (storage has the rest)
    const backlog = await take(stalled, 1);
    expect(backlog).toEqual([CATCH_UP]);
    expect(fanout.stats().overflows).toBeGreaterThan(0);
  });

  it('ends every subscription on close', async () => {
    const bus = new CountingBus();
    const fanout = new Fanout(bus);
    const sub = await fanout.subscribe('T', 'x');
    const pending = sub.next();
    fanout.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await expect(fanout.subscribe('T', 'y')).rejects.toThrow('closed');
  });

  it('works on the in-process publisher, with JSON-safe copies of the payload', async () => {
    const publisher = createPublisher();
    const fanout = new Fanout(publisher.bus);
    const sub = await fanout.subscribe('AUCTION_EVENT', 'a1');
    const payload = { auctionId: 'a1', sequence: 7, at: new Date('2024-12-12T06:30:00Z') };
    publisher.publish('AUCTION_EVENT', 'a1', payload);
    publisher.publish('AUCTION_EVENT', 'other', { sequence: 1 });
    const [got] = await take(sub, 1);
    expect(got).toEqual({
      auctionId: 'a1',
      sequence: 7,
      at: '2024-12-12T06:30:00.000Z',
      publishedAt: expect.any(Number), // for the fan-out lag metric
    });
    expect(got).not.toBe(payload);
    await publisher.close();
  });
});
