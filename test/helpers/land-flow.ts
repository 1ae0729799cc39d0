/**
 * An auction taken to quoting with two qualified bidders, for the live suites: the set-up goes through the
 * land suites' helper (test/helpers/land.ts), the live documents below are the contract's own
 * (test/unit/live-page.test.ts checks them against ../shared/contract/schema.graphql).
 */
import { ManualClock } from '../../src/common/clock';
import { DEFAULT_TIMES, Land } from './land';
import type { TestServer } from './server';

export const CREATE_PARCEL = `mutation LiveCreateParcel($input: CreateParcelInput!) { createParcel(input: $input) { id } }`;
export const CREATE_AUCTION = `mutation LiveCreateAuction($input: CreateAuctionInput!) { createAuction(input: $input) { id code } }`;
export const PUBLISH_AUCTION = `mutation LivePublish($id: ID!) { publishAuction(id: $id) { id status } }`;
export const REGISTER_BIDDER = `mutation LiveRegisterBidder($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`;
export const APPLY = `mutation LiveApply($input: ApplyInput!) {
  applyForAuction(input: $input) { id depositAccount { accountNumber amountDue } }
}`;
export const DEPOSIT = `mutation LiveDeposit($input: DepositArrivalInput!) { recordDepositArrival(input: $input) { id accepted } }`;
export const APPLICATION = `query LiveApplication($id: ID!) { application(id: $id) { status qualification { biddingNumber } } }`;
export const AUCTION_STATUS = `query LiveAuctionStatus($code: String!) {
  auctionByCode(code: $code) { id status phaseEndsAt nextMinimumBid bidCount }
}`;
export const PLACE_BID = `mutation LivePlaceBid($input: PlaceBidInput!) { placeBid(input: $input) { sequence amount biddingNumber } }`;

export const AUCTION_EVENTS = `subscription LiveAuctionEvents($auctionId: ID!, $afterSequence: Int) {
  auctionEvents(auctionId: $auctionId, afterSequence: $afterSequence) {
    sequence type status currentPrice bid { sequence amount biddingNumber }
  }
}`;
export const BID_PLACED = `subscription LiveBidPlaced($auctionId: ID!) {
  bidPlaced(auctionId: $auctionId) { sequence amount biddingNumber phase }
}`;
export const EVENT_LOG = `query LiveEventLog($code: String!, $afterSequence: Int) {
  auctionByCode(code: $code) { events(afterSequence: $afterSequence, first: 100) { sequence } }
}`;

export const LAND_FLOW_DOCUMENTS = [
  AUCTION_EVENTS,
  BID_PLACED,
  EVENT_LOG,
  CREATE_PARCEL,
  CREATE_AUCTION,
  PUBLISH_AUCTION,
  REGISTER_BIDDER,
  APPLY,
  DEPOSIT,
  APPLICATION,
  AUCTION_STATUS,
  PLACE_BID,
];

/** A ladder far from the defaults of test/helpers/land.ts, as in the 2024C-5 notice (yuan). */
export const LIVE_PRICES = {
  startingPrice: '754180000.00',
  increment: '12000000.00',
  deposit: '150840000.00',
};

export interface QuotingAuction {
  auctionId: string;
  code: string;
  bidders: { token: string; biddingNumber: string }[];
}

/**
 * Creates and publishes an auction on the seeded parcel 2024C-5 (the server must be seeded), qualifies two
 * bidders with their full deposits, then moves the ManualClock into quoting (test/helpers/land.ts's
 * DEFAULT_TIMES: quoting 10 to 30 minutes from the clock's now) and reads until the auction says QUOTING.
 */
export async function auctionInQuoting(
  server: TestServer,
  code: string,
  timedBiddingRoundSeconds = 240,
): Promise<QuotingAuction> {
  const clock = server.clock as ManualClock;
  const land = new Land(server);
  const start = clock.now();
  const auctionId = await land.auction({ code, ...LIVE_PRICES, timedBiddingRoundSeconds });
  const bidders: QuotingAuction['bidders'] = [];
  for (const name of ['青海测试置业有限公司', '西宁测试建设集团有限公司']) {
    const bidder = await land.bidder(name);
    const { biddingNumber } = await land.qualify(bidder, auctionId, LIVE_PRICES.deposit);
    bidders.push({ token: bidder.token, biddingNumber });
  }
  clock.set(new Date(start.getTime() + (DEFAULT_TIMES.quoteStart + 60) * 1000));
  const state = await server.data<{ auctionByCode: { status: string } }>(AUCTION_STATUS, { code });
  if (state.auctionByCode.status !== 'QUOTING') {
    throw new Error(`auction ${code} did not open for quoting: ${state.auctionByCode.status}`);
  }
  return { auctionId, code, bidders };
}

let keys = 0;
export const placeBid = (server: TestServer, token: string, auctionId: string, amount: string) =>
  server.data<{ placeBid: { sequence: number; amount: string; biddingNumber: string } }>(
    PLACE_BID,
    { input: { auctionId, amount, idempotencyKey: `live-${Date.now()}-${++keys}` } },
    { token },
  );

/** The sequences of the auction's whole stored log, read a page (100, the most) at a time. */
export async function storedSequences(server: TestServer, code: string): Promise<number[]> {
  const all: number[] = [];
  for (;;) {
    const page = await server.data<{ auctionByCode: { events: { sequence: number }[] } }>(EVENT_LOG, {
      code,
      afterSequence: all.at(-1) ?? 0,
    });
    all.push(...page.auctionByCode.events.map((e) => e.sequence));
    if (page.auctionByCode.events.length < 100) return all;
  }
}

/**
 * Takes an auction from quoting (bids from both applications) to AWARDED: the clock passes quoteEnd (timed
 * bidding starts), then a whole round passes without a bid.
 */
export async function award(server: TestServer, auctionId: string): Promise<void> {
  const clock = server.clock as ManualClock;
  const land = new Land(server);
  clock.set(new Date(clock.now().getTime() + DEFAULT_TIMES.quoteEnd * 1000));
  await land.view(auctionId);
  clock.set(new Date(clock.now().getTime() + 3600 * 1000));
  const status = (await land.view(auctionId)).status;
  if (status !== 'AWARDED') throw new Error(`auction ${auctionId} was not awarded: ${status}`);
}
