/**
 * Reads do not write: a read sends no due-transition sweep (and no write) while no auction's phase has ended,
 * and still shows what the clock says the moment one has (src/land/auction/auction.clock.ts). Across instances
 * the hint is re-read after any instance changed an auction.
 */
import { ManualClock } from '../../../src/common/clock';
import { HINT_TTL_MS, knownNotDue, noteAuctionsChanged } from '../../../src/land/auction/auction.clock';
import { describeIf, testDatabases, testPostgresUrl, testRedisUrl } from '../../helpers/environment';
import { Land } from '../../helpers/land';
import { createTestDatabase, startTestServer, type TestServer } from '../../helpers/server';
import { countStatements } from '../../helpers/sql-count';

const START = '2025-11-03T09:00:00+08:00';
const second = 1000;

const writes = (sql: string[]) => sql.filter((s) => /^\s*(insert|update|delete)\b/i.test(s));
const sweeps = (sql: string[]) => sql.filter((s) => /"phase_ends_at" <= (\?|\$1)/.test(s));
const hintReads = (sql: string[]) => sql.filter((s) => /min\("phase_ends_at"\)/.test(s));

describe.each(testDatabases())('reads on %s', (db) => {
  let server: TestServer;
  let land: Land;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startTestServer({ db, clock, workers: false });
    land = new Land(server);
  });
  afterAll(() => server?.close());

  it('send no sweep and no write before a phase ends, and show the new status once it has', async () => {
    const id = await land.auction(); // ANNOUNCED until quoteStart, 600 s from now
    await land.view(id);
    clock.set(new Date(Date.parse(START) + 599 * second));
    const first = await countStatements(server.app.orm, () => land.view(id));
    expect(first.result.status).toBe('ANNOUNCED');
    expect(hintReads(first.sql)).toHaveLength(1); // the clock moved on: the earliest phase end is read again
    expect(sweeps(first.sql)).toEqual([]);
    expect(writes(first.sql)).toEqual([]);
    const again = await countStatements(server.app.orm, () => land.view(id));
    expect(again.result.status).toBe('ANNOUNCED');
    expect(hintReads(again.sql)).toEqual([]);
    expect(sweeps(again.sql)).toEqual([]);
    expect(writes(again.sql)).toEqual([]);
    // the phase ends within the hint's lifetime: the read sweeps and shows QUOTING
    clock.set(new Date(Date.parse(START) + 600 * second));
    expect(Date.parse(START) + 600 * second - (Date.parse(START) + 599 * second)).toBeLessThan(
      HINT_TTL_MS + 1,
    );
    const due = await countStatements(server.app.orm, () => land.view(id));
    expect(due.result.status).toBe('QUOTING');
    expect(sweeps(due.sql)).toHaveLength(1);
    expect(writes(due.sql).length).toBeGreaterThan(0);
  });

  it('know that nothing is due without a statement only while the kept earliest phase end is fresh and ahead', async () => {
    const id = await land.auction();
    await land.view(id);
    await land.view(id);
    const { publisher } = server.app;
    const now = clock.now().getTime();
    expect(knownNotDue(publisher, now)).toBe(true);
    expect(knownNotDue(publisher, now + HINT_TTL_MS)).toBe(false); // too old to trust
    expect(knownNotDue(publisher, now - 1)).toBe(false); // read after that instant
    noteAuctionsChanged(publisher);
    expect(knownNotDue(publisher, now)).toBe(false);
  });

  it('read the earliest phase end again after a write on this instance', async () => {
    const id = await land.auction();
    await land.view(id);
    const quiet = await countStatements(server.app.orm, () => land.view(id));
    expect(hintReads(quiet.sql)).toEqual([]);
    await land.auction(); // published: one more clocked auction
    const after = await countStatements(server.app.orm, () => land.view(id));
    expect(hintReads(after.sql)).toHaveLength(1);
    expect(sweeps(after.sql)).toEqual([]);
    expect(writes(after.sql)).toEqual([]);
  });
});

describeIf(!!testPostgresUrl() && !!testRedisUrl(), 'needs TEST_DATABASE_URL and TEST_REDIS_URL')(
  'two instances on one database and Redis',
  () => {
    it('a write on one instance makes the other read the earliest phase end again', async () => {
      const database = await createTestDatabase('postgresql');
      const config = { redisUrl: testRedisUrl() };
      const a = await startTestServer({
        db: database,
        clock: new ManualClock(START),
        workers: false,
        config,
      });
      const b = await startTestServer({
        db: database,
        clock: new ManualClock(START),
        workers: false,
        seed: false,
        config,
      });
      try {
        const landA = new Land(a);
        const id = await landA.auction();
        await landA.view(id);
        const quiet = await countStatements(a.app.orm, () => landA.view(id));
        expect(hintReads(quiet.sql)).toEqual([]);
        await new Land(b).auction(); // on the other instance
        // the message crosses Redis: A's next reads re-read the hint once it arrived (no clock change in between)
        let seen = false;
        for (let i = 0; i < 100 && !seen; i++) {
          const read = await countStatements(a.app.orm, () => landA.view(id));
          expect(writes(read.sql)).toEqual([]);
          seen = hintReads(read.sql).length === 1;
          if (!seen) await new Promise((resolve) => setImmediate(resolve));
        }
        expect(seen).toBe(true);
      } finally {
        await b.close();
        await a.close();
        await database.drop();
      }
    });
  },
);
