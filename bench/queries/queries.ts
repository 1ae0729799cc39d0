/** The reads bench/queries and its profiler send, and the bodies each sends in turn. */

/** the clock both servers stand still at (bench/postgraphile/functions.sql holds its day as a constant: change both) */
export const BENCH_NOW = '2024-11-01T00:00:00+08:00';

export interface BenchIds {
  /** one auction (the detail reads) */
  auction: string;
  /** 100 auctions (the varied detail read) */
  auctions: string[];
  /** the organization whose subtree the party read pages */
  partyRoot?: string;
}

export interface BenchQuery {
  name: string;
  query: string;
  /** the variables of each request, taken in turn */
  variables(ids: BenchIds): (Record<string, unknown> | undefined)[];
  /** a party read: sent with an organization department's token */
  party?: boolean;
  /**
   * The same read as a PostGraphile 4 query on the same database (bench/postgraphile), aliased to the platform's
   * field names; its answer, with money formatted as the platform's Money and cursors set aside, must equal the
   * platform's (run.ts). Absent: PostGraphile is not asked this one.
   */
  postgraphile?: string;
}

export const BENCH_QUERIES: (BenchQuery & {
  bodies(ids: BenchIds): string[];
  peerBodies(ids: BenchIds): string[] | null;
})[] = (
  [
    {
      name: 'auctionList',
      query: `query BenchAuctionList { auctions(first: 20) { totalCount edges { node { id code status currentPrice bidCount
        parcel { code district } leadingBid { sequence amount biddingNumber }
        bids(first: 5) { totalCount edges { node { sequence amount biddingNumber } } }
        result { winnerName finalPrice premiumRatePercent } } } } }`,
      postgraphile: `query BenchAuctionList { auctions: listedAuctions(first: 20, orderBy: [QUOTE_END_DESC, ID_DESC]) {
        totalCount edges { node { id code status currentPrice bidCount: lastBidSequence
        parcel: landParcelByParcelId { code district } leadingBid { sequence amount biddingNumber }
        bids: bidsByAuctionId(first: 5, orderBy: SEQUENCE_ASC) { totalCount edges { node { sequence amount biddingNumber } } }
        result: publicResult { winnerName finalPrice premiumRatePercent } } } } }`,
      variables: () => [undefined],
    },
    {
      name: 'auctionDetail',
      query: `query BenchAuctionDetail($id: ID!) { auction(id: $id) { id code title status startingPrice increment
        currentPrice bidCount parcel { id code city district }
        bids(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
      postgraphile: `query BenchAuctionDetail($id: UUID!) { auction: listedAuction(id: $id) { id code title status
        startingPrice increment currentPrice bidCount: lastBidSequence parcel: landParcelByParcelId { id code city district }
        bids: bidsByAuctionId(first: 20, orderBy: SEQUENCE_ASC) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id sequence amount biddingNumber phase } } } } }`,
      variables: (ids) => [{ id: ids.auction }],
    },
    {
      // 300 different requests (100 auctions × 3 page sizes): no kept SQL or statement flatters it
      name: 'detailVaried',
      query: `query BenchAuctionDetailVaried($id: ID!, $first: Int!) { auction(id: $id) { id code title status startingPrice
        increment currentPrice bidCount parcel { id code city district }
        bids(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
      postgraphile: `query BenchAuctionDetailVaried($id: UUID!, $first: Int!) { auction: listedAuction(id: $id) { id code
        title status startingPrice increment currentPrice bidCount: lastBidSequence
        parcel: landParcelByParcelId { id code city district }
        bids: bidsByAuctionId(first: $first, orderBy: SEQUENCE_ASC) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id sequence amount biddingNumber phase } } } } }`,
      variables: (ids) => ids.auctions.flatMap((id) => [5, 10, 20].map((first) => ({ id, first }))),
    },
    {
      name: 'parcels',
      query: `query BenchParcels { parcels(first: 20) { totalCount edges { node { id code city district } } } }`,
      postgraphile: `query BenchParcels { parcels: allLandParcels(first: 20, orderBy: [CODE_ASC, ID_ASC]) { totalCount
        edges { node { id code city district } } } }`,
      variables: () => [undefined],
    },
    {
      // an organization's members, first 50 of its subtree, with each one's mobility status
      name: 'partyMembers',
      query: `query BenchPartyMembers($id: ID!) { organization(id: $id) { id name memberCount
        members(first: 50) { totalCount edges { node { id name status isMobile
          currentMobility { id status departedOn outflowOrganization { id name } } } } } } }`,
      postgraphile: `query BenchPartyMembers($id: UUID!) { organization: partyOrganizationById(id: $id) { id name
        memberCount members(first: 50, orderBy: [NAME_ASC, ID_ASC]) { totalCount edges { node { id name status isMobile
          currentMobility { id status departedOn
            outflowOrganization: partyOrganizationByOutflowOrganizationId { id name } } } } } } }`,
      variables: (ids) => [{ id: ids.partyRoot }],
      party: true,
    },
  ] as BenchQuery[]
).map((q) => ({
  ...q,
  bodies: (ids: BenchIds) => q.variables(ids).map((v) => JSON.stringify({ query: q.query, variables: v })),
  peerBodies: (ids: BenchIds) =>
    q.postgraphile
      ? q.variables(ids).map((v) => JSON.stringify({ query: q.postgraphile, variables: v }))
      : null,
}));

/** Money fields of the bench's answers: PostGraphile answers a bigint column as its digits (fen). */
const MONEY_FIELDS = new Set(['currentPrice', 'startingPrice', 'increment', 'amount', 'finalPrice']);
/** Cursors are each server's own encoding: only whether there is one is compared. */
const CURSOR_FIELDS = new Set(['cursor', 'startCursor', 'endCursor']);

/**
 * An answer in the platform's form, for comparing: fen digits → the Money format (yuan, two decimals), cursors →
 * whether present. Applied to every server's answer alike.
 */
export function comparable(value: unknown, formatFen: (fen: number) => string, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => comparable(v, formatFen));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, formatFen, k)]));
  if (CURSOR_FIELDS.has(key)) return value !== null;
  if (MONEY_FIELDS.has(key) && typeof value === 'string' && /^\d+$/.test(value))
    return formatFen(Number(value));
  return value;
}
