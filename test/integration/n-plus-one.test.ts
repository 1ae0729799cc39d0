/**
 * No N+1: representative nested reads issue as many SQL statements for a page of 50 as for a page of 5.
 * Requests run one at a time, so every statement the ORM's connection issues in between belongs to that request.
 */
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { seedBulkLand } from '../../bench/queries/seed';
import { testDatabases } from '../helpers/environment';
import { startTestServer, type TestServer } from '../helpers/server';
import { AuctionPageApplicationsDocument, DeepAuctionPageDocument } from '../operations/generated';
import { countStatements } from '../helpers/sql-count';

/** SQL_COUNT_LOG=1 prints the counts (for reports). */
const report = (name: string, small: number, large: number) => {
  if (process.env.SQL_COUNT_LOG) console.log(`${name}: ${small} statements at 5, ${large} at 50`);
};

describe.each(testDatabases())('SQL statements per request on %s', (db) => {
  let server: TestServer;
  let center: string;

  beforeAll(async () => {
    // 50 auctions × their applications × members/payments score far above the default complexity limit
    const limits = { ...loadConfig({ JWT_SECRET: 'x'.repeat(32) }).limits, maxComplexity: 1_000_000 };
    server = await startTestServer({ db, workers: false, config: { limits } });
    center = server.token({ roles: [Role.TRADING_CENTER] });
    await seedBulkLand(server.app.orm.em.fork(), {
      auctions: 60,
      bidsPerAuction: 8,
      applicationsPerAuction: 3,
      tag: 'np1',
    });
  });
  afterAll(() => server?.close());

  it('reads 5 or 50 auctions with parcel, leading bid, first 5 bids, events and result in the same statements', async () => {
    const run = (first: number) =>
      countStatements(server.app.orm, () =>
        server.data(DeepAuctionPageDocument, { first, bids: 5 }, { token: center }),
      );
    await run(5); // warm-up: the due-transition sweep and metadata
    const small = await run(5);
    const large = await run(50);
    expect(small.result.auctions.edges).toHaveLength(5);
    expect(large.result.auctions.edges).toHaveLength(50);
    const bulk = large.result.auctions.edges.filter((e) => e.node.code.startsWith('BULK-'));
    expect(bulk.length).toBeGreaterThan(40);
    for (const { node } of bulk) {
      expect(node.bids.edges.map((e) => e.node.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(node.bids.totalCount).toBe(8);
      expect(node.bids.pageInfo.hasNextPage).toBe(true);
      expect(node.leadingBid?.sequence).toBe(8);
      expect(node.leadingBid?.isLeading).toBe(true);
      expect(node.result?.premiumRatePercent).toBe('7.00');
    }
    report('auctions deep', small.statements, large.statements);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(12);
  });

  it('reads the applications of 5 or 50 auctions (with members, payments and deposit states) in the same statements', async () => {
    const run = (first: number) =>
      countStatements(server.app.orm, () =>
        server.data(AuctionPageApplicationsDocument, { first }, { token: center }),
      );
    await run(5);
    const small = await run(5);
    const large = await run(50);
    const applications = large.result.auctions.edges.flatMap((e) => e.node.applications);
    expect(applications.length).toBeGreaterThanOrEqual(120);
    expect(applications.every((a) => a.members[0].bidder.name.length > 0)).toBe(true);
    report('auctions with applications', small.statements, large.statements);
    expect(large.statements).toBe(small.statements);
  });
});
