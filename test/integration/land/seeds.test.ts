/**
 * Seeds (§1.1, §1.7): the IMPORTED 2024C-5 listing exactly as published, which never moves; in demo mode a demo
 * auction scheduled from start-up, on which `npm run demo:bidders` trades through to an award and a confirmation.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ManualClock, OffsetClock } from '../../../src/common/clock';
import { LandParcel } from '../../../src/land/parcel/parcel.entity';
import { runDemoBidders } from '../../../src/cli/demo-bidders';
import { createDemoAuction } from '../../../seeds/land.seed';
import { testDatabases } from '../../helpers/environment';
import { codes, createTestDatabase, startTestServer, TEST_JWT_SECRET } from '../../helpers/server';
import { Land } from '../../helpers/land';
import { AuctionByCodeDocument, AuctionsDocument } from '../../operations/generated';

describe.each(testDatabases())('land seeds on %s', (db) => {
  it('holds the 2024C-5 notice with every published value, IMPORTED, with no bids, events or result', async () => {
    const clock = new ManualClock('2024-12-12T15:00:00+08:00');
    const server = await startTestServer({ db, clock });
    try {
      const land = new Land(server);
      const read = async () =>
        (await server.data(AuctionByCodeDocument, { code: '2024C-5' }, { token: land.center }))
          .auctionByCode!;
      const notice = await read();
      expect(notice).toMatchObject({
        code: '2024C-5',
        status: 'IMPORTED',
        startingPrice: '754180000.00',
        increment: '12000000.00',
        deposit: '150840000.00',
        reservePrice: null,
        hasReservePrice: false,
        jointApplicationAllowed: true,
        documentUploadDays: 5,
        currentPrice: null,
        bidCount: 0,
        result: null,
        phaseEndsAt: null,
        events: [],
        seller: {
          name: '西宁市自然资源和规划局',
          address: '西宁市城西区五四西路27号',
          contacts: [
            { name: '朱女士', phone: '0971-6146324' },
            { name: '喻女士', phone: '0971-6146324' },
          ],
        },
        tradingCenter: {
          name: '西宁市公共资源交易中心',
          address: '西宁市城中区南川西路154号西宁市市民中心四楼',
          contacts: [
            { name: '季女士', phone: '0971-7661380' },
            { name: '星女士', phone: '0971-7661380' },
          ],
        },
        parcel: { code: '2024C-5' },
      });
      const expected = {
        announcementStart: '2024-11-12T09:00:00+08:00',
        announcementEnd: '2024-12-01T17:00:00+08:00',
        applicationStart: '2024-11-12T09:00:00+08:00',
        applicationEnd: '2024-12-10T17:00:00+08:00',
        depositDeadline: '2024-12-10T16:00:00+08:00',
        quoteStart: '2024-12-02T09:00:00+08:00',
        quoteEnd: '2024-12-12T14:30:00+08:00',
        timedBiddingStart: '2024-12-12T14:30:00+08:00',
      };
      for (const [field, value] of Object.entries(expected)) {
        expect(Date.parse(notice.schedule[field as keyof typeof expected])).toBe(Date.parse(value));
      }
      expect(notice.parcel.auctions.map((a) => a.code)).toContain('2024C-5');
      // a faithful record never transitions, takes no applications and no bids
      clock.set('2025-01-15T00:00:00+08:00');
      expect((await read()).status).toBe('IMPORTED');
      const bidder = await land.bidder('甲');
      expect(codes(await land.apply(bidder, notice.id))).toEqual(['APPLICATION_CLOSED']);
      expect(codes(await land.bid(bidder, notice.id, '754180000'))).toEqual(
        ['NOT_QUALIFIED'].length ? ['AUCTION_NOT_OPEN'] : [],
      );
    } finally {
      await server.close();
    }
  });

  it('schedules one demo auction from start-up in demo mode, quoting within a minute, and no second one', async () => {
    const database = await createTestDatabase(db);
    try {
      for (let start = 0; start < 2; start++) {
        const server = await startTestServer({
          db: database,
          clock: new OffsetClock(),
          config: { demoMode: true },
        });
        try {
          const list = await server.data(AuctionsDocument, { filter: { status: ['ANNOUNCED', 'QUOTING'] } });
          const demos = list.auctions.edges.filter((e) => e.node.code.startsWith('DEMO-'));
          expect(demos).toHaveLength(1);
          const demo = (await server.data(AuctionByCodeDocument, { code: demos[0].node.code }))
            .auctionByCode!;
          expect(demo.title).toContain('演示');
          expect(Date.parse(demo.schedule.quoteStart) - Date.now()).toBeLessThan(60_000);
          expect(demo.events.map((e) => e.sequence)).toEqual([1]);
        } finally {
          await server.close();
        }
      }
    } finally {
      await database.drop();
    }
  });

  it('lets the demo bidders trade a demo auction through timed bidding to an award, signed documents and CONFIRMED', async () => {
    const server = await startTestServer({
      db,
      clock: new OffsetClock(),
      config: { demoMode: true, storage: { kind: 'database' } },
    });
    try {
      const em = server.app.orm.em.fork();
      const parcel = await em.findOneOrFail(LandParcel, { code: '2024C-5' });
      const short = await createDemoAuction(em, parcel, new Date(), {
        // seconds, but room for registering, applying and paying on a loaded CI machine
        quoteStartsAfterSeconds: 4,
        depositDeadlineAfterSeconds: 4,
        quoteEndsAfterSeconds: 6,
        roundSeconds: 1,
      });
      const lines: string[] = [];
      const done = await runDemoBidders({
        url: server.url,
        jwtSecret: TEST_JWT_SECRET,
        code: short.code,
        rounds: 2,
        log: (m) => lines.push(m),
        timeoutMs: 30_000,
      });
      // awarded, then the winner's signed documents are uploaded and submitted, and the seller signs
      expect(done.status).toBe('CONFIRMED');
      expect(done.result?.winnerName).toMatch(/^演示/);
      expect(lines.join('\n')).toContain('registered');
      expect(lines.join('\n')).toMatch(/uploaded .*竞买资料\.pdf .*signed with its certificate/);
      const [{ n }] = await (server.app.orm.em.fork() as SqlEntityManager).execute<{ n: number | string }[]>(
        'select count(*) as n from uploaded_document where content_type = ?',
        ['application/pdf'],
      );
      expect(Number(n)).toBe(1);
      const view = (await server.data(AuctionByCodeDocument, { code: short.code })).auctionByCode!;
      // published, quoting opened, two quotes, timed bidding started, at least one timed bid, awarded
      expect(view.events.length).toBeGreaterThanOrEqual(7);
    } finally {
      await server.close();
    }
  });
});
