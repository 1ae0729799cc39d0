/**
 * On PostgreSQL an auction read brings along, in its own statement, the parcel and the leading bid the operation
 * asks for below it (a read-only query: src/db/reads.ts `Joined`, src/common/request/lookahead.ts; SQLite reads
 * them by their own statements, test/integration/snapshots.test.ts covers the joins there): the answers equal those of the
 * same query in a batch (not read-only: managed entities, each relation read by its own loader), through named and
 * inline fragments; and the statements are fewer.
 */
import { encodeCursor } from '../../../src/common/pagination';
import { Role } from '../../../src/common/viewer';
import { loadConfig } from '../../../src/config';
import { seedBulkLand } from '../../../bench/queries/seed';
import { testDatabases } from '../../helpers/environment';
import { startTestServer, type TestServer } from '../../helpers/server';
import { countStatements } from '../../helpers/sql-count';

const PARCEL = `fragment ParcelAll on LandParcel { id code city district location areaSqm landUses
  planning { floorAreaRatioMin floorAreaRatioMax buildingDensityMaxPercent greenRatioMinPercent buildingHeightMaxM } notes maxGrossFloorAreaSqm }`;
const BID = `id sequence amount phase placedAt biddingNumber isLeading`;
const RESULT = `result { auctionId winnerName winnerBiddingNumber finalPrice premiumRatePercent floorPricePerSqm
  awardedAt documentsDueAt transactionNoticeNumber confirmationSignedAt }`;

const WINDOW = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${BID} } }`;
const LIST = `query AlongList($first: Int!, $bids: Int, $after: String) { auctions(first: $first) { totalCount edges { node { ...AuctionAlong } } } }
  fragment AuctionAlong on Auction { id code status parcel { ...ParcelAll } ... on Auction { leadingBid { ${BID} } ${RESULT} }
    bids(first: $bids, after: $after) { ${WINDOW} } }
  ${PARCEL}`;
const DETAIL = `query AlongDetail($id: ID!) { auction(id: $id) { id title parcel { ...ParcelAll } leadingBid { ${BID} } ${RESULT}
  bids(first: 2) { ${WINDOW} } } }
  ${PARCEL}`;
const NEITHER = `query AlongNeither($id: ID!) { auction(id: $id) { id title bidCount } }`;

describe.each(testDatabases())('rows read along with auctions on %s', (db) => {
  let server: TestServer;
  let center: string;

  beforeAll(async () => {
    // a batch (here of one) is never read-only: the way to read the same operation without rows along
    const limits = { ...loadConfig({}).limits, maxBatchSize: 2 };
    server = await startTestServer({ db, workers: false, config: { limits } });
    center = server.token({ roles: [Role.TRADING_CENTER] });
    await seedBulkLand(server.app.orm.em.fork(), {
      auctions: 8,
      bidsPerAuction: 3,
      applicationsPerAuction: 2,
      tag: 'along',
    });
  });
  afterAll(() => server?.close());

  /** the same operation alone (read-only) and in a batch of one (not read-only), with its statements */
  async function bothWays(query: string, variables: Record<string, unknown>) {
    const alone = await countStatements(server.app.orm, () =>
      server.data<Record<string, unknown>>(query, variables, { token: center }),
    );
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${center}` },
      body: JSON.stringify([{ query, variables }]),
    });
    const [batched] = (await response.json()) as { data?: unknown; errors?: unknown }[];
    expect(batched.errors).toBeUndefined();
    return { alone, batched: batched.data };
  }

  it('reads a page of auctions with their parcels, leading bids and results in one statement, the answers unchanged', async () => {
    await bothWays(LIST, { first: 8 }); // warm-up: the due-transition sweep, kept SQL
    const { alone, batched } = await bothWays(LIST, { first: 8 });
    expect(alone.result).toEqual(batched);
    const edges = (
      alone.result.auctions as {
        edges: { node: { parcel: unknown; leadingBid: unknown; result: unknown } }[];
      }
    ).edges;
    expect(edges).toHaveLength(8);
    expect(edges.filter((e) => e.node.leadingBid !== null).length).toBeGreaterThan(0);
    // auctions with a result and without one (each reads nothing more)
    expect(edges.filter((e) => e.node.result !== null).length).toBeGreaterThan(0);
    expect(edges.filter((e) => e.node.result === null).length).toBeGreaterThan(0);
    // on PostgreSQL the page, its count, its parcels, leading bids, results and bids: one statement; SQLite joins
    // nothing
    if (db === 'postgresql') expect(alone.sql).toHaveLength(1);
    else expect(alone.sql.join('\n')).not.toMatch(/left join|json_agg/);
  });

  it("reads each auction's window of bids along, whatever its page, the answers unchanged", async () => {
    type Windowed = { auctions: { edges: { node: { bids: { totalCount: number; edges: unknown[] } } }[] } };
    // 3 bids each: a window that holds some, one that holds them all, one past the first, one past the end
    const texts = new Set<string>();
    for (const variables of [
      { first: 8, bids: 2 },
      { first: 8, bids: 10 },
      { first: 8, bids: 2, after: encodeCursor(0) },
      { first: 8, bids: 2, after: encodeCursor(5) },
      { first: 8 }, // the default page size
    ]) {
      await bothWays(LIST, variables);
      const { alone, batched } = await bothWays(LIST, variables);
      expect(alone.result).toEqual(batched);
      const edges = (alone.result as Windowed).auctions.edges;
      expect(edges.some((e) => e.node.bids.totalCount > 0)).toBe(true);
      if (db === 'postgresql') expect(alone.sql).toHaveLength(1);
      texts.add(alone.sql.join('\n'));
    }
    // every page of bids is the same statement, its limit and offset bound (one prepared statement, whatever
    // pages clients ask for)
    if (db === 'postgresql') expect(texts.size).toBe(1);
    // no window at all: nothing is read along for it (its count still comes, as before)
    const none = await bothWays(LIST, { first: 8, bids: 0 });
    expect(none.alone.result).toEqual(none.batched);
    expect(none.alone.sql.join('\n')).not.toMatch(/json_agg/);
    // asked for twice with different pages (aliases): each reads its own, nothing along
    const twice = `query { auctions(first: 8) { edges { node { id a: bids(first: 1) { ${WINDOW} } b: bids(first: 2) { ${WINDOW} } } } } }`;
    const both = await bothWays(twice, {});
    expect(both.alone.result).toEqual(both.batched);
    expect(both.alone.sql.join('\n')).not.toMatch(/json_agg/);
    // twice with the same page: read along once
    const same = `query { auctions(first: 8) { edges { node { id a: bids(first: 2) { ${WINDOW} } b: bids(first: 2) { totalCount } } } } }`;
    const once = await bothWays(same, {});
    expect(once.alone.result).toEqual(once.batched);
    if (db === 'postgresql') expect(once.alone.sql).toHaveLength(1);
    // a page size out of range: the field's own error, unchanged
    const invalid = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${center}` },
      body: JSON.stringify({ query: LIST, variables: { first: 8, bids: -1 } }),
    });
    const answer = (await invalid.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reads one auction with its parcel and leading bid in one statement, the answers unchanged', async () => {
    const list = await server.data<{ auctions: { edges: { node: { id: string; bidCount: number } }[] } }>(
      `{ auctions(first: 8) { edges { node { id bidCount } } } }`,
      {},
      { token: center },
    );
    const withBids = list.auctions.edges.find((e) => e.node.bidCount > 0)!.node.id;
    for (const id of [withBids, list.auctions.edges[0].node.id]) {
      await bothWays(DETAIL, { id });
      const { alone, batched } = await bothWays(DETAIL, { id });
      expect(alone.result).toEqual(batched);
      if (db === 'postgresql') expect(alone.sql).toHaveLength(1);
      else expect(alone.sql.join('\n')).not.toMatch(/left join/);
    }
    // a read that asks for neither joins nothing
    const neither = await bothWays(NEITHER, { id: withBids });
    expect(neither.alone.result).toEqual(neither.batched);
    expect(neither.alone.sql.join('\n')).not.toMatch(/left join/);
  });

  it('answers null for an auction that is not there, and a page past the end, as before', async () => {
    const missing = await bothWays(DETAIL, { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.alone.result).toEqual({ auction: null });
    expect(missing.batched).toEqual({ auction: null });
    const past = await server.data<{ auctions: { totalCount: number; edges: unknown[] } }>(
      `query { auctions(first: 5, after: "${encodeCursor(99)}") { totalCount edges { node { id parcel { id } leadingBid { id } } } } }`,
      {},
      { token: center },
    );
    expect(past.auctions.edges).toEqual([]);
    expect(past.auctions.totalCount).toBeGreaterThanOrEqual(8);
  });
});
