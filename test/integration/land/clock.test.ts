/**
 * Deadlines are stored, not held in timers (§1.5): the scheduler applies them on time with nobody watching,
 * after a restart in the middle of a round, and with two instances on one database, each transition once.
 */
import { ManualClock, OffsetClock } from '../../../src/common/clock';
import { Auction } from '../../../src/land/auction/auction.entity';
import { AuctionEvent } from '../../../src/land/stream/auction-event.entity';
import { runDueTransitions } from '../../../src/land/auction/auction.service';
import { testDatabases, testPostgresUrl, describeIf } from '../../helpers/environment';
import { createTestDatabase, startTestServer, type TestServer } from '../../helpers/server';
import { Land } from '../../helpers/land';
import { AuctionEventsDocument } from '../../operations/generated';

const START = '2025-11-03T09:00:00+08:00';
const minute = 60_000;

/** Reads the row as stored, without the catch-up every GraphQL read does. */
async function stored(server: TestServer, id: string) {
  const em = server.app.orm.em.fork();
  const auction = await em.findOneOrFail(Auction, { id });
  const events = await em.find(AuctionEvent, { auction: id }, { orderBy: { sequence: 'asc' } });
  return { status: auction.status, phaseEndsAt: auction.phaseEndsAt, events: events.map((e) => e.type) };
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An auction in timed bidding whose round ends at START + 31 minutes. */
async function inTimedRound(server: TestServer): Promise<string> {
  const clock = server.clock as ManualClock;
  const land = new Land(server);
  const id = await land.auction();
  const a = await land.bidder('甲');
  const b = await land.bidder('乙');
  await land.qualify(a, id);
  await land.qualify(b, id);
  clock.set(new Date(Date.parse(START) + 10 * minute));
  await land.placed(a, id, '100');
  await land.placed(b, id, '105');
  clock.set(new Date(Date.parse(START) + 30.5 * minute));
  expect((await land.view(id)).status).toBe('TIMED_BIDDING');
  return id;
}

describe.each(testDatabases())('the clock on %s', (db) => {
  it('awards once when the server stops in the middle of a round and starts after the deadline', async () => {
    const database = await createTestDatabase(db);
    try {
      const first = await startTestServer({ db: database, clock: new ManualClock(START) });
      const id = await inTimedRound(first);
      await first.close();

      const second = await startTestServer({
        db: database,
        clock: new ManualClock(new Date(Date.parse(START) + 45 * minute)),
      });
      try {
        // nobody reads: the scheduler of the new instance finds the stored deadline
        const row = await until(
          () => stored(second, id),
          (r) => r.status === 'AWARDED',
          5000,
        );
        expect(row.status).toBe('AWARDED');
        expect(row.events.filter((t) => t === 'AWARDED')).toHaveLength(1);
        // a sweep and a read afterwards change nothing
        expect(
          await runDueTransitions({
            fork: () => second.app.orm.em.fork(),
            clock: second.clock,
            publisher: second.app.publisher,
          }),
        ).toEqual([]);
        const events = (await second.data(AuctionEventsDocument, { id })).auction!.events;
        expect(events.filter((e) => e.type === 'AWARDED')).toHaveLength(1);
        expect(Date.parse(events.at(-1)!.occurredAt)).toBe(Date.parse(START) + 31 * minute);
        expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('applies a round end on time with nobody watching (real time, second-scale rounds)', async () => {
    const server = await startTestServer({ db, clock: new OffsetClock() });
    try {
      const land = new Land(server);
      const id = await land.auction(
        { timedBiddingRoundSeconds: 1 },
        // seconds from now: room to qualify two bidders, then two quotes, on a loaded CI machine
        { announcementEnd: 3, applicationEnd: 3, depositDeadline: 3, quoteStart: 3, quoteEnd: 5 },
      );
      const a = await land.bidder('甲');
      const b = await land.bidder('乙');
      await land.qualify(a, id);
      await land.qualify(b, id);
      await until(
        () => stored(server, id),
        (r) => r.status === 'QUOTING',
        8000,
      );
      await land.placed(a, id, '100');
      await land.placed(b, id, '105');
      const timed = await until(
        () => stored(server, id),
        (r) => r.status === 'TIMED_BIDDING',
        8000,
      );
      expect(timed.status).toBe('TIMED_BIDDING');
      const restart = await land.placed(a, id, '110');
      expect(restart.phase).toBe('TIMED');
      const roundEnd = Date.parse(restart.auction.phaseEndsAt!);
      const awarded = await until(
        () => stored(server, id),
        (r) => r.status === 'AWARDED',
        4000,
      );
      expect(awarded.status).toBe('AWARDED');
      // the scheduler woke at the deadline, not a poll interval later
      expect(Date.now() - roundEnd).toBeLessThan(2500);
      expect(awarded.events).toEqual([
        'PUBLISHED',
        'QUOTING_OPENED',
        'BID_PLACED',
        'BID_PLACED',
        'TIMED_BIDDING_STARTED',
        'BID_PLACED',
        'AWARDED',
      ]);
    } finally {
      await server.close();
    }
  });
});

describeIf(!!testPostgresUrl(), 'needs TEST_DATABASE_URL')('two instances on one PostgreSQL database', () => {
  it('award a round that ended while both were down exactly once, with one AWARDED event', async () => {
    const database = await createTestDatabase('postgresql');
    try {
      const first = await startTestServer({ db: database, clock: new ManualClock(START) });
      const id = await inTimedRound(first);
      await first.close();
      const later = () => new ManualClock(new Date(Date.parse(START) + 40 * minute));
      const [x, y] = await Promise.all([
        startTestServer({ db: database, clock: later(), seed: false }),
        startTestServer({ db: database, clock: later(), seed: false }),
      ]);
      try {
        const deps = (s: TestServer) => ({
          fork: () => s.app.orm.em.fork(),
          clock: s.clock,
          publisher: s.app.publisher,
        });
        // both schedulers are running; add explicit sweeps and reads from both at once
        await Promise.all([
          runDueTransitions(deps(x)),
          runDueTransitions(deps(y)),
          x.data(AuctionEventsDocument, { id }),
          y.data(AuctionEventsDocument, { id }),
        ]);
        const row = await until(
          () => stored(x, id),
          (r) => r.status === 'AWARDED',
          3000,
        );
        expect(row.events.filter((t) => t === 'AWARDED')).toHaveLength(1);
        expect((await stored(y, id)).events).toEqual(row.events);
        expect(row.events.at(-1)).toBe('AWARDED');
      } finally {
        await Promise.all([x.close(), y.close()]);
      }
    } finally {
      await database.drop();
    }
  });
});
