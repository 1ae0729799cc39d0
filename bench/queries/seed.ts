/**
 * Bulk data for the N+1 test and bench/queries: awarded-and-confirmed auctions (a terminal state, so no clock
 * transition touches them) on one parcel, each with applications, bids and a result. Written straight through
 * the ORM (inserts, no services) because the lifecycle over GraphQL takes seconds per auction.
 */
import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../../src/common/ids';
import { Application, ApplicationMember } from '../../src/land/application/application.entity';
import { ApplicationStatus } from '../../src/land/application/application.types';
import { AuctionResult } from '../../src/land/result/auction-result.entity';
import { Auction } from '../../src/land/auction/auction.entity';
import { AuctionStatus } from '../../src/land/auction/auction.types';
import { Bid } from '../../src/land/bid/bid.entity';
import { BidPhase } from '../../src/land/bid/bid.types';
import { Bidder } from '../../src/land/bidder/bidder.entity';
import { BidderKind } from '../../src/land/bidder/bidder.types';
import { LandParcel } from '../../src/land/parcel/parcel.entity';

export interface BulkLandOptions {
  auctions: number;
  bidsPerAuction: number;
  applicationsPerAuction: number;
  /** a tag that keeps codes unique when seeding twice */
  tag: string;
}

/** Returns the ids of the auctions it created. */
export async function seedBulkLand(em: EntityManager, options: BulkLandOptions): Promise<string[]> {
  const parcel = await em.findOneOrFail(LandParcel, { id: { $ne: null } } as never, {
    orderBy: { code: 'asc' },
  });
  const base = new Date('2024-06-01T02:00:00Z').getTime();
  const minute = 60_000;
  type Row = Record<string, unknown>;
  const bidders: Row[] = [];
  for (let b = 0; b < options.applicationsPerAuction; b++) {
    bidders.push({
      id: newId(),
      kind: BidderKind.LEGAL_PERSON,
      name: `批量竞买人 ${options.tag}-${b}`,
      domestic: true,
      registrationNumber: `91630000${options.tag}${String(b).padStart(4, '0')}`,
      integrityProfileComplete: true,
      createdAt: new Date(base),
    });
  }
  await em.insertMany(Bidder, bidders as never[]);
  const auctionIds: string[] = [];
  const auctions: Row[] = [];
  const applications: Row[] = [];
  const members: Row[] = [];
  const bids: Row[] = [];
  const results: Row[] = [];
  const startingPrice = 100_000_000;
  const increment = 1_000_000;
  for (let a = 0; a < options.auctions; a++) {
    const auctionId = newId();
    auctionIds.push(auctionId);
    const start = base + a * 24 * 60 * minute;
    const appIds: string[] = [];
    for (let p = 0; p < options.applicationsPerAuction; p++) {
      const applicationId = newId();
      appIds.push(applicationId);
      applications.push({
        id: applicationId,
        auction: auctionId,
        joint: false,
        status: ApplicationStatus.QUALIFIED,
        submittedAt: new Date(start + p * minute),
        depositAccountNumber: `B${options.tag}${a}-${p}`.slice(0, 32),
        depositBankName: '测试银行',
        depositAccountName: '测试保证金账户',
        depositAmountDue: 20_000_000,
        biddingNumber: `${p + 1}`.padStart(3, '0'),
        qualificationNumber: `Q-${options.tag}-${a}-${p}`,
        qualifiedAt: new Date(start + (p + 1) * minute),
      });
      members.push({
        id: newId(),
        application: applicationId,
        bidder: bidders[p].id,
        sharePercent: '100',
        lead: true,
        position: 0,
      });
    }
    let leadingBidId: string | null = null;
    let leadingApp: string | null = null;
    let price: number | null = null;
    for (let s = 1; s <= options.bidsPerAuction; s++) {
      const p = (s - 1) % options.applicationsPerAuction;
      const id = newId();
      price = startingPrice + (s - 1) * increment;
      leadingBidId = id;
      leadingApp = appIds[p];
      bids.push({
        id,
        auction: auctionId,
        application: appIds[p],
        bidder: bidders[p].id,
        sequence: s,
        amount: price,
        phase: BidPhase.QUOTING,
        placedAt: new Date(start + 10 * 24 * 60 * minute + s * minute),
        biddingNumber: `${p + 1}`.padStart(3, '0'),
        idempotencyKey: `bulk-${auctionId}-${s}`,
      });
    }
    const awarded = leadingBidId !== null;
    const at = (days: number) => new Date(start + days * 24 * 60 * minute);
    auctions.push({
      id: auctionId,
      code: `BULK-${options.tag}-${String(a).padStart(4, '0')}`,
      title: `批量挂牌 ${a}`,
      parcel: parcel.id,
      seller: { name: '出让方', address: null, contacts: [{ name: '朱女士', phone: '0971-6146324' }] },
      tradingCenter: {
        name: '交易中心',
        address: null,
        contacts: [{ name: '李先生', phone: '0971-0000000' }],
      },
      startingPrice,
      increment,
      deposit: 20_000_000,
      reservePrice: null,
      announcementStart: at(0),
      announcementEnd: at(20),
      applicationStart: at(0),
      applicationEnd: at(29),
      depositDeadline: at(29),
      quoteStart: at(20),
      quoteEnd: at(30),
      timedBiddingRoundSeconds: 240,
      jointApplicationAllowed: false,
      documentUploadDays: 5,
      status: awarded ? AuctionStatus.CONFIRMED : AuctionStatus.FAILED,
      phaseEndsAt: null,
      currentPrice: price,
      leadingBidId,
      leadingApplicationId: leadingApp,
      lastBidSequence: options.bidsPerAuction,
      lastEventSequence: 0,
      version: 1,
      createdAt: at(0),
    });
    if (awarded) {
      results.push({
        id: newId(),
        auction: auctionId,
        winnerApplication: leadingApp,
        winnerBiddingNumber: '001',
        winnerName: bidders[(options.bidsPerAuction - 1) % options.applicationsPerAuction].name,
        finalPrice: price,
        awardedAt: at(30),
        documentsDueAt: at(35),
        transactionNoticeNumber: `N-${options.tag}-${a}`,
        confirmationSignedAt: at(33),
      });
    }
  }
  await em.insertMany(Auction, auctions as never[]);
  await em.insertMany(Application, applications as never[]);
  await em.insertMany(ApplicationMember, members as never[]);
  for (let i = 0; i < bids.length; i += 500) await em.insertMany(Bid, bids.slice(i, i + 500) as never[]);
  if (results.length) await em.insertMany(AuctionResult, results as never[]);
  return auctionIds;
}
