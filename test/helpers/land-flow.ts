/**
 * An auction taken to quoting with two qualified bidders, through the contract's own operations only
 * (../shared/contract/schema.graphql), for the live suites that need the land domain. Written before the
 * land domain reached this branch: the documents are checked against the contract by
 * test/unit/live-land-documents.test.ts, the flow runs once the domain is merged.
 */
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
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
export const EVENT_LOG = `query LiveEventLog($code: String!) {
  auctionByCode(code: $code) { events(afterSequence: 0, first: 1000) { sequence } }
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

/** Times of the test auction (Asia/Shanghai), in the order the clock visits them. */
export const LIVE_SCHEDULE = {
  announcementStart: '2024-11-01T09:00:00+08:00',
  applicationStart: '2024-11-01T09:00:00+08:00',
  announcementEnd: '2024-11-05T17:00:00+08:00',
  quoteStart: '2024-11-06T09:00:00+08:00',
  depositDeadline: '2024-11-08T16:00:00+08:00',
  applicationEnd: '2024-11-08T17:00:00+08:00',
  quoteEnd: '2024-11-10T14:30:00+08:00',
};
export const APPLYING_AT = '2024-11-02T10:00:00+08:00';
export const QUOTING_AT = '2024-11-07T10:00:00+08:00';

export interface QuotingAuction {
  auctionId: string;
  code: string;
  bidders: { token: string; biddingNumber: string }[];
}

/** Creates, publishes and qualifies two bidders, then moves the (manual) clock into quoting. */
export async function auctionInQuoting(
  server: TestServer,
  code: string,
  timedBiddingRoundSeconds = 240,
): Promise<QuotingAuction> {
  const clock = server.clock as ManualClock;
  clock.set(APPLYING_AT);
  // the clock moves days between applying and quoting: tokens outlive it
  const ttl = 30 * 24 * 3600;
  const center = server.token({ roles: [Role.TRADING_CENTER] }, ttl);
  const bank = server.token({ roles: [Role.BANK] }, ttl);
  const parcel = await server.data<{ createParcel: { id: string } }>(
    CREATE_PARCEL,
    {
      input: {
        code,
        city: '西宁市',
        district: '城东区',
        location: '城东区夏都大街以北（测试）',
        areaSqm: '86788.68',
        landUses: ['RESIDENTIAL', 'COMMERCIAL'],
        planning: { floorAreaRatioMin: '1.0', floorAreaRatioMax: '2.3' },
        leaseTerms: [
          { landUse: 'RESIDENTIAL', years: 70 },
          { landUse: 'COMMERCIAL', years: 40 },
        ],
      },
    },
    { token: center },
  );
  const auction = await server.data<{ createAuction: { id: string } }>(
    CREATE_AUCTION,
    {
      input: {
        code,
        title: `${code} 号宗地国有建设用地使用权（测试）`,
        parcelId: parcel.createParcel.id,
        seller: { name: '西宁市自然资源和规划局' },
        tradingCenter: { name: '西宁市公共资源交易中心' },
        startingPrice: '754180000.00',
        increment: '12000000.00',
        deposit: '150840000.00',
        schedule: {
          announcementStart: LIVE_SCHEDULE.announcementStart,
          announcementEnd: LIVE_SCHEDULE.announcementEnd,
          applicationStart: LIVE_SCHEDULE.applicationStart,
          applicationEnd: LIVE_SCHEDULE.applicationEnd,
          depositDeadline: LIVE_SCHEDULE.depositDeadline,
          quoteStart: LIVE_SCHEDULE.quoteStart,
          quoteEnd: LIVE_SCHEDULE.quoteEnd,
        },
        timedBiddingRoundSeconds,
      },
    },
    { token: center },
  );
  const auctionId = auction.createAuction.id;
  await server.data(PUBLISH_AUCTION, { id: auctionId }, { token: center });

  const bidders: QuotingAuction['bidders'] = [];
  for (const [i, name] of ['青海测试置业有限公司', '西宁测试建设集团有限公司'].entries()) {
    const bidder = await server.data<{ registerBidder: { id: string } }>(
      REGISTER_BIDDER,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name,
          domestic: true,
          registrationNumber: `91630100MA7${code.replace(/\W/g, '').slice(-3).padStart(3, '0')}00${i}X`,
          integrityProfileComplete: true,
        },
      },
      { token: center },
    );
    const token = server.token({ roles: [Role.BIDDER], bidderId: bidder.registerBidder.id }, ttl);
    const application = await server.data<{
      applyForAuction: { id: string; depositAccount: { accountNumber: string; amountDue: string } };
    }>(APPLY, { input: { auctionId } }, { token });
    const { accountNumber, amountDue } = application.applyForAuction.depositAccount;
    await server.data(
      DEPOSIT,
      {
        input: {
          accountNumber,
          amount: amountDue,
          arrivedAt: APPLYING_AT,
          bankTransactionId: `live-${code}-${i}`,
          payerAccountName: name,
        },
      },
      { token: bank },
    );
    const qualified = await server.data<{ application: { qualification: { biddingNumber: string } } }>(
      APPLICATION,
      { id: application.applyForAuction.id },
      { token },
    );
    bidders.push({ token, biddingNumber: qualified.application.qualification.biddingNumber });
  }

  clock.set(QUOTING_AT);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await server.data<{ auctionByCode: { status: string } }>(AUCTION_STATUS, { code });
    if (state.auctionByCode.status === 'QUOTING') break;
    if (Date.now() > deadline)
      throw new Error(`auction ${code} did not open for quoting: ${state.auctionByCode.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
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
