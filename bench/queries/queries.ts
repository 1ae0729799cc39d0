/** The reads bench/queries and its profiler send, and the bodies each sends in turn. */

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
}

export const BENCH_QUERIES: (BenchQuery & { bodies(ids: BenchIds): string[] })[] = (
  [
    {
      name: 'auctionList',
      query: `query BenchAuctionList { auctions(first: 20) { totalCount edges { node { id code status currentPrice bidCount
        parcel { code district } leadingBid { sequence amount biddingNumber }
        bids(first: 5) { totalCount edges { node { sequence amount biddingNumber } } }
        result { winnerName finalPrice premiumRatePercent } } } } }`,
      variables: () => [undefined],
    },
    {
      name: 'auctionDetail',
      query: `query BenchAuctionDetail($id: ID!) { auction(id: $id) { id code title status startingPrice increment
        currentPrice bidCount parcel { id code city district }
        bids(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
      variables: (ids) => [{ id: ids.auction }],
    },
    {
      // 300 different requests (100 auctions × 3 page sizes): no kept SQL or statement flatters it
      name: 'detailVaried',
      query: `query BenchAuctionDetailVaried($id: ID!, $first: Int!) { auction(id: $id) { id code title status startingPrice
        increment currentPrice bidCount parcel { id code city district }
        bids(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence amount biddingNumber phase } } } } }`,
      variables: (ids) => ids.auctions.flatMap((id) => [5, 10, 20].map((first) => ({ id, first }))),
    },
    {
      name: 'parcels',
      query: `query BenchParcels { parcels(first: 20) { totalCount edges { node { id code city district } } } }`,
      variables: () => [undefined],
    },
    {
      // an organization's members, first 50 of its subtree, with each one's mobility status
      name: 'partyMembers',
      query: `query BenchPartyMembers($id: ID!) { organization(id: $id) { id name memberCount
        members(first: 50) { totalCount edges { node { id name status isMobile
          currentMobility { id status departedOn outflowOrganization { id name } } } } } } }`,
      variables: (ids) => [{ id: ids.partyRoot }],
      party: true,
    },
  ] as BenchQuery[]
).map((q) => ({
  ...q,
  bodies: (ids: BenchIds) => q.variables(ids).map((v) => JSON.stringify({ query: q.query, variables: v })),
}));
