/** Building blocks for land suites: auctions on a schedule relative to the test clock, bidders, deposits, bids. */
import { randomBytes } from 'node:crypto';
import { Role } from '../../src/common/viewer';
import type { TestServer, GraphQLResponse } from './server';
import {
  ApplicationDocument,
  ApplyDocument,
  AuctionDocument,
  CreateAuctionDocument,
  DepositArrivalDocument,
  ParcelsDocument,
  PlaceBidDocument,
  PublishAuctionDocument,
  RegisterBidderDocument,
  type ApplicationMemberInput,
  type CreateAuctionInput,
  type PlaceBidMutation,
  type RegisterBidderInput,
} from '../operations/generated';

/** tokens outlive the suites' clock jumps (days) */
const TOKEN_TTL = 90 * 24 * 3600;

export interface TestBidder {
  id: string;
  name: string;
  token: string;
  /** the 基本户 it registered with: deposits are accepted only from it (kept with the bidder, so a Land of a
   * restarted server still pays from the right account) */
  basicAccount?: { bankName: string; accountName: string; accountNumber: string };
}

export interface ScheduleSeconds {
  announcementEnd: number;
  applicationEnd: number;
  depositDeadline: number;
  quoteStart: number;
  quoteEnd: number;
}

/** announcement and applications open now; quoting 10–30 minutes from now; deposits by 15 minutes. */
export const DEFAULT_TIMES: ScheduleSeconds = {
  announcementEnd: 600,
  applicationEnd: 1200,
  depositDeadline: 900,
  quoteStart: 600,
  quoteEnd: 1800,
};

export class Land {
  readonly center: string;
  readonly bank: string;
  readonly bureau: string;
  private parcel?: string;
  /** each test bidder's 基本户, and the basic account that pays into each deposit account */
  private readonly basicAccounts = new Map<string, { accountName: string; accountNumber: string }>();
  private readonly payers = new Map<string, { accountName: string; accountNumber: string }>();

  constructor(readonly server: TestServer) {
    this.center = server.token({ roles: [Role.TRADING_CENTER] }, TOKEN_TTL);
    this.bank = server.token({ roles: [Role.BANK] }, TOKEN_TTL);
    this.bureau = server.token({ roles: [Role.LAND_BUREAU] }, TOKEN_TTL);
  }

  /** seconds from the clock's now, as an ISO string */
  at(seconds: number, from: Date = this.server.clock.now()): string {
    return new Date(from.getTime() + seconds * 1000).toISOString();
  }

  async parcelId(): Promise<string> {
    if (!this.parcel) {
      const data = await this.server.data(ParcelsDocument, { filter: { codeContains: '2024C-5' } });
      this.parcel = data.parcels.edges[0].node.id;
    }
    return this.parcel;
  }

  async auctionInput(
    overrides: Partial<CreateAuctionInput> = {},
    times = DEFAULT_TIMES,
  ): Promise<CreateAuctionInput> {
    const now = this.server.clock.now();
    return {
      code: `T-${randomBytes(4).toString('hex')}`,
      title: '测试挂牌',
      parcelId: overrides.parcelId ?? (await this.parcelId()),
      seller: { name: '出让方', contacts: [{ name: '朱女士', phone: '0971-6146324' }] },
      tradingCenter: { name: '交易中心', address: '四楼' },
      startingPrice: '100.00',
      increment: '5.00',
      deposit: '20.00',
      timedBiddingRoundSeconds: 60,
      jointApplicationAllowed: true,
      documentUploadDays: 5,
      schedule: {
        announcementStart: this.at(0, now),
        announcementEnd: this.at(times.announcementEnd, now),
        applicationStart: this.at(0, now),
        applicationEnd: this.at(times.applicationEnd, now),
        depositDeadline: this.at(times.depositDeadline, now),
        quoteStart: this.at(times.quoteStart, now),
        quoteEnd: this.at(times.quoteEnd, now),
      },
      ...overrides,
    };
  }

  /** A published auction; returns its id. */
  async auction(overrides: Partial<CreateAuctionInput> = {}, times = DEFAULT_TIMES): Promise<string> {
    const created = await this.server.data(
      CreateAuctionDocument,
      { input: await this.auctionInput(overrides, times) },
      { token: this.center },
    );
    await this.server.data(PublishAuctionDocument, { id: created.createAuction.id }, { token: this.center });
    return created.createAuction.id;
  }

  async bidder(
    name: string,
    registrationNumber = `9163${randomBytes(7).toString('hex').toUpperCase()}`,
    extra: Partial<RegisterBidderInput> = {},
  ): Promise<TestBidder> {
    const basicAccount = {
      bankName: '测试银行西宁分行',
      accountName: name,
      accountNumber: `6222${randomBytes(6).readUIntBE(0, 6)}`,
    };
    const data = await this.server.data(
      RegisterBidderDocument,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name,
          domestic: true,
          registrationNumber,
          integrityProfileComplete: true,
          basicAccount,
          ...extra,
        },
      },
      { token: this.center },
    );
    const id = data.registerBidder.id;
    this.basicAccounts.set(id, basicAccount);
    return {
      id,
      name,
      token: this.server.token({ roles: [Role.BIDDER], bidderId: id, sub: `bidder:${id}` }, TOKEN_TTL),
      basicAccount,
    };
  }

  async apply(bidder: TestBidder, auctionId: string, members?: ApplicationMemberInput[]) {
    const response = await this.server.request(
      ApplyDocument,
      { input: { auctionId, members } },
      { token: bidder.token },
    );
    const payer = bidder.basicAccount ?? this.basicAccounts.get(bidder.id);
    if (response.data && payer)
      this.payers.set(response.data.applyForAuction.depositAccount.accountNumber, payer);
    return response;
  }

  pay(
    accountNumber: string,
    amount: string,
    options: { arrivedAt?: string; tx?: string; payer?: string; payerAccountNumber?: string } = {},
  ) {
    // by default the lead's basic account pays, as the notice requires
    const basic = this.payers.get(accountNumber);
    return this.server.request(
      DepositArrivalDocument,
      {
        input: {
          accountNumber,
          amount,
          arrivedAt: options.arrivedAt ?? this.server.clock.now().toISOString(),
          bankTransactionId: options.tx ?? `TX-${randomBytes(6).toString('hex')}`,
          payerAccountName: options.payer ?? basic?.accountName ?? 'payer',
          payerAccountNumber: options.payerAccountNumber ?? basic?.accountNumber,
        },
      },
      { token: this.bank },
    );
  }

  /** apply alone and pay the full deposit now: a QUALIFIED application */
  async qualify(
    bidder: TestBidder,
    auctionId: string,
    deposit = '20.00',
  ): Promise<{ applicationId: string; biddingNumber: string }> {
    const applied = await this.apply(bidder, auctionId);
    if (!applied.data) throw new Error(JSON.stringify(applied.errors));
    const paid = await this.pay(applied.data.applyForAuction.depositAccount.accountNumber, deposit);
    if (!paid.data?.recordDepositArrival.accepted) throw new Error(JSON.stringify(paid));
    const application = await this.server.data(
      ApplicationDocument,
      { id: applied.data.applyForAuction.id },
      { token: bidder.token },
    );
    return {
      applicationId: applied.data.applyForAuction.id,
      biddingNumber: application.application?.qualification?.biddingNumber ?? '',
    };
  }

  bid(bidder: TestBidder, auctionId: string, amount: string, key = randomBytes(8).toString('hex')) {
    return this.server.request(
      PlaceBidDocument,
      { input: { auctionId, amount, idempotencyKey: key } },
      { token: bidder.token },
    );
  }

  async placed(bidder: TestBidder, auctionId: string, amount: string): Promise<PlaceBidMutation['placeBid']> {
    const response = await this.bid(bidder, auctionId, amount);
    if (!response.data) throw new Error(`bid ${amount} refused: ${JSON.stringify(response.errors)}`);
    return response.data.placeBid;
  }

  async view(auctionId: string, token?: string) {
    const data = await this.server.data(AuctionDocument, { id: auctionId }, { token });
    if (!data.auction) throw new Error('auction not visible');
    return data.auction;
  }
}

/** the first error's code and extensions */
/** the first error's extensions, without the request id every error carries (X-Request-Id) */
export const errorOf = (response: GraphQLResponse<unknown>): Record<string, unknown> => {
  const { requestId: _requestId, ...extensions } = response.errors?.[0]?.extensions ?? {};
  return extensions;
};
