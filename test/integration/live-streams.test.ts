/**
 * Replay-then-live through the real server and database, with the harness log standing in for an auction's
 * event log (bench/fanout/harness.ts): appends commit, then announce; subscribers replay, then go live.
 */
import { liveHarnessModule } from '../../bench/fanout/harness';
import { Role } from '../../src/common/viewer';
import { testDatabases } from '../helpers/environment';
import { HARNESS_APPEND, range, subscribeHarness, until, type Subscriber } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

describe.each(testDatabases())('live streams on %s', (db) => {
  let server: TestServer;
  const subscribers: Subscriber[] = [];
  let stream = 0;
  const nextStream = () => `stream-${++stream}`;

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, extraModules: [liveHarnessModule] });
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.close()));
  });
  afterAll(() => server?.close());

  const append = (streamId: string, count = 1) =>
    server.data<{ liveHarnessAppend: number[] }>(HARNESS_APPEND, { streamId, count });
  const subscribe = (streamId: string, afterSequence?: number | null, params?: Record<string, unknown>) => {
    const s = subscribeHarness(server.wsUrl, streamId, afterSequence, params);
    subscribers.push(s);
    return s;
  };

  it('gives a subscriber with afterSequence every event exactly once, in order, while 100 land concurrently', async () => {
    const streamId = nextStream();
    await append(streamId, 30);
    const landing = Promise.all(Array.from({ length: 100 }, () => append(streamId)));
    // subscribers arrive while the bids land, resuming from different points
    const early = subscribe(streamId, 10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const late = subscribe(streamId, 0);
    const fromStart = subscribe(streamId, 29);
    const accepted = (await landing).flatMap((r) => r.liveHarnessAppend);
    expect(accepted.sort((a, b) => a - b)).toEqual(range(31, 130)); // the harness log itself is gapless
    for (const [s, after] of [
      [early, 10],
      [late, 0],
      [fromStart, 29],
    ] as const) {
      await until(() => s.sequences.length >= 130 - after, 20_000, `subscriber after ${after}`);
      expect(s.sequences).toEqual(range(after + 1, 130));
      expect(s.errors).toEqual([]);
    }
  });

  it('resumes after a reconnect with the last sequence, missing nothing and repeating nothing', async () => {
    const streamId = nextStream();
    await append(streamId, 5);
    const first = subscribe(streamId, 0);
    await until(() => first.sequences.length === 5);
    await append(streamId, 3);
    await until(() => first.sequences.length === 8);
    await first.close(); // the viewer's network drops
    const last = first.sequences.at(-1)!;
    const landing = Promise.all(Array.from({ length: 20 }, () => append(streamId)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const again = subscribe(streamId, last); // reconnects while bids keep landing
    await landing;
    await append(streamId, 2);
    await until(() => again.sequences.length === 22);
    expect([...first.sequences, ...again.sequences]).toEqual(range(1, 30));
  });

  it('without afterSequence starts live at the head of the log', async () => {
    const streamId = nextStream();
    await append(streamId, 4);
    const live = subscribe(streamId);
    await until(() => server.app.liveStats().live.fanout.subscribers >= 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await append(streamId, 2);
    await until(() => live.sequences.length === 2);
    expect(live.sequences).toEqual([5, 6]);
  });

  it('costs one execution and one storage read per event for many identical anonymous viewers', async () => {
    const streamId = nextStream();
    const viewers = Array.from({ length: 40 }, () => subscribe(streamId, 0));
    const signedIn = subscribe(streamId, 0, {
      authorization: `Bearer ${server.token({ roles: [Role.BIDDER], bidderId: 'b-1' })}`,
    });
    await until(() => server.app.liveStats().live.fanout.subscribers >= 41);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = server.app.liveStats();
    for (let i = 1; i <= 5; i++) {
      await append(streamId);
      await until(() => [...viewers, signedIn].every((v) => v.sequences.at(-1) === i));
    }
    const after = server.app.liveStats();
    expect(after.execution.executions - before.execution.executions).toBe(10); // anonymous + the bidder
    expect(after.live.caches.LIVE_HARNESS.storageReads - before.live.caches.LIVE_HARNESS.storageReads).toBe(
      5,
    );
    expect(after.execution.parses - before.execution.parses).toBe(0); // one document, parsed once
  });
});
