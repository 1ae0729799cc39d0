/**
 * The demo keeps something to watch (issue 18, finding 6): a restart after the demo auction was awarded
 * schedules a fresh one; a restart while one is still trading does not.
 */
import { OffsetClock } from '../../src/common/clock';
import { Auction, AuctionStatus } from '../../src/land';
import { testDatabases } from '../helpers/environment';
import { createTestDatabase, startTestServer } from '../helpers/server';

describe.each(testDatabases())('the demo auction across restarts on %s', (db) => {
  it('starts a fresh demo auction on restart when the last one was awarded', async () => {
    const database = await createTestDatabase(db);
    const demos = async (server: Awaited<ReturnType<typeof startTestServer>>) =>
      (
        await server.app.orm.em
          .fork()
          .find(Auction, { code: { $like: 'DEMO-%' } }, { orderBy: { createdAt: 'asc' } })
      ).map((a) => ({ code: a.code, status: a.status }));
    try {
      const start = () =>
        startTestServer({ db: database, clock: new OffsetClock(), config: { demoMode: true } });
      let server = await start();
      const [first] = await demos(server);
      await server.close();
      server = await start(); // still trading: no second one
      expect(await demos(server)).toEqual([first]);
      await server.app.orm.em
        .fork()
        .nativeUpdate(Auction, { code: first.code }, { status: AuctionStatus.AWARDED });
      await server.close();
      server = await start();
      try {
        const after = await demos(server);
        expect(after).toHaveLength(2);
        expect(after[0]).toEqual({ code: first.code, status: 'AWARDED' });
        expect(after[1].status).toBe('ANNOUNCED');
      } finally {
        await server.close();
      }
    } finally {
      await database.drop();
    }
  });
});
