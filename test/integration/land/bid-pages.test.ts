/**
 * Pages of the bids of several auctions read at once (loadWindow in src/land/land.loaders.ts): every page, the
 * one past the end and `first: 0` give the right items and totals. (Events after a sequence are read the same
 * way; the live suites read them.)
 */
import { seedBulkLand } from '../../../bench/queries/seed';
import { testDatabases } from '../../helpers/environment';
import { startTestServer, type TestServer } from '../../helpers/server';

const cursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

const PAGES = `query BidPages($first: Int!, $after: String) {
  auctions(first: 4) {
    edges { node { code bidCount
      bids(first: $first, after: $after) { totalCount pageInfo { hasNextPage } edges { node { sequence } } }
    } }
  }
}`;

interface Page {
  auctions: {
    edges: {
      node: {
        code: string;
        bidCount: number;
        bids: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean };
          edges: { node: { sequence: number } }[];
        };
      };
    }[];
  };
}

describe.each(testDatabases())('bid and event windows on %s', (db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ db, workers: false });
    await seedBulkLand(server.app.orm.em.fork(), {
      auctions: 5,
      bidsPerAuction: 7,
      applicationsPerAuction: 2,
      tag: 'pg',
    });
  });
  afterAll(() => server?.close());

  const page = async (first: number, offset: number | null) =>
    (
      await server.data<Page>(PAGES, {
        first,
        after: offset === null ? null : cursor(offset - 1),
      })
    ).auctions.edges.filter((e) => e.node.code.startsWith('BULK-'));

  it('reads each page of 3 of 7 bids for several auctions at once', async () => {
    const pages = [await page(3, null), await page(3, 3), await page(3, 6)];
    expect(pages[0].length).toBeGreaterThanOrEqual(3);
    for (const [i, expected] of [[1, 2, 3], [4, 5, 6], [7]].entries()) {
      for (const { node } of pages[i]) {
        expect(node.bids.edges.map((e) => e.node.sequence)).toEqual(expected);
        expect(node.bids.totalCount).toBe(7);
        expect(node.bids.pageInfo.hasNextPage).toBe(i < 2);
      }
    }
  });

  it('gives totals for a page past the end and for first: 0', async () => {
    for (const nodes of [await page(3, 9), await page(0, null)]) {
      for (const { node } of nodes) {
        expect(node.bids.edges).toEqual([]);
        expect(node.bids.totalCount).toBe(7);
      }
    }
  });
});
